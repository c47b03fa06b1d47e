import type { HttpRequest } from '../request.ts';
import { fromUtf8, utf8 } from './encoding.ts';
import { getHeader } from './http-headers.ts';

/** An absolute request URL split without normalisation: the path and query keep their encoding as sent. */
export interface UrlParts {
  scheme: string;
  /** `host[:port]` as written (IPv6 in brackets). */
  authority: string;
  hostname: string;
  /** Empty when the URL names no port. */
  port: string;
  /** The raw path; empty only when a middleware stripped it all (Go then sends `/`). */
  path: string;
  /** The raw query without `?`; undefined when there is no `?`. */
  query?: string;
}

const URL_RE = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/;

/** Splits `scheme://host[:port]/path?query`; undefined when the URL is not absolute. */
export function splitUrl(url: string): UrlParts | undefined {
  const m = URL_RE.exec(url);
  if (!m) return undefined;
  const authority = (m[2] as string).replace(/^.*@/, '');
  const { hostname, port } = splitHostPort(authority);
  return {
    scheme: (m[1] as string).toLowerCase(),
    authority,
    hostname,
    port,
    path: m[3] as string,
    query: m[4],
  };
}

/** Splits `host:port`, `[v6]:port`, `host` or `[v6]`; the hostname keeps no brackets. */
export function splitHostPort(authority: string): { hostname: string; port: string } {
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    if (end < 0) return { hostname: authority, port: '' };
    const rest = authority.slice(end + 1);
    return { hostname: authority.slice(1, end), port: rest.startsWith(':') ? rest.slice(1) : '' };
  }
  const colon = authority.lastIndexOf(':');
  if (colon < 0 || authority.indexOf(':') !== colon) return { hostname: authority, port: '' };
  return { hostname: authority.slice(0, colon), port: authority.slice(colon + 1) };
}

/** Joins URL parts back into an absolute URL. */
export function joinUrl(p: UrlParts): string {
  return `${p.scheme}://${p.authority}${p.path}${p.query === undefined ? '' : `?${p.query}`}`;
}

/** The request URI as Go's `req.RequestURI`: raw path plus `?query`. */
export function requestUri(p: UrlParts): string {
  return `${p.path}${p.query === undefined ? '' : `?${p.query}`}`;
}

/** The request's Host as Traefik sees it: the `Host` header when given, else the URL's authority. */
export function requestHost(req: HttpRequest, parts?: UrlParts): string {
  return getHeader(req.headers, 'Host') ?? parts?.authority ?? splitUrl(req.url)?.authority ?? '';
}

/**
 * Decodes percent-escapes as Go's `url.PathUnescape`; undefined on a malformed escape (`%zz`, a `%` cut short).
 * Escaped bytes that are not UTF-8 still decode (to U+FFFD), as Go accepts any bytes.
 */
export function pathUnescape(raw: string): string | undefined {
  if (!raw.includes('%')) return raw;
  if (badEscape(raw) !== undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    const bytes: number[] = [];
    for (let i = 0; i < raw.length; i++) {
      if (raw[i] === '%') {
        bytes.push(Number.parseInt(raw.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(...utf8(raw[i] as string));
    }
    return fromUtf8(Uint8Array.from(bytes));
  }
}

/** The first malformed escape in `raw` as Go's `url.EscapeError` holds it (`%zz`, `%a`), or undefined. */
export function badEscape(raw: string): string | undefined {
  const m = /%(?![0-9a-fA-F]{2})/.exec(raw);
  return m ? raw.slice(m.index, m.index + 3) : undefined;
}

/** The request with a new raw path, everything else kept. */
export function withPath(req: HttpRequest, parts: UrlParts, path: string): HttpRequest {
  return { ...req, url: joinUrl({ ...parts, path }) };
}

/** The client IP of a `remoteAddr` (`ip:port`, `[v6]:port` or a bare IP). */
export function remoteIp(remoteAddr: string | undefined): string {
  if (!remoteAddr) return '';
  if (remoteAddr.startsWith('[')) return splitHostPort(remoteAddr).hostname;
  const colons = remoteAddr.split(':').length - 1;
  return colons === 1 ? splitHostPort(remoteAddr).hostname : remoteAddr;
}
