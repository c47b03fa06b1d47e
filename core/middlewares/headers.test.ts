import { describe, expect, it } from 'vitest';
import type { Headers } from '../config/types.ts';
import { applyHeaderOps, applyResponseEdits, getHeader } from './http-headers.ts';
import { compileMiddleware } from './registry.ts';
import { get, nextRequest, run } from './test-helpers.ts';

/** The response headers the middleware leaves on an upstream response that had `upstream` headers. */
function responseHeaders(cfg: Headers, req = get('https://a.com/'), upstream: Record<string, string> = {}) {
  const result = run('headers', cfg, req);
  if (result.kind !== 'next') throw new Error(`expected next, got ${result.kind}`);
  return applyHeaderOps(upstream, result.responseHeaders ?? []);
}

describe('headers: custom headers', () => {
  it('sets, overrides and removes request headers; Host sets the host', () => {
    const cfg = {
      customRequestHeaders: { 'X-Script-Name': 'test', 'X-Custom-Request-Header': '', Host: 'internal.svc' },
    };
    const out = nextRequest(
      run('headers', cfg, get('http://a.com/', { 'x-custom-request-header': 'drop me' })),
    );
    expect(out.headers).toEqual({ 'X-Script-Name': 'test', Host: 'internal.svc' });
  });

  it('sets and removes response headers', () => {
    const cfg = { customResponseHeaders: { 'X-Custom-Response-Header': 'value', Server: '' } };
    expect(
      responseHeaders(cfg, get('http://a.com/'), { Server: 'nginx', 'Content-Type': 'text/html' }),
    ).toEqual({
      'Content-Type': 'text/html',
      'X-Custom-Response-Header': 'value',
    });
  });

  it('refuses a configuration that sets nothing', () => {
    expect(compileMiddleware('headers', {})).toMatchObject({ ok: false });
  });
});

describe('headers: CORS', () => {
  const cors: Headers = {
    accessControlAllowMethods: ['GET', 'OPTIONS', 'PUT'],
    accessControlAllowHeaders: ['Content-Type'],
    accessControlAllowOriginList: ['https://foo.bar.org', 'https://example.org'],
    accessControlMaxAge: 100,
    addVaryHeader: true,
  };

  it('answers a preflight itself with 200', () => {
    const req = {
      ...get('https://a.com/', { Origin: 'https://example.org', 'Access-Control-Request-Method': 'PUT' }),
      method: 'OPTIONS',
    };
    expect(run('headers', cors, req)).toMatchObject({
      kind: 'respond',
      response: {
        status: 200,
        headers: {
          'Access-Control-Allow-Methods': 'GET,OPTIONS,PUT',
          'Access-Control-Allow-Headers': 'Content-Type',
          'Access-Control-Allow-Origin': 'https://example.org',
          'Access-Control-Max-Age': '100',
        },
      },
    });
  });

  it.each([
    {
      desc: 'listed origin echoed, Vary added',
      origin: 'https://foo.bar.org',
      allow: 'https://foo.bar.org',
      vary: 'Accept-Encoding,Origin',
    },
    {
      desc: 'unlisted origin gets no allow header',
      origin: 'https://evil.com',
      allow: undefined,
      vary: 'Accept-Encoding,Origin',
    },
  ])('actual request: $desc', ({ origin, allow, vary }) => {
    const h = responseHeaders(cors, get('https://a.com/', { Origin: origin }), { Vary: 'Accept-Encoding' });
    expect(getHeader(h, 'Access-Control-Allow-Origin')).toBe(allow);
    expect(getHeader(h, 'Vary')).toBe(vary);
  });

  it.each([
    { desc: 'wildcard', cfg: { accessControlAllowOriginList: ['*'] }, origin: 'https://x.com', allow: '*' },
    {
      desc: 'regex list echoes the origin',
      cfg: { accessControlAllowOriginListRegex: ['^https://([a-z]+)\\.example\\.com$'] },
      origin: 'https://shop.example.com',
      allow: 'https://shop.example.com',
    },
    {
      desc: 'regex list miss',
      cfg: { accessControlAllowOriginListRegex: ['^https://([a-z]+)\\.example\\.com$'] },
      origin: 'https://example.org',
      allow: undefined,
    },
  ])('origin lists: $desc', ({ cfg, origin, allow }) => {
    expect(
      getHeader(
        responseHeaders(cfg, get('https://a.com/', { Origin: origin })),
        'Access-Control-Allow-Origin',
      ),
    ).toBe(allow);
  });

  it('sets credentials and exposed headers on actual responses', () => {
    const h = responseHeaders({
      accessControlAllowCredentials: true,
      accessControlExposeHeaders: ['X-A', 'X-B'],
    });
    expect(h).toEqual({
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Expose-Headers': 'X-A,X-B',
    });
  });

  it('an OPTIONS without Access-Control-Request-Method is not a preflight', () => {
    const req = { ...get('https://a.com/', { Origin: 'https://example.org' }), method: 'OPTIONS' };
    expect(run('headers', cors, req).kind).toBe('next');
  });
});

