import type { RuntimeConfig } from '../config/types.ts';
import { getHeaderValues } from '../middlewares/http-headers.ts';
import type { RouteExpectation, RouteTest } from './route-tests.ts';
import { trace } from './trace.ts';
import type { TraceOutcome } from './types.ts';

/** The verdict on one route test. */
export interface RouteTestResult {
  test: RouteTest;
  pass: boolean;
  /** One line per expectation that did not hold: what was expected and what happened. */
  failures: string[];
  outcome: TraceOutcome;
}

/** The verdicts on a set of route tests and the routers none of them reached. */
export interface RouteTestReport {
  results: RouteTestResult[];
  passed: number;
  failed: number;
  /** Routers (enabled, on any entrypoint) that no test's request was routed to, sorted. */
  unreachedRouters: string[];
  reachedRouters: string[];
}

/** `*` and `…` (or `...`) stand for any run of characters; everything else is literal. */
export function wildcardMatch(pattern: string, value: string): boolean {
  if (!/\*|…|\.\.\./.test(pattern)) return pattern === value;
  const re = pattern
    .split(/\*|…|\.\.\./)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${re}$`).test(value);
}

function headerValue(
  headers: Record<string, string | string[]> | undefined,
  name: string,
): string | undefined {
  const values = headers ? getHeaderValues(headers, name) : [];
  return values.length ? values.join(', ') : undefined;
}

/** The expectations of `expect` that `outcome` does not meet, each as a readable line. */
export function checkExpectation(expect: RouteExpectation, outcome: TraceOutcome): string[] {
  const failures: string[] = [];
  const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));
  const exact = (key: string, want: unknown, got: unknown) => {
    if (want !== undefined && want !== got) failures.push(`${key}: expected ${show(want)}, got ${show(got)}`);
  };
  const pattern = (key: string, want: string | undefined, got: string | undefined) => {
    if (want !== undefined && (got === undefined || !wildcardMatch(want, got)))
      failures.push(`${key}: expected ${show(want)}, got ${show(got)}`);
  };
  exact('status', expect.status, outcome.status);
  pattern('ingressRoute', expect.ingressRoute, outcome.source);
  pattern('router', expect.router, outcome.router);
  pattern('service', expect.service, outcome.service);
  exact('upstreamUrl', expect.upstreamUrl, outcome.upstreamUrl);
  exact('redirect', expect.redirect, outcome.redirect);
  for (const [key, headers] of [
    ['upstreamHeaders', outcome.upstreamHeaders],
    ['responseHeaders', outcome.responseHeaders],
  ] as const) {
    for (const [name, want] of Object.entries(expect[key] ?? {})) {
      const got = headerValue(headers, name);
      if (got !== want) failures.push(`${key}.${name}: expected ${show(want)}, got ${show(got)}`);
    }
  }
  if (expect.mirrors) {
    const got = [...(outcome.mirrors ?? [])].sort();
    const want = [...expect.mirrors].sort();
    if (got.join('\n') !== want.join('\n'))
      failures.push(`mirrors: expected ${show(want)}, got ${show(got)}`);
  }
  return failures;
}

/**
 * Traces every test's request and checks its expectations; also reports router coverage.
 *
 * @example
 * const report = runRouteTests(config, parseRouteTests(text, 'routes.yaml').tests);
 * const exitCode = report.failed > 0 ? 1 : 0;
 */
export function runRouteTests(config: RuntimeConfig, tests: readonly RouteTest[]): RouteTestReport {
  const results: RouteTestResult[] = [];
  const reached = new Set<string>();
  for (const test of tests) {
    const { outcome } = trace(config, test.request, { seed: test.seed });
    if (outcome.router) reached.add(outcome.router);
    const failures = checkExpectation(test.expect, outcome);
    results.push({ test, pass: failures.length === 0, failures, outcome });
  }
  const routers = Object.entries(config.http.routers)
    .filter(([, r]) => r.status !== 'disabled')
    .map(([name]) => name)
    .sort();
  const passed = results.filter((r) => r.pass).length;
  return {
    results,
    passed,
    failed: results.length - passed,
    reachedRouters: routers.filter((r) => reached.has(r)),
    unreachedRouters: routers.filter((r) => !reached.has(r)),
  };
}
