import { type IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import type { Duplex } from 'node:stream';
import {
  describeEncodedRejection,
  findDeniedEncodingInUrl,
  type HttpRequest,
  sanitizeUrlPath,
} from '../../../core/index.ts';
import type { ClientResponse } from '../errors.ts';
import type { ClientRequest, Exchange } from '../exchange.ts';
import type { AccessLog } from '../observability/access-log.ts';
import {
  grpcStatusOf,
  isGrpcKey,
  requestKey,
  tlsKeyOf,
  watchGrpcStatus,
} from '../observability/request-labels.ts';
import { TRACE_TOKEN_HEADER, type TraceStore, traceAllowed } from '../observability/traces.ts';
import type { EntryPointRuntime, Runtime } from '../router/runtime.ts';
import { ClientSink, respond, respondNotFound } from '../sink.ts';
import { rewriteForwarded } from './forwarded.ts';
import { PEER, type Peer } from './listener.ts';

/** What the per-request path reads: the current configuration and the observers. */
export interface HandlerState {
  runtime: Runtime | undefined;
  accessLog: AccessLog | undefined;
  traces: TraceStore | undefined;
  /** Lets a request from another host be traced when it carries this token; loopback needs none. */
  traceToken: Buffer | undefined;
  inFlight: number;
  draining: boolean;
  /**
   * Per entrypoint, whether a peer's X-Forwarded-* headers are trusted (`forwardedHeaders.insecure` or
   * `forwardedHeaders.trustedIPs`); absent means never, Traefik's default.
   */
  trustForwarded: Map<string, (ip: string) => boolean>;
  /** Per entrypoint, `forwardedHeaders.connection` as lowercase names: Connection options that keep their header. */
  keepConnection: Map<string, ReadonlySet<string>>;
  onIdle: (() => void) | undefined;
}

const NO_PEER: Peer = { address: '', port: 0 };

/** The peer of a TLS connection or an HTTP/2 stream (plain HTTP/1 reads the socket directly). */
function wrappedPeer(req: ClientRequest): Peer {
  const socket = (
    req.httpVersionMajor === 2 ? (req as Http2ServerRequest).stream.session?.socket : req.socket
  ) as
    | (Duplex & {
        remoteAddress?: string;
        remotePort?: number;
        _handle?: { _parentWrap?: { stream?: unknown } };
      })
    | undefined;
  if (socket?.remoteAddress) return { address: socket.remoteAddress, port: socket.remotePort ?? 0 };
  // A TLS connection wraps the replay stream of its first bytes; the peer was recorded there.
  const inner = socket?._handle?._parentWrap?.stream as Record<symbol, Peer> | undefined;
  return inner?.[PEER] ?? NO_PEER;
}

/** HTTP/2 requests carry `:authority` and other pseudo-headers; upstreams and core want plain ones with Host. */
function plainHeaders(req: ClientRequest): Record<string, string | string[]> {
  if (req.httpVersionMajor !== 2) return req.headers as Record<string, string | string[]>;
  const out: Record<string, string | string[]> = {};
  const h = req.headers as Record<string, string | string[] | undefined>;
  for (const key in h) {
    const v = h[key];
    if (key.charCodeAt(0) !== 58 /* : */ && v !== undefined) out[key] = v;
  }
  const authority = h[':authority'];
  if (out.host === undefined && authority !== undefined) out.host = String(authority);
  return out;
}

const EXCHANGE = Symbol('routeyard.exchange');

/** The access log's protocol field, without a new string per request for the usual versions. */
function protocolName(version: string): string {
  if (version === '1.1') return 'HTTP/1.1';
  if (version === '2.0') return 'HTTP/2.0';
  return `HTTP/${version}`;
}

/** The request target as a path: an absolute-form target (`GET http://h/p`) keeps its path only. */
function requestPath(target: string | undefined): string {
  const path = target ?? '/';
  if (path.charCodeAt(0) === 47 /* / */ || path === '*') return path;
  const scheme = path.indexOf('://');
  const slash = scheme < 0 ? -1 : path.indexOf('/', scheme + 3);
  return slash < 0 ? '/' : path.slice(slash);
}

/** Whether a request target's path has `.`/`..` segments or duplicate slashes for sanitizePath to clean. */
function needsSanitizing(target: string): boolean {
  const q = target.indexOf('?');
  const end = q < 0 ? target.length : q;
  const slashes = target.indexOf('//');
  const dot = target.indexOf('/.');
  return (slashes >= 0 && slashes < end) || (dot >= 0 && dot < end);
}

/** Answers 400 with no body, as Traefik's bare WriteHeader, when the path holds a denied encoded character. */
function rejectEncoded(ex: Exchange, denied: NonNullable<EntryPointRuntime['deniedEncoded']>): boolean {
  const rejection = findDeniedEncodingInUrl(ex.target, denied);
  if (rejection === undefined) return false;
  if (ex.trace !== undefined)
    ex.trace.steps.push({
      step: 'encodedCharacters',
      entryPoint: ex.entryPoint,
      rejected: describeEncodedRejection(rejection, `entrypoint ${ex.entryPoint} (http.encodedCharacters)`),
    });
  respond(ex, 400, {}, '');
  return true;
}

/** The client went away or the response ended: an exchange not completed yet is abandoned (499). */
function onResponseClose(this: Record<symbol, Exchange>): void {
  const ex = this[EXCHANGE];
  if (ex === undefined || ex.done) return;
  ex.abort?.abort();
  ex.complete(ex);
}

/**
 * The per-request path: one configuration snapshot for the whole exchange, the entrypoint's forwarded headers,
 * the router table, then the router's compiled chain. Everything it calls was built at reload time.
 */
export function createHandler(state: HandlerState, entryPoint: string) {
  const complete = (ex: Exchange): void => {
    if (ex.done) return;
    ex.done = true;
    state.inFlight -= 1;
    const seconds = (performance.now() - ex.start) / 1000;
    const status = ex.status || 499;
    const key = ex.metricsKey;
    const code = isGrpcKey(key) ? grpcStatusOf(ex.res) : status;
    ex.epSeries?.observe(key, code, seconds, ex.requestBytes, ex.responseBytes);
    ex.routeSeries?.observe(key, code, seconds, ex.requestBytes, ex.responseBytes);
    ex.serviceSeries?.observe(key, code, seconds, ex.requestBytes, ex.responseBytes);
    if (state.accessLog !== undefined) {
      state.accessLog.write({
        startMs: performance.timeOrigin + ex.start,
        durationNs: Math.round(seconds * 1e9),
        entryPoint: ex.entryPoint,
        router: ex.router,
        service: ex.service,
        upstream: ex.upstream,
        clientHost: ex.clientIP,
        method: ex.req.method ?? '',
        host: String(ex.req.headers.host ?? ex.req.headers[':authority'] ?? ''),
        // The target as the client sent it (Traefik's RequestPath), before any middleware rewrote it.
        path: ex.req.url ?? '/',
        protocol: protocolName(ex.req.httpVersion),
        scheme: ex.secure ? 'https' : 'http',
        status,
        requestBytes: ex.requestBytes,
        responseBytes: ex.responseBytes,
        configVersion: ex.configVersion,
      });
    }
    if (ex.trace !== undefined) {
      ex.trace.status = status;
      ex.trace.durationMs = Math.round(seconds * 1e6) / 1000;
      ex.trace.steps.push({ step: 'response', status });
    }
    if (ex.onDone !== undefined) for (const fn of ex.onDone) fn();
    if (state.inFlight === 0 && state.onIdle !== undefined) state.onIdle();
  };

  const handle = (
    req: ClientRequest,
    res: ClientResponse,
    secure: boolean,
    upgrade?: { head: Buffer },
  ): void => {
    const runtime = state.runtime;
    let address = secure ? undefined : req.socket.remoteAddress;
    let port = req.socket.remotePort ?? 0;
    if (address === undefined) {
      const peer = wrappedPeer(req);
      address = peer.address;
      port = peer.port;
    }
    const clientIP = address.startsWith('::ffff:') ? address.slice(7) : address;
    const headers = plainHeaders(req);
    rewriteForwarded(
      headers,
      clientIP,
      secure,
      state.trustForwarded.get(entryPoint)?.(clientIP) === true,
      state.keepConnection.get(entryPoint),
    );
    const ep = runtime?.entryPoints.get(entryPoint);
    let target = requestPath(req.url);
    // Traefik routes and forwards the cleaned path (URL.JoinPath) unless the entrypoint turns sanitizePath off.
    if (ep?.sanitizePath !== false && needsSanitizing(target)) target = sanitizeUrlPath(target);
    const url = `${secure ? 'https' : 'http'}://${headers.host ?? ''}${target}`;
    const hreq: HttpRequest = {
      method: req.method ?? 'GET',
      url,
      headers,
      remoteAddr: clientIP.includes(':') ? `[${clientIP}]:${port}` : `${clientIP}:${port}`,
      entryPoint,
    };
    if (secure) {
      const servername = (req.socket as { servername?: string }).servername;
      hreq.tls = servername ? { serverName: servername } : {};
    }
    state.inFlight += 1;
    if (state.draining && req.httpVersionMajor === 1) (res as ServerResponse).shouldKeepAlive = false;
    const ex: Exchange = {
      req,
      res,
      hreq,
      clientIP,
      secure,
      entryPoint,
      start: performance.now(),
      url,
      target,
      router: '',
      service: '',
      upstream: '',
      status: 0,
      headerOps: undefined,
      omitForwardedFor: false,
      detectsContentType: false,
      setCookies: undefined,
      sink: undefined as unknown as ClientSink,
      body: undefined,
      trace: undefined,
      onDone: undefined,
      done: false,
      complete,
      upgrade: upgrade !== undefined,
      upgradeHead: upgrade?.head,
      abort: undefined,
      epSeries: ep?.series,
      routeSeries: undefined,
      serviceSeries: undefined,
      requestBytes: 0,
      responseBytes: 0,
      metricsKey: requestKey(req.method, headers, secure ? tlsKeyOf(req) : 0),
      configVersion: runtime?.version ?? '',
    };
    if (isGrpcKey(ex.metricsKey)) watchGrpcStatus(res);
    ex.sink = new ClientSink(ex);
    // A shared listener and a property instead of a closure per request: `close` fires once per response.
    (res as unknown as Record<symbol, Exchange>)[EXCHANGE] = ex;
    res.on('close', onResponseClose);
    if (
      state.traces !== undefined &&
      headers['x-routeyard-trace'] === '1' &&
      traceAllowed(clientIP, headers[TRACE_TOKEN_HEADER], state.traceToken)
    ) {
      const recorded = { ...headers };
      if (recorded[TRACE_TOKEN_HEADER] !== undefined) recorded[TRACE_TOKEN_HEADER] = '<redacted>';
      ex.trace = state.traces.start(ex.configVersion, {
        method: hreq.method,
        url: hreq.url,
        headers: recorded,
        remoteAddr: hreq.remoteAddr ?? '',
      });
      ex.trace.steps.push({ step: 'entryPoint', name: entryPoint, secure });
    }
    const route = ep === undefined ? undefined : (secure ? ep.secure : ep.plain).match(hreq);
    if (route === undefined) {
      if (ex.trace !== undefined) ex.trace.steps.push({ step: 'router', name: null });
      respondNotFound(ex);
      return;
    }
    ex.router = route.name;
    ex.epSeries = route.epSeries;
    ex.routeSeries = route.series;
    if (ex.trace !== undefined) ex.trace.steps.push({ step: 'router', name: route.name, rule: route.rule });
    // Traefik checks http.encodedCharacters on the winning router, on the cleaned path, before any middleware.
    const denied = ep?.deniedEncoded;
    if (denied !== undefined && target.indexOf('%') >= 0 && rejectEncoded(ex, denied)) return;
    route.handler(ex);
  };

  return {
    request(req: ClientRequest, res: ClientResponse, secure: boolean): void {
      handle(req, res, secure);
    },
    /** An upgrade request (WebSocket) gets a response object on its socket, so the usual path can answer it. */
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, secure: boolean): void {
      const res = new ServerResponse(req);
      res.assignSocket(socket as never);
      res.shouldKeepAlive = false;
      res.once('finish', () => socket.destroy());
      socket.on('error', () => socket.destroy());
      handle(req, res, secure, { head });
    },
  };
}
