import type { RuntimeConfig } from '../config/types.ts';
import { statusInRanges } from '../middlewares/calls.ts';
import { expandMiddlewares, providerOf, qualifyName } from '../middlewares/chain.ts';
import { applyHeaderOps, changedHeaderNames, getHeader } from '../middlewares/http-headers.ts';
import type { HeaderOp, MiddlewareEnv, ServiceCall } from '../middlewares/types.ts';
import { joinUrl, splitUrl } from '../middlewares/url.ts';
import type { HttpRequest, HttpResponse } from '../request.ts';
import { addressPort, applyForwardedHeaders, chooseEntryPoint } from './entrypoint.ts';
import { applyMiddleware } from '../middlewares/registry.ts';
import {
  compiledMiddleware,
  entryPointTable,
  prepare,
  routerMiddlewareNames,
  type TraceRouter,
} from './prepare.ts';
import { mulberry32 } from './prng.ts';
import { routeRequest } from './routing.ts';
import { walkService } from './services.ts';
import type {
  RequestChange,
  RequestSnapshot,
  TraceOptions,
  TraceOutcome,
  TraceResult,
  TraceStep,
} from './types.ts';
import { upstreamRequest } from './upstream.ts';

/** The `X-Forwarded-Server` value the simulated proxy sets (Traefik uses its hostname). */
export const TRACE_SERVER_NAME = 'routeyard';

const snapshot = (r: HttpRequest): RequestSnapshot => ({ method: r.method, url: r.url, headers: r.headers });

function change(a: HttpRequest, b: HttpRequest): RequestChange {
  const c: RequestChange = { headers: changedHeaderNames(a.headers, b.headers) };
  if (a.method !== b.method) c.method = { from: a.method, to: b.method };
  if (a.url !== b.url) c.url = { from: a.url, to: b.url };
  return c;
}

/** Adds the path `/` to a URL that has none, as every HTTP request line does. */
function normalise(req: HttpRequest): HttpRequest {
  const parts = splitUrl(req.url);
  if (parts?.path !== '') return req;
  return { ...req, url: joinUrl({ ...parts, path: '/' }) };
}

function sourceOf(router: TraceRouter): string | undefined {
  const s = router.router.source;
  if (!s) return undefined;
  return s.namespace ? `${s.namespace}/${s.name}` : s.name;
}

/**
 * Simulates `request` through `config` as Traefik v3 would serve it, step by step: entrypoint, routers in
 * priority order, middlewares, service tree, upstream request. Deterministic for `options.seed`. Compiled rules
 * and middlewares are cached per config object, so repeated traces on one config are cheap.
 *
 * @example
 * const { outcome } = trace(config, { method: 'GET', url: 'https://shop.example.com/api/cart', headers: {} });
 * outcome.status; // 200 when forwarded
 */
