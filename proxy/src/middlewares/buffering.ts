import type { MiddlewareConfigs, MiddlewareHandler } from '../../../core/index.ts';
import { respond } from '../sink.ts';
import { applyResult, envOf, type Step, traceResult } from './step.ts';

/**
 * buffering as Traefik's (oxy buffer): the request body is read whole before the upstream sees it; beyond
 * `maxRequestBodyBytes` (0: no limit) the client gets 413. The buffered body also makes retries possible.
 */
export function bufferingStep(
  name: string,
  cfg: MiddlewareConfigs['buffering'],
  handler: MiddlewareHandler,
): Step {
  const max = cfg.maxRequestBodyBytes ?? 0;
  const tooLarge = (ex: Parameters<Step>[0]) =>
    respond(ex, 413, { 'content-type': 'text/plain; charset=utf-8' }, 'Request Entity Too Large');
  return (ex, next) => {
    const result = handler(ex.hreq, envOf(ex));
    if (ex.trace !== undefined) traceResult(ex, name, result);
    if (!applyResult(ex, result)) return;
    if (ex.body !== undefined || ex.upgrade) {
      next(ex);
      return;
    }
    const declared = Number(ex.req.headers['content-length'] ?? 'NaN');
    if (max > 0 && declared > max) {
      tooLarge(ex);
      ex.req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    ex.req.on('data', (chunk: Buffer) => {
      if (aborted) return;
      size += chunk.length;
      if (max > 0 && size > max) {
        aborted = true;
        tooLarge(ex);
        return;
      }
      chunks.push(chunk);
    });
    ex.req.once('end', () => {
      if (aborted) return;
      ex.body = Buffer.concat(chunks, size);
      const h = ex.hreq.headers as Record<string, string | string[] | undefined>;
      delete h['transfer-encoding'];
      if (size > 0 || h['content-length'] !== undefined) h['content-length'] = String(size);
      next(ex);
    });
  };
}
