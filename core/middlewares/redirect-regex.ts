import type { HttpRequest } from '../request.ts';
import { compileGoRegexp, type GoRegexp } from './go-regexp.ts';
import { ABSOLUTE_URI, applyRedirect } from './redirect.ts';
import type { MiddlewareDef } from './types.ts';
import { requestHost, requestUri, splitUrl } from './url.ts';

/**
 * redirectRegex: matches `regex` against the full client URL (`scheme://host[:port]/path?query`, the Host
 * header kept as sent) and redirects to the Go-style replacement when it differs (Traefik redirect_regex.go).
 */
export const redirectRegex: MiddlewareDef<'redirectRegex'> = {
  type: 'redirectRegex',
  validate(cfg) {
    const re = compileGoRegexp(cfg.regex ?? '');
    return typeof re === 'string' ? [`redirectRegex.regex: ${re}`] : [];
  },
  compile(cfg) {
    const re = compileGoRegexp(cfg.regex) as GoRegexp;
    const permanent = cfg.permanent === true;
    return (req) => applyRedirect(req, re, cfg.replacement ?? '', permanent, rawRequestUrl(req));
  },
};

/** The URL as Traefik's redirectRegex `rawURL` builds it: TLS decides the scheme, X-Forwarded-Proto does not. */
export function rawRequestUrl(req: HttpRequest): string {
  const parts = splitUrl(req.url);
  let host = requestHost(req, parts);
  let port = '';
  let uri = parts ? requestUri(parts) : '/';
  let scheme = 'http';
  const m = ABSOLUTE_URI.exec(uri);
  if (m) {
    scheme = m[1] as string;
    if (m[2]) host = m[2];
    if (m[3]) port = m[3];
    uri = m[4] as string;
  }
  if (parts?.scheme === 'https') scheme = 'https';
  return `${scheme}://${host}${port}${uri}`;
}
