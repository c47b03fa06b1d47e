import type { HttpRequest } from '../request.ts';
import { canonicalHeaderKey, parseQuery, routingPath, splitHostPort } from './go-url.ts';

interface UrlParts {
  authority: string;
  rawPath: string;
  rawQuery: string;
}

/** Splits `scheme://authority/path?query#fragment` without normalising anything. */
export function splitUrl(url: string): UrlParts {
  // Hand-written rather than a regexp: this runs for every request the router table sees.
  let pos = 0;
  let authority = '';
  const sep = url.indexOf('://');
  if (sep > 0 && isScheme(url, sep)) {
    let start = sep + 3;
    let end = start;
    while (end < url.length) {
      const c = url.charCodeAt(end);
      if (c === 0x2f || c === 0x3f || c === 0x23) break;
      // Drop user information: the host follows the last '@'.
      if (c === 0x40) start = end + 1;
      end++;
    }
    authority = url.slice(start, end);
    pos = end;
  }
  let stop = url.indexOf('#', pos);
  if (stop < 0) stop = url.length;
  const q = url.indexOf('?', pos);
  if (q < 0 || q > stop) return { authority, rawPath: url.slice(pos, stop), rawQuery: '' };
  return { authority, rawPath: url.slice(pos, q), rawQuery: url.slice(q + 1, stop) };
}

// RFC 3986 scheme: a letter, then letters, digits, '+', '-' or '.'.
function isScheme(url: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = url.charCodeAt(i) | 0x20;
    const letter = c >= 0x61 && c <= 0x7a;
    if (i === 0 ? !letter : !letter && !/[0-9+.-]/.test(url[i] as string)) return false;
  }
  return true;
}

/**
 * Go's `req.Host`: the `Host` header when the request has one (any case), else the URL's
 * authority. An empty `Host` header stays empty, as an HTTP/1.0 request without one does.
 */
export function rawHostOf(req: HttpRequest): string {
  return hostHeader(req) ?? splitUrl(req.url).authority;
}

function hostHeader(req: HttpRequest): string | undefined {
  for (const name in req.headers) {
    if (name.length === 4 && name.toLowerCase() === 'host') {
      const v = req.headers[name];
      return (Array.isArray(v) ? v[0] : v) ?? '';
    }
  }
  return undefined;
}

/**
 * The host Traefik's Host and HostRegexp matchers see (its request decorator): the port
 * removed, white space trimmed, lower-cased. `[::1]:8080` gives `::1`; a bare `[::1]` keeps its
 * brackets, as Go's `net.SplitHostPort` fails on it.
 *
 * @example
 * hostOf({ method: 'GET', url: 'http://Shop.Example.com:8000/', headers: {} }); // 'shop.example.com'
 */
export function hostOf(req: HttpRequest): string {
  return canonicalHost(rawHostOf(req));
}

/** Traefik's `types.CanonicalDomain(parseHost(host))`. */
export function canonicalHost(raw: string): string {
  let host = raw;
  if (raw.includes(':')) host = splitHostPort(raw)?.host ?? raw;
  // Most hosts are already lower-case without spaces; skip the copies then.
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || c <= 0x20 || c >= 0x7f) return host.trim().toLowerCase();
  }
  return host;
}

/**
 * The client address `ClientIP` matches: the host part of `remoteAddr` (Traefik's
 * `RemoteAddrStrategy`; X-Forwarded-For is never consulted). `''` when there is none.
 */
export function clientIpOf(req: HttpRequest): string {
  const addr = req.remoteAddr ?? '';
  return splitHostPort(addr)?.host ?? addr;
}

/** The path the Path matchers see (see `routingPath` in go-url.ts); `undefined` for a bad escape. */
export function routingPathOf(req: HttpRequest): string | undefined {
  return routingPath(splitUrl(req.url).rawPath);
}

/**
 * A request as the matchers read it, each part computed once on first use. A router table
 * makes one view per request and hands it to every rule it tries.
 */
export class RequestView {
  private hostValue: string | undefined;
  private pathValue: string | undefined | null = null;
  private queryValue: Map<string, string[]> | undefined;
  private headerValues: Map<string, string[]> | undefined;
  private urlParts: UrlParts | undefined;

  constructor(readonly req: HttpRequest) {}

  private url(): UrlParts {
    this.urlParts ??= splitUrl(this.req.url);
    return this.urlParts;
  }

  get method(): string {
    return this.req.method;
  }

  get host(): string {
    this.hostValue ??= canonicalHost(hostHeader(this.req) ?? this.url().authority);
    return this.hostValue;
  }

  get path(): string | undefined {
    if (this.pathValue === null) this.pathValue = routingPath(this.url().rawPath);
    return this.pathValue;
  }

  get query(): Map<string, string[]> {
    this.queryValue ??= parseQuery(this.url().rawQuery);
    return this.queryValue;
  }

  get clientIp(): string {
    return clientIpOf(this.req);
  }

  /** The values of a header by canonical name; Go moves `Host` out of the header map. */
  header(canonicalKey: string): string[] | undefined {
    if (!this.headerValues) {
      const map = new Map<string, string[]>();
      for (const [name, value] of Object.entries(this.req.headers)) {
        const key = canonicalHeaderKey(name);
        if (key === 'Host') continue;
        const list = map.get(key) ?? [];
        if (Array.isArray(value)) list.push(...value);
        else list.push(value);
        map.set(key, list);
      }
      this.headerValues = map;
    }
    return this.headerValues.get(canonicalKey);
  }
}