export function trace(config: RuntimeConfig, request: HttpRequest, options: TraceOptions = {}): TraceResult {
  const steps: TraceStep[] = [];
  const random = mulberry32(options.seed ?? 0);
  const env: MiddlewareEnv = { now: options.now ?? 0, random };
  const original = normalise(request);
  const ep = chooseEntryPoint(config, original, options.entryPoint);
  const tls = splitUrl(original.url)?.scheme === 'https';
  let req = ep.name ? applyForwardedHeaders(original, TRACE_SERVER_NAME) : original;
  steps.push({
    kind: 'entrypoint',
    name: ep.name,
    address: ep.address,
    chosenBy: ep.chosenBy,
    tls,
    request: snapshot(req),
    changed: change(original, req),
    note: ep.note,
  });
  if (!ep.name) return finish(steps, { status: 404 }, 'entrypoint');

  const redirect = entryPointRedirect(config, ep.name, req);
  if (redirect) return redirect(steps, { status: 0, entryPoint: ep.name });

  const p = prepare(config);
  const router = routeRequest(entryPointTable(p, ep.name, tls), req, steps, options.maxRoutersListed ?? 50);
  if (!router) {
    const response = {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      body: '404 page not found\n',
    };
    steps.push({ kind: 'response', ...response, from: 'router' });
    return { steps, outcome: { status: 404, entryPoint: ep.name } };
  }
  const base: TraceOutcome = {
    status: 200,
    entryPoint: ep.name,
    router: router.name,
    source: sourceOf(router),
  };
  const provider = providerOf(router.name);
  const ops: HeaderOp[][] = [];
  const errorPages: Extract<ServiceCall, { middleware: 'errors' }>[] = [];

  for (const m of expandMiddlewares(
    config.http.middlewares,
    routerMiddlewareNames(config, router.router, ep.name),
    provider,
  )) {
    const compiled = compiledMiddleware(p, m.name);
    if (!compiled?.ok) continue; // Unreachable: such routers are disabled when the table is built.
    const result = compiled.handler(req, env);
    const notes = result.notes ?? [];
    if (result.kind === 'respond') {
      steps.push({
        kind: 'middleware',
        name: m.name,
        type: compiled.type,
        via: m.via,
        effect: 'respond',
        before: snapshot(req),
        response: result.response,
        notes,
      });
      return respond(steps, base, result.response, ops, `middleware ${m.name}`);
    }
    if (
      result.kind === 'call' &&
      result.call.middleware === 'forwardAuth' &&
      options.forwardAuth === 'deny'
    ) {
      const response: HttpResponse = { status: 401, headers: {}, body: '' };
      steps.push({
        kind: 'middleware',
        name: m.name,
        type: compiled.type,
        via: m.via,
        effect: 'respond',
        before: snapshot(req),
        call: result.call,
        response,
        notes: [...notes, 'forwardAuth: the auth server is assumed to deny (401)'],
      });
      return respond(steps, base, response, ops, `middleware ${m.name}`);
    }
    if (result.kind === 'call' && result.call.middleware === 'errors') errorPages.push(result.call);
    const after = result.request;
    steps.push({
      kind: 'middleware',
      name: m.name,
      type: compiled.type,
      via: m.via,
      effect: result.kind,
      before: snapshot(req),
      after: snapshot(after),
      changed: change(req, after),
      responseHeaders: result.responseHeaders,
      call: result.kind === 'call' ? result.call : undefined,
      notes,
    });
    if (result.responseHeaders?.length) ops.push(result.responseHeaders);
    req = after;
  }

  const serviceName = qualifyName(config.http.services, router.router.service, provider);
  const walk = walkService(config, serviceName, req, random, steps);
  if (walk.kind === 'error') {
    const page = errorPages.find((e) => statusInRanges(walk.status, e.status));
    const response: HttpResponse = {
      status: walk.status,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      body: `${walk.message}\n`,
    };
    if (page) response.body = `(error page from ${page.service})`;
    return respond(
      steps,
      { ...base, service: walk.service },
      response,
      ops,
      page ? `errors page of ${page.service}` : `service ${walk.service}`,
    );
  }
  const up = upstreamRequest(req, walk.url, walk.passHostHeader, walk.preservePath);
  steps.push({ kind: 'upstream', method: up.method, url: up.url, host: up.host, headers: up.headers });
  const responseHeaders = applyAll({}, ops);
  const outcome: TraceOutcome = {
    ...base,
    service: walk.service,
    upstreamUrl: up.url,
    upstreamHeaders: up.headers,
    responseHeaders,
  };
  if (walk.mirrors.length) outcome.mirrors = walk.mirrors;
  return { steps, outcome };
}

interface EntryPointRedirections {
  entryPoint?: { to?: string; scheme?: string; permanent?: boolean };
}

/**
 * An entrypoint's `http.redirections.entryPoint`: Traefik adds a catch-all router of priority MaxInt32-1 with a
 * redirectScheme to the target entrypoint's port (permanent by default), so it wins over every router.
 */
function entryPointRedirect(config: RuntimeConfig, ep: string, req: HttpRequest) {
  const redirections = config.entryPoints?.[ep]?.http?.redirections as EntryPointRedirections | undefined;
  const to = redirections?.entryPoint?.to;
  if (!to) return undefined;
  const target = config.entryPoints?.[to];
  const port = target ? addressPort(target.address) : to.replace(/^:/, '');
  const cfg = { scheme: redirections?.entryPoint?.scheme ?? 'https', port, permanent: redirections?.entryPoint?.permanent ?? true };
  const result = applyMiddleware('redirectScheme', cfg, req, { now: 0, random: () => 0 });
  if (result.kind !== 'respond') return undefined;
  const name = `${ep}-to-${to}@internal`;
  return (steps: TraceStep[], base: TraceOutcome): TraceResult => {
    steps.push({ kind: 'router', name, rule: 'HostRegexp(`^.+$`)', priority: 2147483646, verdict: 'match' });
    steps.push({ kind: 'middleware', name: `redirect-${name}`, type: 'redirectScheme', via: [], effect: 'respond', before: snapshot(req), response: result.response, notes: [`entrypoint ${ep} redirects to ${to}`] });
    return respond(steps, { ...base, router: name }, result.response, [], `entrypoint ${ep} redirection`);
  };
}

// Response edits run from the innermost middleware out, as the response travels back.
function applyAll(
  headers: Record<string, string | string[]>,
  ops: HeaderOp[][],
): Record<string, string | string[]> {
  let out = headers;
  for (let i = ops.length - 1; i >= 0; i--) out = applyHeaderOps(out, ops[i] as HeaderOp[]);
  return out;
}

function respond(
  steps: TraceStep[],
  base: TraceOutcome,
  response: HttpResponse,
  ops: HeaderOp[][],
  from: string,
): TraceResult {
  const headers = applyAll(response.headers, ops);
  steps.push({ kind: 'response', status: response.status, headers, body: response.body, from });
  const outcome: TraceOutcome = { ...base, status: response.status, responseHeaders: headers };
  const location = getHeader(headers, 'Location');
  if (location && response.status >= 300 && response.status < 400) outcome.redirect = location;
  return { steps, outcome };
}

function finish(steps: TraceStep[], outcome: TraceOutcome, from: string): TraceResult {
  steps.push({ kind: 'response', status: outcome.status, headers: {}, from });
  return { steps, outcome };
}
