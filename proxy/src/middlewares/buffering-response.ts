import type { RetryPredicate } from '../../../core/index.ts';
import type { UpstreamError } from '../errors.ts';
import { statusForUpstreamError } from '../errors.ts';
import type { Exchange, ResponseHeaders, ResponseSink } from '../exchange.ts';

/** oxy buffer's DefaultMaxRetryAttempts: the expression is asked after attempts 1 to 10 at most. */
const MAX_RETRY_ATTEMPTS = 10;

const INTERNAL_ERROR = Buffer.from('Internal Server Error');

/**
 * Same as oxy's bufferWriter.expectBody (RFC 9112 §6.3): no body for HEAD, 1xx, 204, 304, a `Content-Length: 0`
 * answer, or a gRPC answer whose Grpc-Status is an error.
 */
function expectsBody(method: string, status: number, headers: ResponseHeaders): boolean {
  if (method === 'HEAD') return false;
  if ((status >= 100 && status < 200) || status === 204 || status === 304) return false;
  if (String(headers['content-length'] ?? '') === '0') return false;
  const grpc = headers['grpc-status'];
  return grpc === undefined || String(grpc) === '' || String(grpc) === '0';
}

/**
 * The response side of buffering, as oxy's buffer: each attempt's answer is read whole before the client sees a
 * byte, then sent with its exact Content-Length. An answer over `maxBody` (0: no limit) is dropped and the client
 * gets oxy's error answer, 500 `Internal Server Error` (the upstream call is cut then, where oxy reads it out).
 * With `retry`, the expression is asked after each attempt and a true answer sends the buffered request again,
 * through the rest of the chain (so the balancer picks again), with no delay, as oxy does.
 */
export function runBufferedAttempts(
  ex: Exchange,
  next: (ex: Exchange) => void,
  maxBody: number,
  retry: RetryPredicate | undefined,
): void {
  const downstream = ex.sink;
  const hreq = ex.hreq;
  // The forwarder edits the request's headers in place (hop-by-hop, X-Forwarded-For): a replay starts clean.
  const pristine = retry === undefined ? undefined : { ...hreq.headers };
  const method = ex.req.method ?? 'GET';
  let attempt = 1;

  const retried = (responseCode: number): boolean => {
    if (retry === undefined || attempt > MAX_RETRY_ATTEMPTS || ex.done) return false;
    if (!retry({ attempt, responseCode, method })) return false;
    ex.trace?.steps.push({ step: 'retry', attempt: attempt + 1, status: responseCode });
    attempt += 1;
    // Not from inside the finished upstream call's callbacks.
    setImmediate(start);
    return true;
  };

  const start = (): void => {
    if (ex.done) return;
    let status = 0;
    let headers: ResponseHeaders = {};
    let chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    const sink: ResponseSink = {
      head(s, h) {
        if (finished) return;
        status = s;
        headers = h;
      },
      data(chunk) {
        if (finished) return true;
        size += chunk.length;
        if (maxBody > 0 && size > maxBody) {
          finished = true;
          chunks = [];
          ex.trace?.steps.push({ step: 'error', message: `buffering: response over ${maxBody} bytes` });
          downstream.head(500, { 'content-type': 'text/plain; charset=utf-8', 'content-length': 21 });
          if (method !== 'HEAD') downstream.data(INTERNAL_ERROR);
          downstream.end();
          ex.abort?.abort();
          return true;
        }
        chunks.push(chunk);
        return true;
      },
      end() {
        if (finished) return;
        finished = true;
        if (retried(status)) return;
        const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
        chunks = [];
        if (expectsBody(method, status, headers)) {
          headers['content-length'] = body.length;
          downstream.head(status, headers);
          if (body.length > 0) downstream.data(body);
        } else downstream.head(status, headers);
        downstream.end();
      },
      fail(err: UpstreamError) {
        if (finished) return;
        finished = true;
        chunks = [];
        // Before an answer, oxy sees the proxy's error status; a body cut halfway is not retried.
        if (status === 0 && err.kind !== 'canceled' && retried(statusForUpstreamError(err))) return;
        downstream.fail(err);
      },
      onDrain: (fn) => fn(),
    };
    if (attempt === 1 || pristine === undefined) ex.hreq = hreq;
    else {
      ex.hreq = { ...hreq, headers: { ...pristine } };
      ex.upstream = '';
    }
    ex.sink = sink;
    next(ex);
  };

  start();
}
