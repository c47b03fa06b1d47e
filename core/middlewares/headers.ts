import type { Headers } from '../config/types.ts';
import { compileGoRegexp, type GoRegexp } from './go-regexp.ts';
import { getHeader, withHeader, withoutHeader } from './http-headers.ts';
import { checkAllowedHost, hasSecureHeaders, securityHeaderOps } from './security-headers.ts';
import type { HeaderOp, MiddlewareDef } from './types.ts';

/** Same as traefik dynamic.Headers `HasCorsHeadersDefined`. */
export function hasCorsHeaders(h: Headers): boolean {
  return Boolean(
    h.accessControlAllowCredentials ||
      h.accessControlAllowHeaders?.length ||
      h.accessControlAllowMethods?.length ||
      h.accessControlAllowOriginList?.length ||
      h.accessControlAllowOriginListRegex?.length ||
      h.accessControlExposeHeaders?.length ||
      h.accessControlMaxAge ||
      h.addVaryHeader,
  );
}

function hasCustomHeaders(h: Headers): boolean {
  return (
    Object.keys(h.customRequestHeaders ?? {}).length > 0 ||
    Object.keys(h.customResponseHeaders ?? {}).length > 0
  );
}

/**
 * headers: custom request/response headers (an empty value removes the header; `Host` sets the request's host),
 * CORS (a preflight `OPTIONS` with Origin and Access-Control-Request-Method is answered 200 here; actual requests
 * get Access-Control-Allow-Origin on the response) and security headers (Traefik pkg/middlewares/headers). As in
 * Traefik, the CORS/custom part runs first and the security part (allowedHosts, STS, ...) after it.
 */
export const headers: MiddlewareDef<'headers'> = {
  type: 'headers',
  validate(cfg) {
    if (!hasCorsHeaders(cfg) && !hasCustomHeaders(cfg) && !hasSecureHeaders(cfg)) {
      return ['headers: headers configuration not valid (nothing is set)'];
    }
    const problems: string[] = [];
    (cfg.accessControlAllowOriginListRegex ?? []).forEach((src, i) => {
      const re = compileGoRegexp(src);
      if (typeof re === 'string') problems.push(`headers.accessControlAllowOriginListRegex[${i}]: ${re}`);
    });
    return problems;
  },
  compile(cfg) {
    const cors = hasCorsHeaders(cfg);
    const secure = hasSecureHeaders(cfg);
    const originRegexps = (cfg.accessControlAllowOriginListRegex ?? []).map(
      (s) => compileGoRegexp(s) as GoRegexp,
    );
    const allowedOrigin = (origin: string): string | undefined => {
      for (const item of cfg.accessControlAllowOriginList ?? [])
        if (item === '*' || item === origin) return item;
      for (const re of originRegexps) if (re.test(origin)) return origin;
      return undefined;
    };
    const customRequest = Object.entries(cfg.customRequestHeaders ?? {});
    // Same as traefik header.go: an empty X-Forwarded-For becomes a nil header, which the proxy leaves unset.
    const omitForwardedFor = customRequest.some(
      ([name, value]) => value === '' && name.toLowerCase() === 'x-forwarded-for',
    );
    const customResponse: HeaderOp[] = Object.entries(cfg.customResponseHeaders ?? {}).map(([name, value]) =>
      value === '' ? { op: 'delete', name } : { op: 'set', name, value },
    );
    return (req) => {
      const origin = getHeader(req.headers, 'Origin') ?? '';
      if (
        cors &&
        req.method === 'OPTIONS' &&
        origin !== '' &&
        getHeader(req.headers, 'Access-Control-Request-Method')
      ) {
        return {
          kind: 'respond',
          response: { status: 200, headers: preflightHeaders(cfg, allowedOrigin(origin)) },
          notes: ['headers: CORS preflight answered'],
        };
      }
      let request = req;
      for (const [name, value] of customRequest) {
        if (value === '') request = { ...request, headers: withoutHeader(request.headers, name) };
        else
          request = {
            ...request,
            headers: withHeader(request.headers, name.toLowerCase() === 'host' ? 'Host' : name, value),
          };
      }
      const ops: HeaderOp[] = [];
      if (secure) {
        const bad = checkAllowedHost(cfg, request);
        if (bad) return bad;
        ops.push(...securityHeaderOps(cfg, request));
      }
      ops.push(...customResponse);
      const allowed = allowedOrigin(origin);
      if (allowed !== undefined) ops.push({ op: 'set', name: 'Access-Control-Allow-Origin', value: allowed });
      if (cfg.accessControlAllowCredentials)
        ops.push({ op: 'set', name: 'Access-Control-Allow-Credentials', value: 'true' });
      if (cfg.accessControlExposeHeaders?.length) {
        ops.push({
          op: 'set',
          name: 'Access-Control-Expose-Headers',
          value: cfg.accessControlExposeHeaders.join(','),
        });
      }
      if (cfg.addVaryHeader) ops.push({ op: 'appendToken', name: 'Vary', value: 'Origin' });
      return omitForwardedFor
        ? { kind: 'next', request, responseHeaders: ops, omitForwardedFor }
        : { kind: 'next', request, responseHeaders: ops };
    };
  },
};

function preflightHeaders(cfg: Headers, allowed: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (cfg.accessControlAllowCredentials) out['Access-Control-Allow-Credentials'] = 'true';
  if (cfg.accessControlAllowHeaders?.length)
    out['Access-Control-Allow-Headers'] = cfg.accessControlAllowHeaders.join(',');
  if (cfg.accessControlAllowMethods?.length)
    out['Access-Control-Allow-Methods'] = cfg.accessControlAllowMethods.join(',');
  if (allowed !== undefined) out['Access-Control-Allow-Origin'] = allowed;
  out['Access-Control-Max-Age'] = String(Math.trunc(cfg.accessControlMaxAge ?? 0));
  return out;
}
