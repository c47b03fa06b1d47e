// The per-request labels of Traefik's metrics middleware (pkg/middlewares/metrics/metrics.go), as small numbers:
// a request's method and protocol are classified once, at the entrypoint, and packed into one integer key so
// that counting a request never builds a string. Rendering turns the numbers back into label values.

/** Traefik's `getMethod`: the RFC 7231/5789/7540 verbs keep their name, anything else is EXTENSION_METHOD. */
export const METHODS = [
  'HEAD',
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
  'PRI',
  'EXTENSION_METHOD',
  'NON_UTF8_HTTP_METHOD',
] as const;
const EXTENSION = 10;
const NON_UTF8 = 11;

/** Traefik's `getRequestProtocol` values; grpc and grpc-web last so that `protocol >= GRPC` finds both. */
export const PROTOCOLS = ['http', 'websocket', 'sse', 'grpc', 'grpc-web'] as const;
const WEBSOCKET = 1;
const SSE = 2;
const GRPC = 3;
const GRPC_WEB = 4;

/** A key is `tls * 128 + method * 8 + protocol`; tls is 0 without TLS, else 1 + the index in `tlsLabels`. */
export const METHOD_SHIFT = 8;
export const TLS_SHIFT = 128;

/** gRPC's codes.Unknown: the code Traefik records when Grpc-Status is missing or not a code. */
export const GRPC_UNKNOWN = 2;

const strict = new TextDecoder('utf-8', { fatal: true });

function isUtf8(method: string): boolean {
  // Node hands methods over as latin1 (one char per byte) or, already decoded, with U+FFFD for bad bytes.
  let wide = false;
  for (let i = 0; i < method.length; i++) {
    const c = method.charCodeAt(i);
    if (c === 0xfffd) return false;
    if (c > 0xff) wide = true;
  }
  if (wide) return true;
  try {
    strict.decode(Buffer.from(method, 'latin1'));
    return true;
  } catch {
    return false;
  }
}

export function methodIndex(method: string): number {
  switch (method) {
    case 'GET':
      return 1;
    case 'POST':
      return 2;
    case 'HEAD':
      return 0;
    case 'PUT':
      return 3;
    case 'DELETE':
      return 4;
    case 'CONNECT':
      return 5;
    case 'OPTIONS':
      return 6;
    case 'TRACE':
      return 7;
    case 'PATCH':
      return 8;
    case 'PRI':
      return 9;
  }
  for (let i = 0; i < method.length; i++) {
    if (method.charCodeAt(i) > 0x7f) return isUtf8(method) ? EXTENSION : NON_UTF8;
  }
  return EXTENSION;
}

type Headers = Record<string, string | string[] | undefined>;

/** Go's `Header.Get`: the first value only. */
function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

const UPGRADE = /upgrade/i;
const WEBSOCKET_RE = /websocket/i;
const EVENT_STREAM = /text\/event-stream/i;

/**
 * Traefik's `containsHeader`: one comma-separated item, trimmed and lowercased, equals `token`. `quick` finds
 * the token anywhere, without allocating, so that the usual value is never split.
 */
function hasItem(value: string | undefined, token: string, quick: RegExp): boolean {
  if (value === undefined || !quick.test(value)) return false;
  for (const item of value.split(',')) if (item.trim().toLowerCase() === token) return true;
  return false;
}

/** Traefik's `getRequestProtocol`, in its order: websocket, sse, grpc-web, grpc, http. */
export function protocolIndex(h: Headers): number {
  const upgrade = h.upgrade;
  if (
    upgrade !== undefined &&
    hasItem(first(h.connection), 'upgrade', UPGRADE) &&
    hasItem(first(upgrade), 'websocket', WEBSOCKET_RE)
  )
    return WEBSOCKET;
  if (hasItem(first(h.accept), 'text/event-stream', EVENT_STREAM)) return SSE;
  const type = first(h['content-type']);
  // Case-sensitive prefixes, as Go's strings.HasPrefix.
  if (type?.startsWith('application/grpc')) return type.startsWith('application/grpc-web') ? GRPC_WEB : GRPC;
  return 0;
}

/** True for the keys of gRPC and gRPC-Web requests, whose code label is their Grpc-Status. */
export function isGrpcKey(key: number): boolean {
  return (key & 7) >= GRPC;
}

const GRPC_STATUS = Symbol('routeyard.metrics.grpcStatus');

type Watched = Record<symbol, unknown> & {
  writeHead(status: number, ...rest: unknown[]): unknown;
  addTrailers(headers: Record<string, unknown>): void;
  getHeader(name: string): unknown;
};

