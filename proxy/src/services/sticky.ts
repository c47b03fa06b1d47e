import { createHash } from 'node:crypto';
import type { Sticky } from '../../../core/index.ts';
import type { Exchange } from '../exchange.ts';

/** A sticky cookie's settings, compiled once per configuration. */
export interface StickyCookie {
  name: string;
  /** The `Set-Cookie` attributes after `name=value`. */
  attributes: string;
}

/** Same as traefik pkg/server/cookie: `_` + the sha1 of `_TRAEFIK_BACKEND_<service>`, 6 characters in all. */
export function defaultCookieName(serviceName: string): string {
  const hex = createHash('sha1').update(`_TRAEFIK_BACKEND_${serviceName}`).digest('hex');
  return `_${hex}`.slice(0, 6);
}

/** RFC 2616 token characters only; Traefik replaces the others with `_`. */
function sanitizeCookieName(name: string): string {
  return name.replace(/[^!#$%&'*+\-.^_`|~0-9A-Za-z]/g, '_');
}

/** Same as traefik loadbalancer/sticky.go: the cookie value is the first 16 hex digits of sha256(name). */
export function stickyValue(name: string): string {
  return createHash('sha256').update(name).digest('hex').slice(0, 16);
}

export function compileSticky(sticky: Sticky | undefined, serviceName: string): StickyCookie | undefined {
  const c = sticky?.cookie;
  if (c === undefined) return undefined;
  let attributes = `; Path=${c.path ?? '/'}`;
  if (c.domain) attributes += `; Domain=${c.domain}`;
  if (c.maxAge !== undefined && c.maxAge > 0) attributes += `; Max-Age=${c.maxAge}`;
  else if (c.maxAge !== undefined && c.maxAge < 0) attributes += '; Max-Age=0';
  if (c.httpOnly) attributes += '; HttpOnly';
  if (c.secure) attributes += '; Secure';
  const sameSite = (c.sameSite ?? '').toLowerCase();
  if (sameSite === 'none') attributes += '; SameSite=None';
  else if (sameSite === 'lax') attributes += '; SameSite=Lax';
  else if (sameSite === 'strict') attributes += '; SameSite=Strict';
  return { name: c.name ? sanitizeCookieName(c.name) : defaultCookieName(serviceName), attributes };
}

/** The value of cookie `name` in the request's Cookie header(s), or undefined. */
export function readCookie(ex: Exchange, name: string): string | undefined {
  const raw = ex.hreq.headers.cookie;
  if (raw === undefined) return undefined;
  const all = Array.isArray(raw) ? raw.join('; ') : raw;
  for (const part of all.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      let v = part.slice(eq + 1).trim();
      if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
      return v;
    }
  }
  return undefined;
}

/** Asks the client sink to set the sticky cookie on the response. */
export function setStickyCookie(ex: Exchange, cookie: StickyCookie, value: string): void {
  const line = `${cookie.name}=${value}${cookie.attributes}`;
  if (ex.setCookies === undefined) ex.setCookies = [line];
  else ex.setCookies.push(line);
}
