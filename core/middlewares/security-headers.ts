import type { Headers } from '../config/types.ts';
import type { HttpRequest } from '../request.ts';
import { getHeader } from './http-headers.ts';
import type { HeaderOp, MiddlewareResult } from './types.ts';
import { requestHost, splitUrl } from './url.ts';

/** Same as traefik dynamic.Headers `HasSecureHeadersDefined`. */
export function hasSecureHeaders(h: Headers): boolean {
  return Boolean(
    h.allowedHosts?.length ||
      h.hostsProxyHeaders?.length ||
      Object.keys(h.sslProxyHeaders ?? {}).length ||
      h.stsSeconds ||
      h.stsIncludeSubdomains ||
      h.stsPreload ||
      h.forceSTSHeader ||
      h.frameDeny ||
      h.customFrameOptionsValue ||
      h.contentTypeNosniff ||
      h.browserXssFilter ||
      h.customBrowserXSSValue ||
      h.contentSecurityPolicy ||
      h.contentSecurityPolicyReportOnly ||
      h.publicKey ||
      h.referrerPolicy ||
      h.permissionsPolicy ||
      h.isDevelopment,
  );
}

/**
 * allowedHosts, as unrolled/secure (which Traefik uses): the host is the first non-empty `hostsProxyHeaders`
 * header, else the request's Host; one not listed gets 500 "Bad Host". `isDevelopment` skips the check.
 */
export function checkAllowedHost(cfg: Headers, req: HttpRequest): MiddlewareResult | undefined {
  if (!cfg.allowedHosts?.length || cfg.isDevelopment) return undefined;
  let host = requestHost(req);
  for (const h of cfg.hostsProxyHeaders ?? []) {
    const v = getHeader(req.headers, h);
    if (v) {
      host = v;
      break;
    }
  }
  // unrolled/secure compares with strings.EqualFold.
  const lower = host.toLowerCase();
  if (cfg.allowedHosts.some((h) => h.toLowerCase() === lower)) return undefined;
  return {
    kind: 'respond',
    // unrolled/secure's default bad host handler: http.Error(w, "Bad Host", 500).
    response: {
      status: 500,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
      body: 'Bad Host\n',
    },
    notes: [`headers: host "${host}" is not in allowedHosts`],
  };
}

/** Whether the request counts as HTTPS for STS: its scheme, or one of `sslProxyHeaders` with its exact value. */
function isSsl(cfg: Headers, req: HttpRequest): boolean {
  // splitUrl lower-cases the scheme: unrolled/secure's EqualFold(r.URL.Scheme, "https").
  if (splitUrl(req.url)?.scheme === 'https') return true;
  return Object.entries(cfg.sslProxyHeaders ?? {}).some(([k, v]) => getHeader(req.headers, k) === v);
}

/** The response headers unrolled/secure sets for this configuration and request. */
export function securityHeaderOps(cfg: Headers, req: HttpRequest): HeaderOp[] {
  const ops: HeaderOp[] = [];
  const set = (name: string, value: string) => ops.push({ op: 'set', name, value });
  const ssl = isSsl(cfg, req);
  if (cfg.stsSeconds && (ssl || cfg.forceSTSHeader) && !cfg.isDevelopment) {
    let sts = `max-age=${cfg.stsSeconds}`;
    if (cfg.stsIncludeSubdomains) sts += '; includeSubDomains';
    if (cfg.stsPreload) sts += '; preload';
    set('Strict-Transport-Security', sts);
  }
  if (cfg.customFrameOptionsValue) set('X-Frame-Options', cfg.customFrameOptionsValue);
  else if (cfg.frameDeny) set('X-Frame-Options', 'DENY');
  if (cfg.contentTypeNosniff) set('X-Content-Type-Options', 'nosniff');
  if (cfg.customBrowserXSSValue) set('X-XSS-Protection', cfg.customBrowserXSSValue);
  else if (cfg.browserXssFilter) set('X-XSS-Protection', '1; mode=block');
  if (cfg.publicKey && ssl && !cfg.isDevelopment) set('Public-Key-Pins', cfg.publicKey);
  if (cfg.contentSecurityPolicy) set('Content-Security-Policy', cfg.contentSecurityPolicy);
  if (cfg.contentSecurityPolicyReportOnly)
    set('Content-Security-Policy-Report-Only', cfg.contentSecurityPolicyReportOnly);
  if (cfg.referrerPolicy) set('Referrer-Policy', cfg.referrerPolicy);
  if (cfg.permissionsPolicy) set('Permissions-Policy', cfg.permissionsPolicy);
  return ops;
}
