// Public surface of this area; core/index.ts re-exports it.

export { chooseEntryPoint, type EntryPointChoice } from './entrypoint.ts';
export { applyForwardedHeaders, isManagedXHeader, trustsForwardedHeaders } from './forwarded-headers.ts';
export { buildSampleRequests, type ImpactEntry, impact, type SampleRequest } from './impact.ts';
export { mulberry32 } from './prng.ts';
export { parseRouteTests, type RouteExpectation, type RouteTest, remoteAddrOf } from './route-tests.ts';
export {
  checkExpectation,
  type RouteTestReport,
  type RouteTestResult,
  runRouteTests,
  wildcardMatch,
} from './run-route-tests.ts';
export { stickyCookieName, stickyCookieValue } from './sticky.ts';
export { SmoothWeightedRoundRobin, swrrPickAt } from './swrr.ts';
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
