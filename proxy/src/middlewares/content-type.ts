import {
  detectContentType,
  type MiddlewareConfigs,
  type MiddlewareHandler,
  SNIFF_LENGTH,
} from '../../../core/index.ts';
import type { ResponseHeaders, ResponseSink } from '../exchange.ts';
import { applyResult, envOf, type Step, traceResult } from './step.ts';

/** True when the header is present at all: Go only sniffs when the key is missing, even an empty value counts. */
function hasContentType(headers: ResponseHeaders): boolean {
  for (const key in headers) {
    if (key.length === 12 && key.toLowerCase() === 'content-type' && headers[key] !== undefined) return true;
  }
  return false;
}

/**
 * contentType as Traefik v3's: an answer that comes without a Content-Type gets the one Go's
 * `http.DetectContentType` gives its first 512 bytes; the deprecated `autoDetect: false` leaves it unset.
 * Only such answers are held, and only until 512 bytes or the end arrive; an empty body gets no type, as in Go.
 */
export function contentTypeStep(
  name: string,
  cfg: MiddlewareConfigs['contentType'],
  handler: MiddlewareHandler,
): Step {
  const detect = cfg.autoDetect !== false;
  return (ex, next) => {
    const result = handler(ex.hreq, envOf(ex));
    if (ex.trace !== undefined) traceResult(ex, name, result);
    if (!applyResult(ex, result)) return;
    ex.detectsContentType = detect;
    if (!detect || ex.upgrade || ex.req.method === 'HEAD') {
      next(ex);
      return;
    }
    const downstream = ex.sink;
    // While held: the answer's status and headers, and the body bytes so far.
    let held: { status: number; headers: ResponseHeaders; chunks: Buffer[]; size: number } | undefined;
    const release = (): boolean => {
      const h = held;
      if (h === undefined) return true;
      held = undefined;
      const body = h.chunks.length === 1 ? (h.chunks[0] as Buffer) : Buffer.concat(h.chunks, h.size);
      if (body.length > 0) h.headers['content-type'] = detectContentType(body);
      downstream.head(h.status, h.headers);
      return body.length > 0 ? downstream.data(body) : true;
    };
    const sink: ResponseSink = {
      head(status: number, headers: ResponseHeaders) {
        if (status === 204 || status === 304 || hasContentType(headers)) downstream.head(status, headers);
        else held = { status, headers, chunks: [], size: 0 };
      },
      data(chunk) {
        if (held === undefined) return downstream.data(chunk);
        held.chunks.push(chunk);
        held.size += chunk.length;
        // Held bytes are acknowledged at once; backpressure resumes with the first write downstream.
        return held.size >= SNIFF_LENGTH ? release() : true;
      },
      end() {
        release();
        downstream.end();
      },
      fail(err) {
        // What arrived goes out first, so the client sees the same cut answer as without the middleware.
        release();
        downstream.fail(err);
      },
      onDrain(fn) {
        // data() only returns false once released, so a wait always belongs to the downstream sink.
        downstream.onDrain(fn);
      },
    };
    ex.sink = sink;
    next(ex);
  };
}
