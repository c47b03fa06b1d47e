import type { Duplex, Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { classifyUpstreamError } from '../errors.ts';
import { type Exchange, requestTarget } from '../exchange.ts';
import { TRACE_TOKEN_HEADER } from '../observability/traces.ts';
import { stripHopByHop } from '../sink.ts';
import { pipeUpgrade } from './upgrade.ts';

/** One upstream server as the forwarder needs it, built once per configuration. */
export interface UpstreamTarget {
  /** The server URL as configured: the name used in logs, traces, sticky cookies and health state. */
  url: string;
  /** `scheme://host:port`. */
  origin: string;
  /** `host:port` sent as Host when `passHostHeader` is false. */
  host: string;
  /** The server URL's path, prepended when `preservePath` is set. */
  basePath: string;
  preservePath: boolean;
  passHostHeader: boolean;
  dispatcher: Dispatcher;
}

/** Request headers undici refuses or that only describe the client connection (RFC 9110 §7.6.1). */
function stripRequestHopByHop(
  headers: Record<string, string | string[] | undefined>,
  upgrade: boolean,
): void {
  const conn = headers.connection;
  if (conn !== undefined) {
    for (const token of String(conn).split(',')) {
      const name = token.trim().toLowerCase();
      // Same as traefik forwardedheaders: Connection cannot remove the X- headers the proxy manages.
      if (name !== '' && name !== 'upgrade' && !name.startsWith('x-forwarded-') && name !== 'x-real-ip') {
        delete headers[name];
      }
    }
    delete headers.connection;
  }
  if (headers['keep-alive'] !== undefined) delete headers['keep-alive'];
  if (headers['transfer-encoding'] !== undefined) delete headers['transfer-encoding'];
  if (headers['proxy-connection'] !== undefined) delete headers['proxy-connection'];
  if (headers.expect !== undefined) delete headers.expect;
  if (headers.te !== undefined && headers.te !== 'trailers') delete headers.te;
  if (headers.upgrade !== undefined && !upgrade) delete headers.upgrade;
  if (headers['x-routeyard-trace'] !== undefined) delete headers['x-routeyard-trace'];
  // Never handed to a backend, whoever sent it: the token is the proxy's own secret.
  if (headers[TRACE_TOKEN_HEADER] !== undefined) delete headers[TRACE_TOKEN_HEADER];
}

function forwardedForKey(headers: Record<string, unknown>): string {
  for (const key in headers) if (key.length === 15 && key.toLowerCase() === 'x-forwarded-for') return key;
  return 'x-forwarded-for';
}

function deleteForwardedFor(headers: Record<string, unknown>): void {
  for (const key in headers)
    if (key.length === 15 && key.toLowerCase() === 'x-forwarded-for') delete headers[key];
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

function joinPath(base: string, target: string): string {
  if (base === '' || base === '/') return target;
  if (base.endsWith('/')) return target.startsWith('/') ? base + target.slice(1) : base + target;
  return target.startsWith('/') ? base + target : `${base}/${target}`;
}

function hasRequestBody(ex: Exchange): boolean {
  const h = ex.req.headers;
  if (h['transfer-encoding'] !== undefined) return true;
  const len = h['content-length'];
  if (len !== undefined) return len !== '0';
  // HTTP/2 requests carry no framing headers: a HEADERS frame without END_STREAM announces a body.
  if (ex.req.httpVersionMajor !== 2) return false;
  const stream = (ex.req as { stream?: { endAfterHeaders?: boolean } }).stream;
  return stream?.endAfterHeaders === false;
}

const COUNTED = Symbol('routeyard.forward.counted');

/** A shared 'data' listener instead of a closure per request: the stream carries its exchange. */
function countRequestData(this: Record<symbol, Exchange | undefined>, chunk: Buffer): void {
  const ex = this[COUNTED];
  if (ex !== undefined) ex.requestBytes += chunk.length;
}

/**
 * Counts the body bytes read from `stream` into `ex.requestBytes` (Traefik's capture `RequestSize`). The stream
 * is paused first so that the listener does not start the flow: undici resumes it once it sends the body.
 */
function countStream(ex: Exchange, stream: Readable): void {
  const holder = stream as unknown as Record<symbol, Exchange | undefined>;
  if (holder[COUNTED] !== undefined) return;
  holder[COUNTED] = ex;
  stream.pause();
  stream.on('data', countRequestData);
}

/**
 * Sends the exchange's request to one upstream and streams the answer into `ex.sink`, with backpressure both
 * ways. Same as traefik's proxy: X-Forwarded-For gets the client IP appended here, after the middlewares (none at
 * all when a middleware emptied it: `ex.omitForwardedFor`); the
 * path is the request's (the server URL's path only with `preservePath`); `;` in the query becomes `&`.
 */
export function forward(ex: Exchange, target: UpstreamTarget): void {
  const hreq = ex.hreq;
  const headers = hreq.headers as Record<string, string | string[] | undefined>;
  // Decided before the hop-by-hop headers go: for HTTP/1 `hreq.headers` is the request's own header object.
  const streamsBody = ex.body === undefined && ex.bodyStream === undefined && hasRequestBody(ex);
  stripRequestHopByHop(headers, ex.upgrade);
  if (!target.passHostHeader) headers.host = target.host;
  if (ex.omitForwardedFor) deleteForwardedFor(headers);
  else if (ex.upstream === '') {
    // Node lowercases the client's names; a middleware may have set another spelling (`X-Forwarded-For`).
    const key = headers === ex.req.headers ? 'x-forwarded-for' : forwardedForKey(headers);
    const prior = headers[key];
    headers[key] =
      prior === undefined
        ? ex.clientIP
        : `${Array.isArray(prior) ? prior.join(', ') : prior}, ${ex.clientIP}`;
  }
  if (ex.upgrade) {
    // Same as traefik: some servers need the Sec-WebSocket-* names in their RFC 6455 spelling; undici sends ours.
    if (headers.upgrade === undefined) headers.upgrade = 'websocket';
  }
  let path = hreq.url === ex.url && ex.target !== '*' ? ex.target : requestTarget(hreq.url);
  const q = path.indexOf('?');
  if (q >= 0 && path.indexOf(';', q) >= 0) path = path.slice(0, q) + path.slice(q).replaceAll(';', '&');
  if (target.preservePath) path = joinPath(target.basePath, path);
  ex.upstream = target.url;
  if (ex.trace !== undefined) ex.trace.steps.push({ step: 'upstream', url: target.url, path });
  const body = (ex.body ?? ex.bodyStream ?? (streamsBody ? ex.req : null)) as Buffer | Readable | null;
  // A buffered body was read whole once, whatever the attempts: assigned, not added.
  if (ex.body !== undefined) ex.requestBytes = ex.body.length;
  else if (body !== null) countStream(ex, body as Readable);
  const upgradeProto = ex.upgrade ? String(headers.upgrade) : undefined;
  if (upgradeProto !== undefined) delete headers.upgrade;
  const options: Dispatcher.DispatchOptions = {
    origin: target.origin,
    path,
    method: hreq.method as Dispatcher.HttpMethod,
    headers: headers as Record<string, string | string[]>,
    body,
  };
  if (upgradeProto !== undefined) options.upgrade = upgradeProto;
  target.dispatcher.dispatch(options, new ForwardHandler(ex));
}

/** Streams one upstream answer into the exchange's sink (undici's DispatchHandler interface). */
class ForwardHandler implements Dispatcher.DispatchHandler {
  private readonly ex: Exchange;
  private controller: Dispatcher.DispatchController | undefined;

  constructor(ex: Exchange) {
    this.ex = ex;
    ex.abort = this;
  }

  /** The client went away: cancel the upstream call. */
  abort(): void {
    if (this.controller !== undefined && !this.controller.aborted) {
      this.controller.abort(Object.assign(new Error('client closed the connection'), { code: 'ABORT_ERR' }));
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (statusCode < 200) return;
    stripHopByHop(headers);
    const sink = this.ex.sink;
    sink.head(statusCode, headers);
    if (this.ex.req.method === 'HEAD') return;
    this.controller = controller;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.ex.sink.data(chunk)) {
      controller.pause();
      this.ex.sink.onDrain(() => controller.resume());
    }
  }

  onResponseEnd(
    controller: Dispatcher.DispatchController,
    trailers: Record<string, string | string[] | undefined>,
  ): void {
    // undici parses HTTP/2 trailers (already an object) as a raw list and passes {}; the controller keeps them.
    let t: Record<string, string | string[] | undefined> | undefined = trailers;
    if (isEmpty(t)) {
      const raw = (controller as { rawTrailers?: unknown }).rawTrailers;
      t =
        raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as typeof trailers) : undefined;
    }
    if (t !== undefined && !isEmpty(t) && !this.ex.done) {
      const res = this.ex.res as { destroyed?: boolean; stream?: { destroyed?: boolean } };
      if (!res.destroyed && !res.stream?.destroyed)
        (this.ex.res as { addTrailers(h: object): void }).addTrailers(t);
    }
    this.ex.sink.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    if (this.ex.done) return;
    const classified = classifyUpstreamError(err);
    this.ex.sink.fail(classified);
  }

  onRequestUpgrade(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
    socket: Duplex,
  ): void {
    pipeUpgrade(this.ex, statusCode, headers, socket);
  }
}
