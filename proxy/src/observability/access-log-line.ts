/**
 * One access log line in Traefik's JSON access log format: its field names (pkg/middlewares/accesslog
 * logdata.go), its value types (durations as integer nanoseconds, StartUTC as Go's RFC 3339 with trimmed
 * nanoseconds) and its key order (logrus marshals a map, so keys are sorted bytewise), with Traefik's default
 * `level`, `msg` and `time`. Kept: the fields that say where a request went and how it ended. `configVersion`
 * is Routeyard's own: the configuration that served the request.
 */
export interface AccessLogEntry {
  /** When the request arrived, in milliseconds since the epoch (fractional: microseconds). */
  startMs: number;
  durationNs: number;
  entryPoint: string;
  /** Empty when no router took the request: the key is left out, as Traefik does. */
  router: string;
  service: string;
  /** The server URL the request went to; empty when none. */
  upstream: string;
  clientHost: string;
  method: string;
  /** The Host header as sent; RequestHost is its name without the port. */
  host: string;
  /** The request target as the client sent it (path and query). */
  path: string;
  protocol: string;
  scheme: string;
  status: number;
  requestBytes: number;
  responseBytes: number;
  configVersion: string;
}

/** The longest line written in place: past this, a line is built as a string and written on its own. */
export const MAX_LINE_BYTES = 16 * 1024;

/** Bytes of a line without its variable strings, escapes aside: keys, quotes and the numbers. */
const FIXED_BYTES = 512;

/** Writes a constant ASCII string. */
function putAscii(buf: Buffer, o: number, s: string): number {
  const n = s.length;
  for (let i = 0; i < n; i++) buf[o + i] = s.charCodeAt(i);
  return o + n;
}

/** Writes `s.slice(start, end)` as JSON string content, without building the slice. */
function putString(buf: Buffer, o: number, s: string, start = 0, end = s.length): number {
  let at = o;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    // Control characters, quote, backslash and anything past ASCII: JSON escapes or UTF-8, done the slow way.
    if (c < 0x20 || c > 0x7e || c === 34 || c === 92) return putEscaped(buf, at, s.slice(i, end));
    buf[at++] = c;
  }
  return at;
}

function putEscaped(buf: Buffer, o: number, s: string): number {
  return o + buf.write(JSON.stringify(s).slice(1, -1), o);
}

/** A non-negative integer below 2^53, digit by digit (no string). */
function putInt(buf: Buffer, o: number, v: number): number {
  if (!(v >= 0 && Number.isSafeInteger(v))) return putAscii(buf, o, String(v));
  let digits = 1;
  for (let t = v; t >= 10; t = Math.floor(t / 10)) digits++;
  let t = v;
  for (let i = digits - 1; i >= 0; i--) {
    buf[o + i] = 48 + (t % 10);
    t = Math.floor(t / 10);
  }
  return o + digits;
}

/** `YYYY-MM-DDTHH:MM:SS` of a second, formatted once per second per cache. */
class SecondCache {
  private second = Number.NaN;
  private text = '';

  get(epochSecond: number): string {
    if (epochSecond !== this.second) {
      this.second = epochSecond;
      this.text = new Date(epochSecond * 1000).toISOString().slice(0, 19);
    }
    return this.text;
  }
}

/** Go's RFC 3339 with nanoseconds in UTC: the fraction loses its trailing zeros, and its dot when it is zero. */
function putStartUtc(buf: Buffer, o: number, ms: number, seconds: SecondCache): number {
  const whole = Math.floor(ms / 1000);
  let at = putAscii(buf, o, seconds.get(whole));
  let nanos = Math.round((ms - whole * 1000) * 1e6);
  if (nanos >= 1e9) nanos = 999_999_999;
  if (nanos > 0) {
    let digits = 9;
    while (nanos % 10 === 0) {
      nanos /= 10;
      digits--;
    }
    buf[at++] = 46;
    for (let i = digits - 1; i >= 0; i--) {
      buf[at + i] = 48 + (nanos % 10);
      nanos = Math.floor(nanos / 10);
    }
    at += digits;
  }
  buf[at] = 90; // Z
  return at + 1;
}

