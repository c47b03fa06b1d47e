import type { MiddlewareConfigs, MiddlewareHandler } from '../../../core/index.ts';
import type { Exchange } from '../exchange.ts';
import { respond } from '../sink.ts';
import { runBufferedAttempts } from './buffering-response.ts';
import { parseRetryExpression, type RetryPredicate } from './retry-expression.ts';
import { applyResult, envOf, type Step, traceResult } from './step.ts';

function tooLarge(ex: Exchange): void {
  respond(ex, 413, { 'content-type': 'text/plain; charset=utf-8' }, 'Request Entity Too Large');
}

/** Same as oxy's option setters: a negative size is refused, and Traefik then refuses the middleware. */
function size(value: number | undefined, what: string): number {
  const n = value ?? 0;
  if (n < 0) throw new Error(`${what}: max bytes should be >= 0 got ${n}`);
  return n;
}

/**
 * buffering as Traefik's (oxy buffer). The request body is read whole before the upstream sees it; beyond
 * `maxRequestBodyBytes` (0: no limit) the client gets 413 `Request Entity Too Large`. The answer is read whole
 * too before the client sees it (every answer: Traefik has no switch for it in its providers), with
 * `maxResponseBodyBytes` as its limit (buffering-response.ts), and `retryExpression` may replay the request.
 * `memRequestBodyBytes`/`memResponseBodyBytes` only move oxy's spill-to-disk point: both bodies stay in memory
 * here, the limits hold the same. WebSocket upgrades pass untouched, as oxy's hijacked connections do.
 * Throws (the chain then refuses the router) on what oxy refuses: negative sizes, a bad expression.
 */
export function bufferingStep(
  name: string,
  cfg: MiddlewareConfigs['buffering'],
  handler: MiddlewareHandler,
): Step {
  const maxRequest = size(cfg.maxRequestBodyBytes, 'maxRequestBodyBytes');
  const maxResponse = size(cfg.maxResponseBodyBytes, 'maxResponseBodyBytes');
  size(cfg.memRequestBodyBytes, 'memRequestBodyBytes');
  size(cfg.memResponseBodyBytes, 'memResponseBodyBytes');
  let retry: RetryPredicate | undefined;
  if (cfg.retryExpression !== undefined && cfg.retryExpression !== '') {
    try {
      retry = parseRetryExpression(cfg.retryExpression);
    } catch (err) {
      throw new Error(`retryExpression: ${(err as Error).message}`);
    }
  }
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
