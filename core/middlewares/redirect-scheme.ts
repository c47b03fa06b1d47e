import type { HttpRequest } from '../request.ts';
import { compileGoRegexp, type GoRegexp } from './go-regexp.ts';
import { getHeader } from './http-headers.ts';
import { ABSOLUTE_URI, applyRedirect } from './redirect.ts';
import type { MiddlewareDef } from './types.ts';
import { requestHost, requestUri, splitHostPort, splitUrl } from './url.ts';

// Same pattern as Traefik's redirectScheme: optional scheme, host, port, rest.
const SCHEME_PATTERN = String.raw`^(https?:\/\/)?(\[[\w:.]+\]|[\w\._-]+)?(:\d+)?(.*)$`;

/**
 * redirectScheme: redirects to `scheme` (and `port`) when the client URL differs (Traefik
 * pkg/middlewares/redirect/redirect_scheme.go). The client scheme is https on TLS, or what `X-Forwarded-Proto`
 * says (`ws`/`wss` count as http/https); default ports are dropped on both sides.
 */
export const redirectScheme: MiddlewareDef<'redirectScheme'> = {
  type: 'redirectScheme',
  validate(cfg) {
    return cfg.scheme ? [] : ['redirectScheme.scheme: you must provide a target scheme'];
  },
  compile(cfg) {
    const scheme = cfg.scheme as string;
    const portCfg = cfg.port === undefined ? '' : String(cfg.port);
    const isDefault = (scheme === 'http' && portCfg === '80') || (scheme === 'https' && portCfg === '443');
    const port = portCfg !== '' && !isDefault ? `:${portCfg}` : '';
    const re = compileGoRegexp(SCHEME_PATTERN) as GoRegexp;
    const replacement = `${scheme}://\${2}${port}\${4}`;
    const permanent = cfg.permanent === true;
    return (req) => applyRedirect(req, re, replacement, permanent, clientRequestUrl(req));
  },
};

/** The URL the client used, as Traefik's `clientRequestURL`. */
export function clientRequestUrl(req: HttpRequest): string {
  const parts = splitUrl(req.url);
  const hostHeader = requestHost(req, parts);
  const split = splitHostPort(hostHeader);
  let host =
    split.port === '' ? hostHeader : split.hostname.includes(':') ? `[${split.hostname}]` : split.hostname;
  let port = split.port === '' ? '' : `:${split.port}`;
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
  const xProto = getHeader(req.headers, 'X-Forwarded-Proto');
  if (xProto) {
    const p = xProto.toLowerCase();
    if (p === 'http' || p === 'ws') scheme = 'http';
    else if (p === 'https' || p === 'wss') scheme = 'https';
  }
  if ((scheme === 'http' && port === ':80') || (scheme === 'https' && port === ':443')) port = '';
  return `${scheme}://${host}${port}${uri}`;
}
