import { md5 } from '@noble/hashes/legacy.js';
import { parseUsers, UNAUTHORIZED_BODY, UNAUTHORIZED_CONTENT_TYPE } from './auth-users.ts';
import { hex, utf8 } from './encoding.ts';
import { getHeader, withHeader, withoutHeader } from './http-headers.ts';
import type { MiddlewareDef, MiddlewareEnv } from './types.ts';
import { pathUnescape, requestUri, splitUrl } from './url.ts';

const md5hex = (s: string) => hex(md5(utf8(s)));

function randomHex(env: MiddlewareEnv, bytes: number): string {
  let s = '';
  for (let i = 0; i < bytes; i++)
    s += Math.floor(env.random() * 256)
      .toString(16)
      .padStart(2, '0');
  return s;
}

/** Parses the parameters of `Authorization: Digest k="v", k=v`. */
export function parseDigestParams(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([a-zA-Z]+)=(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (let m = re.exec(header); m; m = re.exec(header))
    out[(m[1] as string).toLowerCase()] = m[2] ?? m[3] ?? '';
  return out;
}

/**
 * digestAuth: RFC 2617 digest with htdigest `user:realm:HA1` entries. Without valid credentials the answer is 401
 * with `WWW-Authenticate: Digest realm="traefik", nonce=..., opaque=..., algorithm=MD5, qop="auth"`. The response
 * hash is verified here; whether the nonce was issued by this proxy is the caller's state, not checked in core.
 */
export const digestAuth: MiddlewareDef<'digestAuth'> = {
  type: 'digestAuth',
  validate(cfg) {
    // Traefik builds the middleware without users too; every request then gets 401.
    return parseUsers(cfg.users, 'digestAuth.users', true).problems;
  },
  compile(cfg) {
    const { users } = parseUsers(cfg.users, 'digestAuth.users', true);
    const realm = cfg.realm || 'traefik';
    return (req, env) => {
      const challenge = (note: string) => ({
        kind: 'respond' as const,
        response: {
          status: 401,
          headers: {
            'Content-Type': UNAUTHORIZED_CONTENT_TYPE,
            'WWW-Authenticate': `Digest realm="${realm}", nonce="${randomHex(env, 16)}", opaque="${randomHex(env, 8)}", algorithm=MD5, qop="auth"`,
          },
          body: UNAUTHORIZED_BODY,
        },
        notes: [note],
      });
      const header = getHeader(req.headers, 'Authorization');
      if (!header || !/^digest /i.test(header)) return challenge('digestAuth: no Digest credentials');
      const p = parseDigestParams(header.slice(7));
      const ha1 = users.get(`${p.username}:${realm}`);
      if (!p.username || ha1 === undefined)
        return challenge(`digestAuth: unknown user "${p.username ?? ''}"`);
      if (p.realm !== realm) return challenge('digestAuth: realm mismatch');
      if (!uriMatches(p.uri ?? '', req.url))
        return challenge('digestAuth: the uri parameter does not name this request');
      const ha2 = md5hex(`${req.method}:${p.uri ?? ''}`);
      const expected =
        p.qop === 'auth'
          ? md5hex(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`)
          : md5hex(`${ha1}:${p.nonce}:${ha2}`);
      if (expected !== p.response) return challenge(`digestAuth: wrong response for "${p.username}"`);
      let headers = req.headers;
      if (cfg.headerField) headers = withHeader(headers, cfg.headerField, p.username);
      if (cfg.removeHeader) headers = withoutHeader(headers, 'Authorization');
      return {
        kind: 'next',
        request: { ...req, headers },
        notes: [`digestAuth: authenticated as "${p.username}"`],
      };
    };
  },
};

/**
 * go-http-auth's DigestAuth check of the `uri` parameter: the request URI itself, or (kept there for history) a
 * path that prefixes the request's path.
 */
function uriMatches(uri: string, url: string): boolean {
  const parts = splitUrl(url);
  if (!parts) return false;
  if (uri === requestUri(parts)) return true;
  // url.Parse(uri).Path: no scheme and authority, no query or fragment.
  const path = uri.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/, '').replace(/[?#].*$/, '');
  const want = pathUnescape(path);
  const have = pathUnescape(parts.path);
  return want !== undefined && have !== undefined && want.length <= have.length && have.startsWith(want);
}
