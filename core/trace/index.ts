// Public surface of this area; core/index.ts re-exports it.

export { applyForwardedHeaders, chooseEntryPoint, type EntryPointChoice } from './entrypoint.ts';
export { mulberry32 } from './prng.ts';
export { stickyCookieName, stickyCookieValue } from './sticky.ts';
export { TRACE_SERVER_NAME, trace } from './trace.ts';
export type {
  ClosestMiss,
  FailedClause,
  RequestChange,
  RequestSnapshot,
  TraceOptions,
  TraceOutcome,
  TraceResult,
  TraceStep,
} from './types.ts';
export { type UpstreamRequest, upstreamRequest } from './upstream.ts';
export { buildSampleRequests, impact, type ImpactEntry, type SampleRequest } from './impact.ts';
export { parseRouteTests, remoteAddrOf, type RouteExpectation, type RouteTest } from './route-tests.ts';
export {
  checkExpectation,
  runRouteTests,
  wildcardMatch,
  type RouteTestReport,
  type RouteTestResult,
} from './run-route-tests.ts';
