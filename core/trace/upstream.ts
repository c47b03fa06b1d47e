import { getHeaderValues, withHeader, withoutHeader } from '../middlewares/http-headers.ts';
import { remoteIp, requestHost, splitUrl } from '../middlewares/url.ts';
import type { HttpRequest } from '../request.ts';

const HOP_BY_HOP = [
  'Connection',
  'Keep-Alive',
  'Proxy-Connection',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Te',
  'Trailer',
  'Transfer-Encoding',
];

/** The request Traefik's reverse proxy sends to `serverUrl`. */
export interface UpstreamRequest {
  method: string;
  url: string;
  /** The Host the upstream sees. */
  host: string;
  headers: Record<string, string | string[]>;
}

/**
 * Builds the upstream request as Traefik's proxy director: the server's scheme and host with the request's path
 * (the server URL's own path only with `preservePath`), `;` in the query turned into `&`, Host kept when
 * `passHostHeader` (default), hop-by-hop headers dropped and the client IP appended to X-Forwarded-For (unless
 * `appendForwardedFor` is false: a middleware emptied the header, or the entrypoint's
 * `forwardedHeaders.notAppendXForwardedFor`).
 */
export function upstreamRequest(
  req: HttpRequest,
  serverUrl: string,
  passHostHeader: boolean,
  preservePath: boolean,
  appendForwardedFor = true,
): UpstreamRequest {
  const target = splitUrl(serverUrl);
  const parts = splitUrl(req.url);
  let path = parts?.path || '/';
  if (preservePath && target?.path && target.path !== '/') {
    path = `${target.path.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
  }
  const query = parts?.query === undefined ? '' : `?${parts.query.replaceAll(';', '&')}`;
  const url = `${target?.scheme ?? 'http'}://${target?.authority ?? serverUrl}${path}${query}`;
  let headers = req.headers;
  const websocket = getHeaderValues(headers, 'Upgrade').some((v) => v.toLowerCase() === 'websocket');
  for (const c of getHeaderValues(headers, 'Connection')) {
    for (const h of c.split(','))
      if (!(websocket && h.trim().toLowerCase() === 'upgrade')) headers = withoutHeader(headers, h.trim());
  }
  for (const h of HOP_BY_HOP) headers = withoutHeader(headers, h);
  if (!websocket) headers = withoutHeader(headers, 'Upgrade');
  else headers = withHeader(headers, 'Connection', 'Upgrade');
  const ip = remoteIp(req.remoteAddr);
  if (ip && appendForwardedFor) {
    const prior = getHeaderValues(req.headers, 'X-Forwarded-For');
    headers = withHeader(headers, 'X-Forwarded-For', prior.length ? `${prior.join(', ')}, ${ip}` : ip);
  }
  const host = passHostHeader ? requestHost(req, parts) : (target?.authority ?? '');
  headers = withHeader(headers, 'Host', host);
  return { method: req.method, url, host, headers };
}