function headerValue(headers: unknown): unknown {
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) return undefined;
  const h = headers as Record<string, unknown>;
  return h['grpc-status'] ?? h['Grpc-Status'];
}

/**
 * For a gRPC request only: notes the Grpc-Status the response sends, in its headers (a trailers-only answer) or
 * its trailers, as Traefik reads it from the response writer after the handler returned. Node does not keep
 * headers given to `writeHead` nor trailers where they can be read back, so this instance's methods note them.
 */
export function watchGrpcStatus(res: object): void {
  const w = res as Watched;
  const writeHead = w.writeHead;
  const addTrailers = w.addTrailers;
  w.writeHead = function (this: Watched, status: number, ...rest: unknown[]) {
    const v = headerValue(rest[rest.length - 1]);
    if (v !== undefined) this[GRPC_STATUS] = v;
    return writeHead.call(this, status, ...rest);
  };
  w.addTrailers = function (this: Watched, headers: Record<string, unknown>) {
    const v = headerValue(headers);
    if (v !== undefined && this[GRPC_STATUS] === undefined) this[GRPC_STATUS] = v;
    addTrailers.call(this, headers);
  };
}

/** The code label of a finished gRPC exchange. */
export function grpcStatusOf(res: object): number {
  const w = res as Watched;
  return grpcCode(w[GRPC_STATUS] ?? w.getHeader('grpc-status'));
}

/** gRPC's `Code.UnmarshalJSON` as Traefik uses it: a decimal code below 17, else codes.Unknown. */
export function grpcCode(value: unknown): number {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v < 17 ? v : GRPC_UNKNOWN;
  if (typeof v !== 'string' || !/^[0-9]{1,9}$/.test(v)) return GRPC_UNKNOWN;
  const n = Number(v);
  return n < 17 ? n : GRPC_UNKNOWN;
}

/** `tls_version` and `tls_cipher` pairs seen so far; a key's tls part is 1 + an index here. */
export const tlsLabels: { version: string; cipher: string }[] = [];
const tlsIndexes = new Map<string, number>();
const TLS_INDEX = Symbol('routeyard.metrics.tls');

/** Traefik's `GetVersion`: "1.0" to "1.3", else "unknown". */
function tlsVersion(protocol: string | null | undefined): string {
  switch (protocol) {
    case 'TLSv1.3':
      return '1.3';
    case 'TLSv1.2':
      return '1.2';
    case 'TLSv1.1':
      return '1.1';
    case 'TLSv1':
      return '1.0';
    default:
      return 'unknown';
  }
}

/** The TLS socket surface read here (node:tls's TLSSocket). */
export interface TlsInfo {
  getProtocol?(): string | null;
  getCipher?(): { standardName?: string } | undefined;
}

/**
 * The tls part of a key for one connection, read once and kept on `holder` (the socket, or the HTTP/2 session
 * whose `socket` is a proxy): version and cipher cannot change within a connection. Cipher names are the IANA
 * ones (OpenSSL's `standardName`), which are Go's constant names.
 */
export function tlsKey(socket: TlsInfo | undefined, holder: object | undefined = socket): number {
  if (socket === undefined || holder === undefined) return 0;
  const cached = (holder as Record<symbol, number | undefined>)[TLS_INDEX];
  if (cached !== undefined) return cached;
  const version = tlsVersion(socket.getProtocol?.());
  const cipher = socket.getCipher?.()?.standardName || 'unknown';
  const id = `${version} ${cipher}`;
  let index = tlsIndexes.get(id);
  if (index === undefined) {
    index = tlsLabels.length;
    tlsLabels.push({ version, cipher });
    tlsIndexes.set(id, index);
  }
  const key = (index + 1) * TLS_SHIFT;
  (holder as Record<symbol, number>)[TLS_INDEX] = key;
  return key;
}

/** The tls part of a key for a request over TLS: its connection's, for HTTP/1 and HTTP/2 alike. */
export function tlsKeyOf(req: {
  httpVersionMajor: number;
  socket: unknown;
  stream?: { session?: { socket?: unknown } | undefined };
}): number {
  if (req.httpVersionMajor !== 2) return tlsKey(req.socket as TlsInfo | undefined);
  const session = req.stream?.session;
  if (session === undefined) return 0;
  const cached = (session as Record<symbol, number | undefined>)[TLS_INDEX];
  return cached ?? tlsKey(session.socket as TlsInfo | undefined, session);
}

/** The whole per-request key: method and protocol of the request, TLS of its connection. */
export function requestKey(method: string | undefined, headers: Headers, tls: number): number {
  return tls + methodIndex(method ?? 'GET') * METHOD_SHIFT + protocolIndex(headers);
}
