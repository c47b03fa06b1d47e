import type {
  HttpResponse,
  MiddlewareEnv,
  MiddlewareHandler,
  MiddlewareResult,
} from '../../../core/index.ts';
import { clientCertsOf } from '../entrypoints/client-cert.ts';
import { addHeaderOps, type Exchange } from '../exchange.ts';
import { respond } from '../sink.ts';

/** One compiled middleware in a router's handler chain: it either calls `next` or answers. */
export type Step = (ex: Exchange, next: (ex: Exchange) => void) => void;

/** The injected environment of core's middleware semantics, built per request (the clock moves). */
export function envOf(ex: Exchange, state?: MiddlewareEnv['state']): MiddlewareEnv {
  const env: MiddlewareEnv =
    state === undefined
      ? { now: Date.now(), random: Math.random }
      : { now: Date.now(), random: Math.random, state };
  // The peer certificates of a TLS connection, for passTLSClientCert (decoded once per connection).
  if (ex.secure) env.tlsClientCerts = clientCertsOf(ex.req);
  return env;
}

/** Answers with a response a middleware produced (redirect, 401, 403, 429). */
export function respondWith(ex: Exchange, response: HttpResponse): void {
  respond(ex, response.status, { ...response.headers }, response.body);
}

/** Records a middleware's verdict in the live trace. */
export function traceResult(ex: Exchange, name: string, result: MiddlewareResult): void {
  ex.trace?.steps.push({
    step: 'middleware',
    name,
    result: result.kind,
    ...(result.kind === 'respond' ? { status: result.response.status } : {}),
    ...(result.notes !== undefined ? { notes: result.notes } : {}),
  });
}

/** Applies a `next` or `respond` verdict; returns true when the request goes on. */
export function applyResult(ex: Exchange, result: MiddlewareResult): boolean {
  if (result.kind === 'respond') {
    respondWith(ex, result.response);
    return false;
  }
  ex.hreq = result.request;
  addHeaderOps(ex, result.responseHeaders);
  // Same as the tracer (core/trace run-middlewares): the omission holds until a later middleware sets the header.
  if (result.kind === 'next' && result.omitForwardedFor === true) ex.omitForwardedFor = true;
  else if (ex.omitForwardedFor && hasForwardedFor(result.request.headers)) ex.omitForwardedFor = false;
  return true;
}

function hasForwardedFor(headers: Record<string, unknown>): boolean {
  for (const key in headers) if (key.length === 15 && key.toLowerCase() === 'x-forwarded-for') return true;
  return false;
}

/** A pure middleware: core computes the verdict, the proxy applies it. */
export function pureStep(name: string, handler: MiddlewareHandler): Step {
  return (ex, next) => {
    const result = handler(ex.hreq, envOf(ex));
    if (ex.trace !== undefined) traceResult(ex, name, result);
    if (applyResult(ex, result)) next(ex);
  };
}
