import { expandMiddlewares, providerOf } from '../middlewares/chain.ts';
import { changedHeaderNames, getHeader } from '../middlewares/http-headers.ts';
import type { HeaderOp, MiddlewareEnv, ServiceCall } from '../middlewares/types.ts';
import type { HttpRequest, HttpResponse } from '../request.ts';
import {
  compiledMiddleware,
  type PreparedConfig,
  routerMiddlewareNames,
  type TraceRouter,
} from './prepare.ts';
import type { RequestChange, RequestSnapshot, TraceOptions, TraceStep } from './types.ts';

export type ErrorsCall = Extract<ServiceCall, { middleware: 'errors' }>;

/** Where a router's middlewares left the request. */
export interface MiddlewareRun {
  /** The request for the service, or undefined when a middleware answered. */
  request?: HttpRequest;
  /** The answer of the middleware that ended the chain. */
  response?: HttpResponse;
  /** Which middleware answered. */
  answeredBy?: string;
  /** Response edits of the middlewares that passed the request on, outermost first. */
  ops: HeaderOp[][];
  /** errors middlewares passed, outermost first: they apply to answers from further in. */
  errorPages: ErrorsCall[];
  /** A middleware emptied X-Forwarded-For and none set it again: the proxy sends none. */
  omitForwardedFor?: boolean;
}

/** A request as a step shows it. */
export const snapshot = (r: HttpRequest): RequestSnapshot => ({
  method: r.method,
  url: r.url,
  headers: r.headers,
});

/** What changed from `a` to `b`. */
export function change(a: HttpRequest, b: HttpRequest): RequestChange {
  const c: RequestChange = { headers: changedHeaderNames(a.headers, b.headers) };
  if (a.method !== b.method) c.method = { from: a.method, to: b.method };
  if (a.url !== b.url) c.url = { from: a.url, to: b.url };
  return c;
}

/** Runs the router's middlewares (entrypoint ones first, chains expanded) in order, pushing a step for each. */
export function runMiddlewares(
  p: PreparedConfig,
  router: TraceRouter,
  ep: string,
  start: HttpRequest,
  env: MiddlewareEnv,
  options: TraceOptions,
  steps: TraceStep[],
): MiddlewareRun {
  const run: MiddlewareRun = { ops: [], errorPages: [] };
  const names = routerMiddlewareNames(p.config, router.router, ep);
  let req = start;
  for (const m of expandMiddlewares(p.config.http.middlewares, names, providerOf(router.name))) {
    const compiled = compiledMiddleware(p, m.name);
    // Routers with a missing or invalid middleware are disabled when the table is built, so this holds.
    if (!compiled?.ok) continue;
    const result = compiled.handler(req, env);
    const base = {
      kind: 'middleware' as const,
      name: m.name,
      type: compiled.type,
      via: m.via,
      before: snapshot(req),
    };
    const notes = result.notes ?? [];
    if (result.kind === 'respond') {
      steps.push({ ...base, effect: 'respond', response: result.response, notes });
      return { ...run, response: result.response, answeredBy: m.name };
    }
    if (
      result.kind === 'call' &&
      result.call.middleware === 'forwardAuth' &&
      options.forwardAuth === 'deny'
    ) {
      const response: HttpResponse = { status: 401, headers: {}, body: '' };
      steps.push({
        ...base,
        effect: 'respond',
        call: result.call,
        response,
        notes: [...notes, 'forwardAuth: the auth server is assumed to deny (401)'],
      });
      return { ...run, response, answeredBy: m.name };
    }
    if (result.kind === 'call' && result.call.middleware === 'errors') run.errorPages.push(result.call);
    const after = result.request;
    steps.push({
      ...base,
      effect: result.kind,
      after: snapshot(after),
      changed: change(req, after),
      responseHeaders: result.responseHeaders,
      call: result.kind === 'call' ? result.call : undefined,
      notes,
    });
    if (result.responseHeaders?.length) run.ops.push(result.responseHeaders);
    if (result.kind === 'next' && result.omitForwardedFor) run.omitForwardedFor = true;
    else if (getHeader(after.headers, 'X-Forwarded-For') !== undefined) run.omitForwardedFor = false;
    req = after;
  }
  return { ...run, request: req };
}
