import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Cookie } from '../config/types.ts';
import { hex, utf8 } from '../middlewares/encoding.ts';
import { getHeaderValues } from '../middlewares/http-headers.ts';
import type { HttpRequest } from '../request.ts';
import { fnv64Hex } from './prng.ts';

/**
 * The sticky cookie's name: the configured one with invalid characters replaced, else `_` and the first five hex
 * digits of SHA-1("_TRAEFIK_BACKEND_" + service), as Traefik's pkg/server/cookie `GetName`.
 */
export function stickyCookieName(configured: string | undefined, serviceName: string): string {
  if (configured) return configured.replace(/[^!#$%&'*+\-.^_`|~0-9A-Za-z]/g, '_');
  return `_${hex(sha1(utf8(`_TRAEFIK_BACKEND_${serviceName}`)))}`.slice(0, 6);
}

/** The cookie value Traefik writes for a handler: the first 16 hex digits of SHA-256 of its name. */
export function stickyCookieValue(handlerName: string): string {
  return hex(sha256(utf8(handlerName))).slice(0, 16);
}

/**
 * The handler a sticky cookie value points at, as Traefik's `StickyHandler`: the SHA-256 form, or for
 * compatibility the plain name, its FNV-64 hash, or the FNV-64 of that hash.
 */
export function stickyTarget(value: string, handlerNames: readonly string[]): string | undefined {
  for (const name of handlerNames) if (stickyCookieValue(name) === value) return name;
  for (const name of handlerNames) {
    const once = fnv64Hex(name);
    if (value === name || value === once || value === fnv64Hex(once)) return name;
  }
  return undefined;
}

/** The value of a cookie on the request, or undefined. */
export function requestCookie(req: HttpRequest, name: string): string | undefined {
  for (const header of getHeaderValues(req.headers, 'Cookie')) {
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      if (part.slice(0, eq).trim() === name)
        return part
          .slice(eq + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1');
    }
  }
  return undefined;
}

/** The Set-Cookie value Traefik writes to stick a client to `handlerName`, as Go's `http.Cookie.String`. */
export function stickySetCookie(cookie: Cookie, name: string, handlerName: string): string {
  let out = `${name}=${stickyCookieValue(handlerName)}; Path=${cookie.path ?? '/'}`;
  if (cookie.domain) out += `; Domain=${cookie.domain}`;
  if (cookie.maxAge && cookie.maxAge > 0) out += `; Max-Age=${cookie.maxAge}`;
  else if (cookie.maxAge && cookie.maxAge < 0) out += '; Max-Age=0';
  if (cookie.httpOnly) out += '; HttpOnly';
  if (cookie.secure) out += '; Secure';
  const sameSite = (cookie.sameSite ?? '').toLowerCase();
  if (sameSite === 'none' || sameSite === 'lax' || sameSite === 'strict') {
    out += `; SameSite=${sameSite[0]?.toUpperCase()}${sameSite.slice(1)}`;
  }
  return out;
}
