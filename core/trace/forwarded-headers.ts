import type { EntryPoint } from '../config/types.ts';
import { compileIpChecker, parseIp } from '../middlewares/ip.ts';
import { splitUrl } from '../middlewares/url.ts';
import type { HttpRequest } from '../request.ts';
import { canonicalHeaderKey } from '../rules/go-url.ts';

// Same set as traefik pkg/middlewares/forwardedheaders XHeadersSet: what an untrusted client may not set.
const MANAGED = new Set([
  'X-Forwarded-Proto',
  'X-Forwarded-Scheme',
  'X-Forwarded-For',
  'X-Forwarded-Host',
  'X-Forwarded-Port',
  'X-Forwarded-Server',
  'X-Forwarded-Uri',
  'X-Forwarded-Method',
  'X-Forwarded-Prefix',
  'X-Forwarded-Tls-Client-Cert',
  'X-Forwarded-Tls-Client-Cert-Info',
  'X-Scheme',
  'X-Real-Ip',
]);

/** Whether a header name is one Traefik manages, `_` read as `-` (Go keeps `X_Forwarded_Proto` as sent). */
export function isManagedXHeader(name: string): boolean {
  return MANAGED.has(canonicalHeaderKey(name.replaceAll('_', '-')));
}

/** The entrypoint's `forwardedHeaders` (static configuration), read loosely: the contract type omits it. */
interface ForwardedHeadersOptions {
  insecure?: boolean;
  trustedIPs?: string[];
  connection?: string[];
}

/**
 * Whether the entrypoint trusts the client's X-Forwarded-* headers: `forwardedHeaders.insecure`, or the peer in
 * `forwardedHeaders.trustedIPs` (Traefik's `isTrustedIP` on RemoteAddr, port ignored).
 */
export function trustsForwardedHeaders(ep: EntryPoint | undefined, remoteAddr: string | undefined): boolean {
  const opts = (ep as { forwardedHeaders?: ForwardedHeadersOptions } | undefined)?.forwardedHeaders;
  if (!opts) return false;
  if (opts.insecure === true) return true;
  if (!opts.trustedIPs?.length || !remoteAddr) return false;
  return compileIpChecker(opts.trustedIPs).checker.contains(hostOfAddr(remoteAddr));
}

/** Go's `net.SplitHostPort` host, or undefined when the address has no port. */
function splitAddr(addr: string): string | undefined {
  if (addr.startsWith('[')) {
    const end = addr.indexOf(']:');
    return end > 0 && /^\d*$/.test(addr.slice(end + 2)) ? addr.slice(1, end) : undefined;
  }
  const colon = addr.lastIndexOf(':');
  if (colon < 0 || addr.indexOf(':') !== colon) return undefined;
  return addr.slice(0, colon);
}

function hostOfAddr(addr: string): string {
  return splitAddr(addr) ?? addr;
}

type Headers = HttpRequest['headers'];

/** A header's values by canonical name (any case in the request), in order. */
function values(h: Headers, canonical: string): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(h)) {
    if (canonicalHeaderKey(k) !== canonical) continue;
    if (Array.isArray(v)) out.push(...v);
    else out.push(v);
  }
  return out;
}

const first = (h: Headers, name: string): string => values(h, name)[0] ?? '';

function remove(h: Headers, canonical: string): Headers {
  const out: Headers = {};
  for (const [k, v] of Object.entries(h)) if (canonicalHeaderKey(k) !== canonical) out[k] = v;
  return out;
}

const set = (h: Headers, name: string, value: string): Headers => ({ ...remove(h, name), [name]: value });

function hasToken(h: Headers, name: string, token: string): boolean {
  // Traefik's isWebsocketRequest reads the first value only, as Header.Get does.
  return first(h, name)
    .split(',')
    .some((t) => t.trim().toLowerCase() === token);
}

