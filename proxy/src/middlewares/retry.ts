import type { MiddlewareConfigs, MiddlewareHandler } from '../../../core/index.ts';
import { durationMs } from '../duration.ts';
import type { UpstreamError } from '../errors.ts';
import type { Exchange, ResponseHeaders, ResponseSink } from '../exchange.ts';
import { type Metrics, SHARED_METRICS_KEY } from '../observability/metrics.ts';
import type { StepContext } from './build.ts';
import { applyResult, envOf, type Step, traceResult } from './step.ts';

/**
 * retry as Traefik's: when the upstream fails before answering (a network error), the downstream handler runs
 * again, so the balancer picks again, up to `attempts` in all, waiting an exponential backoff from
 * `initialInterval` (default 100ms). A request whose body streamed already cannot be replayed and is not retried.
 */
export function retryStep(
  name: string,
  cfg: MiddlewareConfigs['retry'],
  handler: MiddlewareHandler,
  ctx?: StepContext,
): Step {
  const metrics = ctx?.shared.get(SHARED_METRICS_KEY) as Metrics | undefined;
  const attempts = Math.max(1, cfg.attempts);
  const initialMs = durationMs(cfg.initialInterval) ?? 100;
  return (ex, next) => {
    const result = handler(ex.hreq, envOf(ex));
    if (ex.trace !== undefined) traceResult(ex, name, result);
    if (!applyResult(ex, result)) return;
    const replayable =
      ex.body !== undefined || (ex.req.headers['content-length'] ?? '0') === '0'
        ? ex.req.headers['transfer-encoding'] === undefined
        : false;
    if (!replayable || attempts === 1) {
      next(ex);
      return;
    }
    const downstream = ex.sink;
    const hreq = ex.hreq;
    let attempt = 1;
    const sink: ResponseSink = {
      head: (status: number, headers: ResponseHeaders) => downstream.head(status, headers),
      data: (chunk) => downstream.data(chunk),
      end: () => downstream.end(),
      onDrain: (fn) => downstream.onDrain(fn),
      fail: (err: UpstreamError) => {
        if (ex.res.headersSent || attempt >= attempts || err.kind === 'canceled' || ex.req.destroyed) {
          downstream.fail(err);
          return;
        }
        const delay = initialMs * 2 ** (attempt - 1);
        attempt += 1;
        // traefik_service_retries_total: the service the failed attempt went to.
        if (ex.service !== '') metrics?.retried(ex.service);
        ex.trace?.steps.push({ step: 'retry', attempt, error: err.message });
        setTimeout(() => {
          ex.hreq = hreq;
          ex.sink = sink;
          next(ex);
        }, delay).unref();
      },
    };
    ex.sink = sink;
    if (ex.body === undefined) ex.body = Buffer.alloc(0);
    next(ex);
  };
}

export type { Exchange };
