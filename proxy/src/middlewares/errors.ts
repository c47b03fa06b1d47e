import {
  type MiddlewareConfigs,
  type MiddlewareHandler,
  providerOf,
  statusInRanges,
} from '../../../core/index.ts';
import type { UpstreamError } from '../errors.ts';
import type { Exchange, ResponseHeaders, ResponseSink } from '../exchange.ts';
import { stripHopByHop } from '../sink.ts';
import type { StepContext } from './build.ts';
import { applyResult, envOf, type Step, traceResult } from './step.ts';

/**
 * errors as Traefik's: when the answer's status is in `status`, its body is dropped and the client gets the
 * error service's page for `query` (`{status}` and `{url}` replaced) with the original status, or its rewrite.
 */
export function errorsStep(
  name: string,
  cfg: MiddlewareConfigs['errors'],
  handler: MiddlewareHandler,
  ctx: StepContext,
): Step {
  const service = ctx.service(cfg.service, providerOf(name));
  return (ex, next) => {
    const result = handler(ex.hreq, envOf(ex));
    if (ex.trace !== undefined) traceResult(ex, name, result);
    if (result.kind === 'respond') {
      applyResult(ex, result);
      return;
    }
    ex.hreq = result.request;
    const original = ex.hreq;
    const downstream = ex.sink;
    let swallowing = false;
    const sink: ResponseSink = {
      head(status: number, headers: ResponseHeaders) {
        if (service === undefined || !statusInRanges(status, cfg.status)) {
          downstream.head(status, headers);
          return;
        }
        swallowing = true;
        // Same as traefik customerrors: statusRewrites keys are ranges too (`500-599: 503`).
        let finalStatus = status;
        for (const [range, to] of Object.entries(cfg.statusRewrites ?? {})) {
          if (statusInRanges(status, [range])) finalStatus = to;
        }
        ex.trace?.steps.push({ step: 'errors', status, service: service.name });
        queueMicrotask(() => servePage(ex, original, status, finalStatus, downstream));
      },
      data: (chunk) => (swallowing ? true : downstream.data(chunk)),
      end: () => {
        if (!swallowing) downstream.end();
      },
      fail: (err: UpstreamError) => downstream.fail(err),
      onDrain: (fn) => (swallowing ? fn() : downstream.onDrain(fn)),
    };
    ex.sink = sink;
    next(ex);

    function servePage(
      ex: Exchange,
      req: Exchange['hreq'],
      status: number,
      finalStatus: number,
      out: ResponseSink,
    ): void {
      const scheme = req.url.startsWith('https:') ? 'https' : 'http';
      const authority = req.url.slice(scheme.length + 3).split('/')[0] ?? '';
      const query = (cfg.query || '/')
        .replaceAll('{status}', String(status))
        .replaceAll('{originalStatus}', String(status))
        .replaceAll('{url}', encodeURIComponent(req.url));
      const path = query.startsWith('/') ? query : `/${query}`;
      const pageSink: ResponseSink = {
        head(_s: number, headers: ResponseHeaders) {
          stripHopByHop(headers);
          out.head(finalStatus, headers);
        },
        data: (c) => out.data(c),
        end: () => out.end(),
        fail: (e) => out.fail(e),
        onDrain: (fn) => out.onDrain(fn),
      };
      const sub: Exchange = {
        ...ex,
        hreq: { ...req, method: 'GET', url: `${scheme}://${authority}${path}`, headers: { ...req.headers } },
        sink: pageSink,
        body: Buffer.alloc(0),
        upstream: '',
      };
      delete sub.hreq.headers['content-length'];
      service?.serve(sub);
    }
  };
}
