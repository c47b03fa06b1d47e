import type { ServerResponse } from 'node:http';
import { applyResponseEdits } from '../../core/index.ts';
import { type ClientResponse, sendStatusText, statusForUpstreamError, type UpstreamError } from './errors.ts';
import type { Exchange, ResponseHeaders, ResponseSink } from './exchange.ts';

/** Removes the hop-by-hop headers of an upstream response (RFC 9110 §7.6.1), including those named in Connection. */
export function stripHopByHop(headers: ResponseHeaders): void {
  const conn = headers.connection;
  if (conn !== undefined) {
    for (const token of String(conn).split(',')) {
      const name = token.trim().toLowerCase();
      if (name !== '') delete headers[name];
    }
    delete headers.connection;
  }
  if (headers['keep-alive'] !== undefined) delete headers['keep-alive'];
  if (headers['transfer-encoding'] !== undefined) delete headers['transfer-encoding'];
  if (headers['proxy-connection'] !== undefined) delete headers['proxy-connection'];
  if (headers.upgrade !== undefined) delete headers.upgrade;
  if (headers.te !== undefined) delete headers.te;
  if (headers.trailer !== undefined) delete headers.trailer;
}

/** True when the client's side of the exchange is closed (socket or HTTP/2 stream). */
function isGone(res: ClientResponse): boolean {
  return res.destroyed === true || (res as { stream?: { destroyed?: boolean } }).stream?.destroyed === true;
}

/** The final sink: writes the response to the client, applying the middlewares' header edits on the way. */
export class ClientSink implements ResponseSink {
  private readonly ex: Exchange;

  constructor(ex: Exchange) {
    this.ex = ex;
  }

  head(status: number, headers: ResponseHeaders): void {
    const ex = this.ex;
    ex.status = status;
    // The client may be gone already (an HTTP/2 stream reset throws on writeHead); the close handler completes.
    if (isGone(ex.res)) return;
    let out = headers;
    if (ex.headerOps !== undefined) {
      out = applyResponseEdits(out as Record<string, string | string[]>, ex.headerOps) as ResponseHeaders;
    }
    if (ex.setCookies !== undefined) {
      const prior = out['set-cookie'];
      const list = prior === undefined ? [] : Array.isArray(prior) ? prior : [String(prior)];
      out['set-cookie'] = [...list, ...ex.setCookies];
    }
    if (ex.trace !== undefined) out['x-routeyard-trace-id'] = ex.trace.id;
    (ex.res as ServerResponse).writeHead(status, out as Record<string, string | string[]>);
  }

  data(chunk: Buffer): boolean {
    const ex = this.ex;
    const res = ex.res as ServerResponse;
    if (isGone(res)) return true;
    // Traefik's capture counts the body bytes handed to the client's writer.
    ex.responseBytes += chunk.length;
    return res.write(chunk);
  }

  end(): void {
    this.ex.res.end();
    this.ex.complete(this.ex);
  }

  fail(err: UpstreamError): void {
    const ex = this.ex;
    if (ex.res.headersSent) {
      ex.status = ex.status || 502;
      ex.res.destroy();
    } else {
      ex.status = statusForUpstreamError(err);
      if (ex.status === 499) ex.res.destroy();
      else sendStatusText(ex.res, ex.status);
    }
    if (ex.trace !== undefined) ex.trace.steps.push({ step: 'error', message: err.message });
    ex.complete(ex);
  }

  onDrain(fn: () => void): void {
    this.ex.res.once('drain', fn);
  }
}

/** Sends a whole response (404, a middleware's redirect or 401, an error page) through the exchange's sink. */
export function respond(
  ex: Exchange,
  status: number,
  headers: ResponseHeaders,
  body?: string | Buffer,
): void {
  const buf = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body) : body;
  const out: ResponseHeaders = { ...headers };
  if (buf !== undefined) out['content-length'] = buf.length;
  else if (out['content-length'] === undefined && status !== 204 && status !== 304) out['content-length'] = 0;
  ex.sink.head(status, out);
  if (buf !== undefined && buf.length > 0 && ex.req.method !== 'HEAD') ex.sink.data(buf);
  ex.sink.end();
}

const TEXT_PLAIN = 'text/plain; charset=utf-8';

/** Traefik's balancers answer `http.Error(w, "no available server", 503)` when every server is down. */
export function respondNoAvailableServer(ex: Exchange): void {
  respond(
    ex,
    503,
    { 'content-type': TEXT_PLAIN, 'x-content-type-options': 'nosniff' },
    'no available server\n',
  );
}

/** Go's `http.NotFound`, which Traefik answers when no router matches. */
export function respondNotFound(ex: Exchange): void {
  respond(
    ex,
    404,
    { 'content-type': TEXT_PLAIN, 'x-content-type-options': 'nosniff' },
    '404 page not found\n',
  );
}
