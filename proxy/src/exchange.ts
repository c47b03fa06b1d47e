import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import type { HeaderOp, HttpRequest } from '../../core/index.ts';
import type { ClientResponse, UpstreamError } from './errors.ts';
import type { RequestSeries } from './observability/metrics.ts';
import type { TraceRecord } from './observability/traces.ts';

/** The client-facing request object of either protocol. */
export type ClientRequest = IncomingMessage | Http2ServerRequest;

/** Outgoing response headers as node and undici both take them. */
export type ResponseHeaders = Record<string, string | string[] | number | undefined>;

/**
 * Where a response goes. The client sink writes to the socket; I/O middlewares (errors, compress, retry,
 * circuitBreaker) wrap it to look at or rewrite what comes back.
 */
export interface ResponseSink {
  head(status: number, headers: ResponseHeaders): void;
  /** False asks the producer to wait for `onDrain`. */
  data(chunk: Buffer): boolean;
  end(): void;
  /** The upstream failed; before `head` the sink answers 502/504, after it the response is cut. */
  fail(err: UpstreamError): void;
  onDrain(fn: () => void): void;
}

/** Per-request state, created once per request and passed down the compiled handler chain. */
export interface Exchange {
  readonly req: ClientRequest;
  readonly res: ClientResponse;
  /** The request as core sees it; middlewares replace it. */
  hreq: HttpRequest;
  readonly clientIP: string;
  readonly secure: boolean;
  readonly entryPoint: string;
  /** `performance.now()` when the request arrived. */
  readonly start: number;
  /** `hreq.url` as the request arrived, and its path and query: the forwarder reuses it while no middleware changed the URL. */
  readonly url: string;
  readonly target: string;
  router: string;
  service: string;
  upstream: string;
  status: number;
  /**
   * Response header edits, one list per middleware, outermost first; the client sink applies them innermost
   * first (core's `applyResponseEdits`), so an outer middleware's edit of the same header wins, as in Traefik.
   */
  headerOps: (readonly HeaderOp[])[] | undefined;
  /**
   * A middleware emptied X-Forwarded-For (core's `omitForwardedFor`) and none set it since: the forwarder sends
   * no X-Forwarded-For at all, as Traefik's proxy does for a nil header.
   */
  omitForwardedFor: boolean;
  /**
   * A contentType middleware is on the chain. Traefik v3 keeps an empty Content-Type key on every answer (Go then
   * detects nothing) unless one is: only then does compress's gzip writer set the type it sniffed.
   */
  detectsContentType: boolean;
  /** Extra `Set-Cookie` values (sticky sessions). */
  setCookies: string[] | undefined;
  sink: ResponseSink;
  /** Buffered request body (buffering, retry, mirroring); otherwise the body streams from `req`. */
  body: Buffer | undefined;
  /** A replacement body stream (a mirrored request whose body outgrew the mirror bound). */
  bodyStream?: NodeJS.ReadableStream;
  trace: TraceRecord | undefined;
  /** Called once when the response is complete or the exchange is abandoned. */
  onDone: (() => void)[] | undefined;
  done: boolean;
  /** Records the finished exchange (metrics, access log, trace) and runs `onDone`; idempotent. */
  readonly complete: (ex: Exchange) => void;
  /** True when the client asked for a protocol upgrade (WebSocket). */
  readonly upgrade: boolean;
  /** Bytes the client sent after its upgrade request, forwarded once the upstream accepts. */
  upgradeHead?: Buffer;
  /** The upstream call in progress, cancelled when the client goes away; set by the forwarder. */
  abort: { abort(): void } | undefined;
  /** Metric series, handed from the compiled configuration. */
  epSeries: RequestSeries | undefined;
  routeSeries: RequestSeries | undefined;
  serviceSeries: RequestSeries | undefined;
  /**
   * Request body bytes read from the client (streamed upstream or buffered) and response body bytes written to
   * it: Traefik's capture `RequestSize`/`ResponseSize`, headers excluded.
   */
  requestBytes: number;
  responseBytes: number;
  /** The request's method, protocol and TLS labels as one number (observability/request-labels.ts `requestKey`). */
  readonly metricsKey: number;
  configVersion: string;
}

/** The request's path and query as sent upstream: everything after the authority of `hreq.url`. */
export function requestTarget(url: string): string {
  const scheme = url.indexOf('://');
  const slash = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
  if (slash < 0) {
    const q = url.indexOf('?', scheme + 3);
    return q < 0 ? '/' : `/${url.slice(q)}`;
  }
  return url.slice(slash);
}

/** Records one middleware's response header edits; middlewares run outermost first, so they arrive in that order. */
export function addHeaderOps(ex: Exchange, ops: readonly HeaderOp[] | undefined): void {
  if (ops === undefined || ops.length === 0) return;
  if (ex.headerOps === undefined) ex.headerOps = [ops];
  else ex.headerOps.push(ops);
}
