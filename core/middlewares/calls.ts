import type { HttpRequest } from '../request.ts';
import { getHeader, getHeaderValues, withoutHeader } from './http-headers.ts';
import type { MiddlewareDef } from './types.ts';
import { remoteIp, requestHost, requestUri, splitUrl } from './url.ts';

// Same list as Traefik forwardauth: hop-by-hop headers never reach the auth server.
const HOP_HEADERS = [
  'Connection',
  'Keep-Alive',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Te',
  'Trailer',
  'Transfer-Encoding',
  'Upgrade',
];

/**
 * forwardAuth: asks `address` first; a 2xx lets the request through with `authResponseHeaders` copied onto it,
 * anything else is the client's answer. Names the call: the proxy performs it, the tracer reports it.
 */
export const forwardAuth: MiddlewareDef<'forwardAuth'> = {
  type: 'forwardAuth',
  validate(cfg) {
    return /^https?:\/\//.test(cfg.address ?? '') ? [] : ['forwardAuth.address: must be an http(s) URL'];
  },
  compile(cfg) {
    return (req) => ({
      kind: 'call',
      call: {
        middleware: 'forwardAuth',
        address: cfg.address,
        request: authRequest(req, cfg),
        authResponseHeaders: cfg.authResponseHeaders ?? [],
        authResponseHeadersRegex: cfg.authResponseHeadersRegex,
        addAuthCookiesToResponse: cfg.addAuthCookiesToResponse ?? [],
        preserveLocationHeader: cfg.preserveLocationHeader === true,
      },
      request: req,
      notes: [`forwardAuth: asks ${cfg.address}; a 2xx answer lets the request through`],
    });
  },
};

/** The request Traefik sends to the auth server (forwardauth `writeHeader`). */
export function authRequest(
  req: HttpRequest,
  cfg: {
    address: string;
    trustForwardHeader?: boolean;
    authRequestHeaders?: string[];
    preserveRequestMethod?: boolean;
  },
): HttpRequest {
  const trust = cfg.trustForwardHeader === true;
  let headers: Record<string, string | string[]> = { ...req.headers };
  for (const connection of getHeaderValues(headers, 'Connection')) {
    for (const h of connection.split(',')) headers = withoutHeader(headers, h.trim());
  }
  for (const h of HOP_HEADERS) headers = withoutHeader(headers, h);
  if (cfg.authRequestHeaders?.length) {
    const allowed = new Set(cfg.authRequestHeaders.map((h) => h.toLowerCase()));
    headers = Object.fromEntries(Object.entries(headers).filter(([k]) => allowed.has(k.toLowerCase())));
  }
  const parts = splitUrl(req.url);
  const set = (name: string, incoming: string | undefined, own: string | undefined) => {
    headers = withoutHeader(headers, name);
    const value = incoming && trust ? incoming : own;
    if (value) headers[name] = value;
  };
  const ip = remoteIp(req.remoteAddr);
  if (ip) {
    const prior = getHeaderValues(req.headers, 'X-Forwarded-For');
    set('X-Forwarded-For', undefined, trust && prior.length ? `${prior.join(', ')}, ${ip}` : ip);
  }
  set('X-Forwarded-Method', getHeader(req.headers, 'X-Forwarded-Method'), req.method);
  set(
    'X-Forwarded-Proto',
    getHeader(req.headers, 'X-Forwarded-Proto'),
    parts?.scheme === 'https' ? 'https' : 'http',
  );
  const xPort = getHeader(req.headers, 'X-Forwarded-Port');
  headers = withoutHeader(headers, 'X-Forwarded-Port');
  if (xPort && trust) headers['X-Forwarded-Port'] = xPort;
  set('X-Forwarded-Host', getHeader(req.headers, 'X-Forwarded-Host'), requestHost(req, parts));
  set('X-Forwarded-Uri', getHeader(req.headers, 'X-Forwarded-Uri'), parts ? requestUri(parts) || '/' : '/');
  return { method: cfg.preserveRequestMethod ? req.method : 'GET', url: cfg.address, headers };
}

/** errors: when the upstream answers one of `status`, the client gets `service`'s page for `query` instead. */
export const errors: MiddlewareDef<'errors'> = {
  type: 'errors',
  validate(cfg) {
    const problems: string[] = [];
    if (!cfg.service) problems.push('errors.service: must name a service');
    if (!Array.isArray(cfg.status) || cfg.status.length === 0)
      problems.push('errors.status: must list status codes');
    for (const s of cfg.status ?? []) {
      if (!/^\d{3}(-\d{3})?$/.test(String(s).trim()))
        problems.push(`errors.status: invalid status range "${s}"`);
    }
    return problems;
  },
  compile(cfg) {
    return (req) => ({
      kind: 'call',
      call: {
        middleware: 'errors',
        service: cfg.service,
        status: cfg.status,
        query: cfg.query,
        statusRewrites: cfg.statusRewrites,
      },
      request: req,
      notes: [
        `errors: answers with ${cfg.service}${cfg.query ?? ''} when the status is in ${cfg.status.join(', ')}`,
      ],
    });
  },
};

/** Whether a status falls in one of the errors middleware's ranges (`500-599`, `404`). */
export function statusInRanges(status: number, ranges: readonly string[]): boolean {
  return ranges.some((r) => {
    const [lo, hi] = String(r).trim().split('-').map(Number);
    return hi === undefined ? status === lo : status >= (lo as number) && status <= hi;
  });
}
