import type { RuntimeConfig } from '../config/types.ts';
import type { HttpRequest } from '../request.ts';
import type { RuleNode } from '../rules/index.ts';
import { parseRule } from '../rules/index.ts';
import { type RouteTest, remoteAddrOf } from './route-tests.ts';
import { trace } from './trace.ts';
import type { TraceOutcome } from './types.ts';

/** A request to compare, with the seed its weighted choices use. */
export interface SampleRequest {
  request: HttpRequest;
  seed?: number;
  /** Where the sample came from: the router whose rule it was derived from, or a route test's name. */
  origin?: string;
}

interface RuleValues {
  hosts: string[];
  paths: string[];
  methods: string[];
  headers: Record<string, string>;
  query: string[];
  clientIp?: string;
}

function collect(node: RuleNode, negated: boolean, out: RuleValues): void {
  if (node.kind === 'not') {
    collect(node.operand, !negated, out);
    return;
  }
  if (node.kind !== 'matcher') {
    collect(node.left, negated, out);
    collect(node.right, negated, out);
    return;
  }
  if (negated) return;
  const values = node.args.map((a) => a.value);
  if (node.name === 'Host') out.hosts.push(...values.map((h) => h.toLowerCase()));
  else if (node.name === 'Path' || node.name === 'PathPrefix') out.paths.push(...values);
  else if (node.name === 'Method') out.methods.push(...values.map((m) => m.toUpperCase()));
  else if (node.name === 'Header' && values.length === 2)
    out.headers[values[0] as string] = values[1] as string;
  else if (node.name === 'Query') {
    const [k = '', v] = values;
    out.query.push(
      v === undefined ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`,
    );
  } else if (node.name === 'ClientIP' && !out.clientIp) out.clientIp = values[0]?.split('/')[0];
}

/**
 * One request per host and path the routers' rules name (`Host` × `Path`/`PathPrefix`, negations ignored), with the
 * method, headers, query and client IP the same rule asks for, on the router's first entrypoint and with https for
 * TLS routers; deduplicated and sorted for stable output.
 */
export function buildSampleRequests(config: RuntimeConfig): SampleRequest[] {
  const seen = new Map<string, SampleRequest>();
  for (const [name, router] of Object.entries(config.http.routers)) {
    let ast: RuleNode;
    try {
      ast = parseRule(router.rule);
    } catch {
      continue;
    }
    const v: RuleValues = { hosts: [], paths: [], methods: [], headers: {}, query: [] };
    collect(ast, false, v);
    const scheme = router.tls ? 'https' : 'http';
    const entryPoint = router.entryPoints?.[0];
    for (const host of v.hosts.length ? v.hosts : ['localhost']) {
      for (const path of v.paths.length ? v.paths : ['/']) {
        const method = v.methods[0] ?? 'GET';
        const query = v.query.length ? `?${v.query.join('&')}` : '';
        const url = `${scheme}://${host}${path.startsWith('/') ? path : `/${path}`}${query}`;
        const remoteAddr = v.clientIp ? remoteAddrOf(v.clientIp) : '10.0.0.1:54321';
        const key = `${method} ${url} ${entryPoint ?? ''} ${JSON.stringify(v.headers)} ${remoteAddr}`;
        if (seen.has(key)) continue;
        const request: HttpRequest = { method, url, headers: { ...v.headers }, remoteAddr };
        if (entryPoint) request.entryPoint = entryPoint;
        seen.set(key, { request, origin: name });
      }
    }
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

/** What changed for one request between two configurations. */
export interface ImpactEntry {
  request: HttpRequest;
  origin?: string;
  /** The aspects that differ. */
  changes: ('router' | 'service' | 'status' | 'upstream')[];
  before: TraceOutcome;
  after: TraceOutcome;
}

/**
 * Traces each request on both configurations (same seed) and returns those whose router, service, status or
 * upstream URL changed, for dry-runs and diffs.
 *
 * @example
 * impact(before, after, buildSampleRequests(after)).map((e) => `${e.request.url}: ${e.changes.join(', ')}`);
 */
export function impact(
  configBefore: RuntimeConfig,
  configAfter: RuntimeConfig,
  requests: readonly (SampleRequest | HttpRequest)[],
): ImpactEntry[] {
  const out: ImpactEntry[] = [];
  for (const item of requests) {
    const sample: SampleRequest = 'request' in item ? item : { request: item };
    const before = trace(configBefore, sample.request, { seed: sample.seed }).outcome;
    const after = trace(configAfter, sample.request, { seed: sample.seed }).outcome;
    const changes: ImpactEntry['changes'] = [];
    if (before.router !== after.router) changes.push('router');
    if (before.service !== after.service) changes.push('service');
    if (before.status !== after.status) changes.push('status');
    if (before.upstreamUrl !== after.upstreamUrl || before.redirect !== after.redirect)
      changes.push('upstream');
    if (changes.length) out.push({ request: sample.request, origin: sample.origin, changes, before, after });
  }
  return out;
}

/** Route tests as samples for {@link impact}: their requests with their seeds, named after the tests. */
export function sampleRequestsFromTests(tests: readonly RouteTest[]): SampleRequest[] {
  return tests.map((t) => ({ request: t.request, seed: t.seed, origin: t.name }));
}