/** Where the Host header's name ends: before `:port`, or inside `[...]` for an IPv6 literal. */
function hostNameRange(host: string): [number, number] {
  if (host.charCodeAt(0) === 91 /* [ */) {
    const close = host.indexOf(']');
    return close < 0 ? [0, host.length] : [1, close];
  }
  const colon = host.lastIndexOf(':');
  return colon < 0 || host.indexOf(':') !== colon ? [0, host.length] : [0, colon];
}

/** Encodes entries into buffers; keeps the per-second time strings between lines. */
export class LineEncoder {
  private readonly startSeconds = new SecondCache();
  private readonly nowSeconds = new SecondCache();

  /** An upper bound of the entry's encoded size. */
  maxBytes(e: AccessLogEntry): number {
    const strings =
      e.entryPoint.length +
      e.router.length +
      e.service.length +
      e.upstream.length +
      e.clientHost.length +
      e.method.length +
      e.host.length +
      e.path.length +
      e.protocol.length +
      e.scheme.length +
      e.configVersion.length;
    // A UTF-16 unit takes at most 6 bytes as a JSON escape (\u001f) and 3 as UTF-8.
    return FIXED_BYTES + 6 * strings;
  }

  /** Writes the line (with its newline) at `o`, which has room for `maxBytes(e)`; returns the end. */
  encode(buf: Buffer, o: number, e: AccessLogEntry, nowMs: number): number {
    let at = putAscii(buf, o, '{"ClientHost":"');
    at = putString(buf, at, e.clientHost);
    at = putAscii(buf, at, '","DownstreamContentSize":');
    at = putInt(buf, at, e.responseBytes);
    at = putAscii(buf, at, ',"DownstreamStatus":');
    at = putInt(buf, at, e.status);
    at = putAscii(buf, at, ',"Duration":');
    at = putInt(buf, at, e.durationNs);
    at = putAscii(buf, at, ',"RequestAddr":"');
    at = putString(buf, at, e.host);
    at = putAscii(buf, at, '","RequestContentSize":');
    at = putInt(buf, at, e.requestBytes);
    at = putAscii(buf, at, ',"RequestHost":"');
    const [from, to] = hostNameRange(e.host);
    at = putString(buf, at, e.host, from, to);
    at = putAscii(buf, at, '","RequestMethod":"');
    at = putString(buf, at, e.method);
    at = putAscii(buf, at, '","RequestPath":"');
    at = putString(buf, at, e.path);
    at = putAscii(buf, at, '","RequestProtocol":"');
    at = putString(buf, at, e.protocol);
    at = putAscii(buf, at, '","RequestScheme":"');
    at = putString(buf, at, e.scheme);
    at = putAscii(buf, at, '"');
    if (e.router !== '') {
      at = putAscii(buf, at, ',"RouterName":"');
      at = putString(buf, at, e.router);
      at = putAscii(buf, at, '"');
    }
    if (e.service !== '') {
      at = putAscii(buf, at, ',"ServiceName":"');
      at = putString(buf, at, e.service);
      at = putAscii(buf, at, '"');
    }
    if (e.upstream !== '') {
      at = putAscii(buf, at, ',"ServiceURL":"');
      at = putString(buf, at, e.upstream);
      at = putAscii(buf, at, '"');
    }
    at = putAscii(buf, at, ',"StartUTC":"');
    at = putStartUtc(buf, at, e.startMs, this.startSeconds);
    at = putAscii(buf, at, '","configVersion":"');
    at = putString(buf, at, e.configVersion);
    at = putAscii(buf, at, '","entryPointName":"');
    at = putString(buf, at, e.entryPoint);
    at = putAscii(buf, at, '","level":"info","msg":"","time":"');
    at = putAscii(buf, at, this.nowSeconds.get(Math.floor(nowMs / 1000)));
    return putAscii(buf, at, 'Z"}\n');
  }
}

/** The line as a string (for a line too long to encode in place, and for tests). */
export function formatLine(e: AccessLogEntry, nowMs: number): string {
  const encoder = new LineEncoder();
  const buf = Buffer.allocUnsafe(encoder.maxBytes(e));
  return buf.toString('utf8', 0, encoder.encode(buf, 0, e, nowMs));
}
