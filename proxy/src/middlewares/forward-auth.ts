import { Agent, type Dispatcher, request } from 'undici';
import {
  compileGoRegexp,
  type MiddlewareConfigs,
  type MiddlewareHandler,
  withoutHeader,
} from '../../../core/index.ts';
import type { ResponseHeaders } from '../exchange.ts';
import { respond, stripHopByHop } from '../sink.ts';
import { applyResult, envOf, type Step, traceResult } from './step.ts';

/** Traefik's forwardAuth client timeout: 30 seconds. */
const AUTH_TIMEOUT_MS = 30_000;

function cookieName(setCookie: string): string {
  return setCookie.slice(0, setCookie.indexOf('=')).trim();
}

/**
 * forwardAuth: core builds the request for the auth server; this performs it. A 2xx lets the request through
 * with `authResponseHeaders` (and those matching `authResponseHeadersRegex`) copied onto it; anything else is
 * the client's answer, with a relative Location resolved against `address` unless `preserveLocationHeader`.
 */
export function forwardAuthStep(
  name: string,
  cfg: MiddlewareConfigs['forwardAuth'],
  handler: MiddlewareHandler,
): Step {
  const tls = cfg.tls;
  const agent: Dispatcher = new Agent({
    keepAliveTimeout: 10_000,
    connect: {
      rejectUnauthorized: tls?.insecureSkipVerify !== true,
      ...(tls?.ca ? { ca: tls.ca } : {}),
      ...(tls?.cert ? { cert: tls.cert } : {}),
      ...(tls?.key ? { key: tls.key } : {}),
    },
  });
  const compiled = cfg.authResponseHeadersRegex ? compileGoRegexp(cfg.authResponseHeadersRegex) : undefined;
  const regex = typeof compiled === 'string' ? undefined : compiled;
  return (ex, next) => {
    const result = handler(ex.hreq, envOf(ex));
    if (ex.trace !== undefined) traceResult(ex, name, result);
    if (result.kind !== 'call' || result.call.middleware !== 'forwardAuth') {
      if (applyResult(ex, result)) next(ex);
      return;
    }
    const call = result.call;
    const authReq = call.request;
    const headers = { ...authReq.headers } as Record<string, string | string[]>;
    delete headers.host;
    delete headers['content-length'];
    request(call.address, {
      method: authReq.method as Dispatcher.HttpMethod,
      headers,
      dispatcher: agent,
      headersTimeout: AUTH_TIMEOUT_MS,
      bodyTimeout: AUTH_TIMEOUT_MS,
    }).then(
      async (res) => {
        const body = Buffer.from(await res.body.arrayBuffer());
        const h = res.headers as ResponseHeaders;
        ex.trace?.steps.push({ step: 'forwardAuth', address: call.address, status: res.statusCode });
        if (res.statusCode < 200 || res.statusCode >= 300) {
          stripHopByHop(h);
          delete h['content-length'];
          const loc = h.location;
          if (loc !== undefined && !call.preserveLocationHeader) {
            try {
              h.location = new URL(String(loc), call.address).toString();
            } catch {
              // An unparsable Location goes through as sent.
            }
          }
          respond(ex, res.statusCode, h, body);
          return;
        }
        let reqHeaders = result.request.headers;
        const copy = (headerName: string, value: string | string[] | number | undefined) => {
          reqHeaders = withoutHeader(reqHeaders, headerName);
          if (value !== undefined)
            reqHeaders[headerName.toLowerCase()] = Array.isArray(value) ? value : String(value);
        };
        for (const hn of call.authResponseHeaders) copy(hn, h[hn.toLowerCase()]);
        if (regex !== undefined) for (const [k, v] of Object.entries(h)) if (regex.test(k)) copy(k, v);
        const next_ = { ...result.request, headers: reqHeaders };
        if (call.addAuthCookiesToResponse.length > 0) {
          const wanted = new Set(call.addAuthCookiesToResponse);
          const set = h['set-cookie'];
          for (const c of set === undefined ? [] : Array.isArray(set) ? set : [String(set)]) {
            if (!wanted.has(cookieName(c))) continue;
            if (ex.setCookies === undefined) ex.setCookies = [c];
            else ex.setCookies.push(c);
          }
        }
        if (applyResult(ex, { kind: 'next', request: next_, responseHeaders: result.responseHeaders }))
          next(ex);
      },
      (err: Error) => {
        ex.trace?.steps.push({ step: 'forwardAuth', address: call.address, error: err.message });
        // Same as traefik forwardauth: an unreachable auth server is a 500 for the client.
        respond(ex, 500, { 'content-type': 'text/plain; charset=utf-8' }, 'Internal Server Error');
      },
    );
  };
}
