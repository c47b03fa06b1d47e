import type { RuntimeConfig } from '../config/types.ts';
import { providerOf, qualifyName } from '../middlewares/chain.ts';
import { applyResponseEdits, getHeader } from '../middlewares/http-headers.ts';
import type { HeaderOp, MiddlewareEnv } from '../middlewares/types.ts';
import { joinUrl, splitUrl } from '../middlewares/url.ts';
import type { HttpRequest, HttpResponse } from '../request.ts';
import { sanitizeUrlPath } from '../rules/sanitize-path.ts';
import { rejectEncodedCharacters } from './encoded-characters.ts';
import { chooseEntryPoint } from './entrypoint.ts';
import { applyErrorPages } from './error-pages.ts';
import { applyForwardedHeaders, trustsForwardedHeaders } from './forwarded-headers.ts';
import { NOOP_SERVICE } from './internal-routers.ts';
import { entryPointTable, prepare, type TraceRouter } from './prepare.ts';
import { mulberry32 } from './prng.ts';
import { routeRequest } from './routing.ts';
import { change, runMiddlewares, snapshot } from './run-middlewares.ts';
import { walkService } from './services.ts';
import type { TraceOptions, TraceOutcome, TraceResult, TraceStep } from './types.ts';
import { upstreamRequest } from './upstream.ts';

/** The `X-Forwarded-Server` value the simulated proxy sets (Traefik uses its hostname). */
export const TRACE_SERVER_NAME = 'routeyard';

// Go's http.Error headers, which http.NotFound and the load balancers' errors write.
const TEXT = { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' };

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
  const epConfig = ep.name ? config.entryPoints?.[ep.name] : undefined;
  const keepConnection =
    (epConfig as { forwardedHeaders?: { connection?: string[] } } | undefined)?.forwardedHeaders
      ?.connection ?? [];
  const forwarded = ep.name
    ? applyForwardedHeaders(
        original,
        TRACE_SERVER_NAME,
        trustsForwardedHeaders(epConfig, original.remoteAddr),
        keepConnection,
      )
    : original;
  // Traefik's entrypoint `http.sanitizePath` is on unless set to false.
  const sanitize = (epConfig?.http as { sanitizePath?: boolean } | undefined)?.sanitizePath !== false;
  const req = ep.name && sanitize ? { ...forwarded, url: sanitizeUrlPath(forwarded.url) } : forwarded;
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
  if (!ep.name) {
    steps.push({ kind: 'response', status: 404, headers: {}, from: 'entrypoint' });
    return { steps, outcome: { status: 404 } };
  }
  // Traefik's internal routers (entrypoint redirections) join the configuration here, to route like any other.
  const p = prepare(config);
  const prepared = p.config;
  const router = routeRequest(entryPointTable(p, ep.name, tls), req, steps, options.maxRoutersListed ?? 50);
  if (!router) {
    const response = { status: 404, headers: TEXT, body: '404 page not found\n' };
    steps.push({ kind: 'response', ...response, from: 'router' });
    return { steps, outcome: { status: 404, entryPoint: ep.name, responseHeaders: { ...TEXT } } };
  }
  const base: TraceOutcome = {
    status: 200,
    entryPoint: ep.name,
    router: router.name,
    source: sourceOf(router),
  };
  const rejected = rejectEncodedCharacters(ep.name, epConfig, router.name, req, steps);
  if (rejected) return answer(steps, base, rejected, [], `entrypoint ${ep.name}`);
  const run = runMiddlewares(p, router, ep.name, req, env, options, steps);
  if (!run.request) {
    const response = applyErrorPages(prepared, run.response as HttpResponse, run.errorPages, req, steps);
    return answer(steps, base, response, run.ops, `middleware ${run.answeredBy}`);
  }
  const service = qualifyName(prepared.http.services, router.router.service, providerOf(router.name));
  // Traefik's noop@internal answers 418 to whatever reaches it, such as a request a redirection leaves unchanged.
  if (service === NOOP_SERVICE) {
    const teapot = applyErrorPages(
      prepared,
      { status: 418, headers: {}, body: '' },
      run.errorPages,
      req,
      steps,
    );
    return answer(steps, { ...base, service }, teapot, run.ops, `service ${service}`);
  }
  const walk = walkService(prepared, service, run.request, random, steps, options.seed ?? 0);
  if (walk.kind === 'error') {
    const failed = { status: walk.status, headers: TEXT, body: `${walk.message}\n` };
    const response = applyErrorPages(prepared, failed, run.errorPages, req, steps);
    return answer(steps, { ...base, service: walk.service }, response, run.ops, `service ${walk.service}`);
  }
  const notAppend =
    (epConfig as { forwardedHeaders?: { notAppendXForwardedFor?: boolean } } | undefined)?.forwardedHeaders
      ?.notAppendXForwardedFor === true;
  const up = upstreamRequest(
    run.request,
    walk.url,
    walk.passHostHeader,
    walk.preservePath,
    !notAppend && run.omitForwardedFor !== true,
  );
  steps.push({ kind: 'upstream', method: up.method, url: up.url, host: up.host, headers: up.headers });
  const upstreamResponse: Record<string, string | string[]> = {};
  if (walk.setCookies.length)
    upstreamResponse['Set-Cookie'] =
      walk.setCookies.length === 1 ? (walk.setCookies[0] as string) : walk.setCookies;
  const outcome: TraceOutcome = {
    ...base,
    service: walk.service,
    upstreamUrl: up.url,
    upstreamHeaders: up.headers,
    responseHeaders: applyResponseEdits(upstreamResponse, run.ops),
  };
  if (walk.mirrors.length) outcome.mirrors = walk.mirrors;
  return { steps, outcome };
}

function answer(
  steps: TraceStep[],
  base: TraceOutcome,
  response: HttpResponse,
  ops: HeaderOp[][],
  from: string,
): TraceResult {
  const headers = applyResponseEdits(response.headers, ops);
  steps.push({ kind: 'response', status: response.status, headers, body: response.body, from });
  const outcome: TraceOutcome = { ...base, status: response.status, responseHeaders: headers };
  const location = getHeader(headers, 'Location');
  if (location && response.status >= 300 && response.status < 400) outcome.redirect = location;
  return { steps, outcome };
}