function forwardedPort(h: Headers, host: string, tls: boolean): string {
  const port = splitAddr(host) === undefined ? '' : host.slice(host.lastIndexOf(':') + 1);
  if (port !== '') return port;
  const proto = first(h, 'X-Forwarded-Proto');
  return proto === 'https' || proto === 'wss' || tls ? '443' : '80';
}

/**
 * The request after the entrypoint's forwarded-headers step, as traefik pkg/middlewares/forwardedheaders: from an
 * untrusted client the managed X- headers (and their `_` variants) are dropped; then X-Real-Ip (when RemoteAddr has
 * a port), X-Forwarded-Proto (ws/wss for a WebSocket upgrade), -Port, -Host are set unless present, several
 * X-Forwarded-For values are joined with ", ", X-Forwarded-Server is set, and the headers that Connection names
 * are removed, except the managed X- headers and those in `forwardedHeaders.connection`.
 */
export function applyForwardedHeaders(
  req: HttpRequest,
  serverName: string,
  trusted = false,
  keepConnectionHeaders: readonly string[] = [],
): HttpRequest {
  let h: Headers = {};
  for (const [k, v] of Object.entries(req.headers)) if (trusted || !isManagedXHeader(k)) h[k] = v;
  const tls = splitUrl(req.url)?.scheme === 'https';
  // Deliberate leniency: a bare IP (a hand-written trace request; real peers always have a port) counts too.
  const addr = req.remoteAddr ?? '';
  const peer = splitAddr(addr) ?? (parseIp(addr) ? addr : undefined);
  if (peer !== undefined && first(h, 'X-Real-Ip') === '')
    h = set(h, 'X-Real-Ip', peer.split('%')[0] as string);
  if (first(h, 'X-Forwarded-Proto') === '') {
    const ws = hasToken(h, 'Connection', 'upgrade') && hasToken(h, 'Upgrade', 'websocket');
    h = set(h, 'X-Forwarded-Proto', ws ? (tls ? 'wss' : 'ws') : tls ? 'https' : 'http');
  }
  const host = first(req.headers, 'Host') || (splitUrl(req.url)?.authority ?? '');
  if (first(h, 'X-Forwarded-Port') === '') h = set(h, 'X-Forwarded-Port', forwardedPort(h, host, tls));
  if (first(h, 'X-Forwarded-Host') === '' && host !== '') h = set(h, 'X-Forwarded-Host', host);
  const xff = values(h, 'X-Forwarded-For');
  if (xff.length > 1) h = set(h, 'X-Forwarded-For', xff.join(', '));
  if (serverName) h = set(h, 'X-Forwarded-Server', serverName);
  return { ...req, headers: removeConnectionHeaders(h, keepConnectionHeaders) };
}

// Traefik's removeConnectionHeaders: a Connection option may not remove a managed X- header (RFC 7230 §6.1).
function removeConnectionHeaders(headers: Headers, keep: readonly string[]): Headers {
  const kept = new Set(keep.map(canonicalHeaderKey));
  const upgrade = values(headers, 'Connection').some((v) =>
    v.split(',').some((t) => t.trim().toLowerCase() === 'upgrade'),
  )
    ? first(headers, 'Upgrade')
    : '';
  let h = headers;
  const hopByHop: string[] = [];
  for (const value of values(headers, 'Connection')) {
    for (const token of value.split(',')) {
      const t = token.trim();
      if (t === '') continue;
      const key = canonicalHeaderKey(t);
      // Go keeps the Host out of the header map, so no Connection option can remove it.
      if (key === 'Host' || isManagedXHeader(key)) continue;
      if (kept.has(key)) hopByHop.push(key);
      else h = remove(h, key);
    }
  }
  if (upgrade !== '') {
    hopByHop.push('Upgrade');
    h = set(h, 'Upgrade', upgrade);
  }
  return hopByHop.length ? set(h, 'Connection', hopByHop.join(',')) : remove(h, 'Connection');
}
