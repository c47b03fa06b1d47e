import {
  type MiddlewareConfigs,
  type MiddlewareHandler,
  parseRetryExpression,
  type RetryPredicate,
} from '../../../core/index.ts';
import type { Exchange } from '../exchange.ts';
import { respond } from '../sink.ts';
import { runBufferedAttempts } from './buffering-response.ts';
import { applyResult, envOf, type Step, traceResult } from './step.ts';

function tooLarge(ex: Exchange): void {
  respond(ex, 413, { 'content-type': 'text/plain; charset=utf-8' }, 'Request Entity Too Large');
}

/**
 * buffering as Traefik's (oxy buffer). The request body is read whole before the upstream sees it; beyond
 * `maxRequestBodyBytes` (0: no limit) the client gets 413 `Request Entity Too Large`. The answer is read whole
 * too before the client sees it (every answer: Traefik has no switch for it in its providers), with
 * `maxResponseBodyBytes` as its limit (buffering-response.ts), and `retryExpression` may replay the request.
 * `memRequestBodyBytes`/`memResponseBodyBytes` only move oxy's spill-to-disk point: both bodies stay in memory
 * here, the limits hold the same. WebSocket upgrades pass untouched, as oxy's hijacked connections do.
 * What oxy refuses (negative sizes, a bad expression) never gets here: core's `buffering.validate` refuses it
 * first (core/middlewares/buffering.ts), so the chain leaves the router out with that reason.
 */
export function bufferingStep(
  name: string,
  cfg: MiddlewareConfigs['buffering'],
  handler: MiddlewareHandler,
): Step {
  const maxRequest = cfg.maxRequestBodyBytes ?? 0;
  const maxResponse = cfg.maxResponseBodyBytes ?? 0;
  const retry: RetryPredicate | undefined =
    cfg.retryExpression !== undefined && cfg.retryExpression !== ''
      ? parseRetryExpression(cfg.retryExpression)
      : undefined;
  const attempts = (ex: Exchange, next: (ex: Exchange) => void) =>
    runBufferedAttempts(ex, next, maxResponse, retry);

  return (ex, next) => {
    const result = handler(ex.hreq, envOf(ex));
    if (ex.trace !== undefined) traceResult(ex, name, result);
    if (!applyResult(ex, result)) return;
    if (ex.upgrade) {
      next(ex);
      return;
    }
    if (ex.body !== undefined) {
      // Read whole already (an outer buffering or retry): this middleware's limit still applies.
      if (maxRequest > 0 && ex.body.length > maxRequest) tooLarge(ex);
      else attempts(ex, next);
      return;
    }
    const declared = Number(ex.req.headers['content-length'] ?? 'NaN');
    if (maxRequest > 0 && declared > maxRequest) {
      tooLarge(ex);
      ex.req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    let aborted = false;
    ex.req.on('data', (chunk: Buffer) => {
      if (aborted) return;
      total += chunk.length;
      if (maxRequest > 0 && total > maxRequest) {
        aborted = true;
        tooLarge(ex);
        return;
      }
      chunks.push(chunk);
    });
    ex.req.once('end', () => {
      if (aborted) return;
      ex.body = Buffer.concat(chunks, total);
      const h = ex.hreq.headers as Record<string, string | string[] | undefined>;
      delete h['transfer-encoding'];
      if (total > 0 || h['content-length'] !== undefined) h['content-length'] = String(total);
      attempts(ex, next);
    });
  };
}