describe('headers: security', () => {
  it.each<{
    desc: string;
    cfg: Headers;
    url?: string;
    reqHeaders?: Record<string, string>;
    want: Record<string, string>;
  }>([
    {
      desc: 'STS on https',
      cfg: { stsSeconds: 31536000, stsIncludeSubdomains: true, stsPreload: true },
      want: { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains; preload' },
    },
    { desc: 'no STS on plain http', cfg: { stsSeconds: 60 }, url: 'http://a.com/', want: {} },
    {
      desc: 'forceSTSHeader on http',
      cfg: { stsSeconds: 60, forceSTSHeader: true },
      url: 'http://a.com/',
      want: { 'Strict-Transport-Security': 'max-age=60' },
    },
    {
      desc: 'sslProxyHeaders make http count as https',
      cfg: { stsSeconds: 60, sslProxyHeaders: { 'X-Forwarded-Proto': 'https' } },
      url: 'http://a.com/',
      reqHeaders: { 'X-Forwarded-Proto': 'https' },
      want: { 'Strict-Transport-Security': 'max-age=60' },
    },
    { desc: 'frameDeny', cfg: { frameDeny: true }, want: { 'X-Frame-Options': 'DENY' } },
    {
      desc: 'customFrameOptionsValue wins',
      cfg: { frameDeny: true, customFrameOptionsValue: 'SAMEORIGIN' },
      want: { 'X-Frame-Options': 'SAMEORIGIN' },
    },
    {
      desc: 'contentTypeNosniff and browserXssFilter',
      cfg: { contentTypeNosniff: true, browserXssFilter: true },
      want: { 'X-Content-Type-Options': 'nosniff', 'X-XSS-Protection': '1; mode=block' },
    },
    {
      desc: 'CSP, referrer and permissions policies',
      cfg: {
        contentSecurityPolicy: "default-src 'self'",
        referrerPolicy: 'no-referrer',
        permissionsPolicy: 'camera=()',
      },
      want: {
        'Content-Security-Policy': "default-src 'self'",
        'Referrer-Policy': 'no-referrer',
        'Permissions-Policy': 'camera=()',
      },
    },
  ])('$desc', ({ cfg, url, reqHeaders, want }) => {
    expect(responseHeaders(cfg, get(url ?? 'https://a.com/', reqHeaders ?? {}))).toEqual(want);
  });

  it.each<{ desc: string; host: string; headers: Record<string, string>; status: number }>([
    { desc: 'allowed host passes', host: 'a.com', headers: {}, status: 0 },
    { desc: 'other host is a 500 Bad Host', host: 'b.com', headers: {}, status: 500 },
    {
      desc: 'hostsProxyHeaders consulted first',
      host: 'b.com',
      headers: { 'X-Forwarded-Host': 'a.com' },
      status: 0,
    },
  ])('allowedHosts: $desc', ({ host, headers, status }) => {
    const cfg = { allowedHosts: ['a.com'], hostsProxyHeaders: ['X-Forwarded-Host'] };
    const result = run('headers', cfg, get(`https://${host}/`, headers));
    if (status === 0) expect(result.kind).toBe('next');
    else expect(result).toMatchObject({ kind: 'respond', response: { status: 500 } });
  });

  it('custom response headers can override security headers', () => {
    expect(responseHeaders({ frameDeny: true, customResponseHeaders: { 'X-Frame-Options': '' } })).toEqual(
      {},
    );
  });
});

describe('applyResponseEdits', () => {
  it('applies the innermost middleware first, so the outer one wins', () => {
    const outer = [{ op: 'set' as const, name: 'X-A', value: 'outer' }];
    const inner = [
      { op: 'set' as const, name: 'X-A', value: 'inner' },
      { op: 'set' as const, name: 'X-B', value: 'inner' },
    ];
    expect(applyResponseEdits({ 'x-a': 'upstream' }, [outer, inner])).toEqual({
      'X-A': 'outer',
      'X-B': 'inner',
    });
  });
});
