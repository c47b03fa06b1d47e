import type { RuntimeConfig } from '../config/types.ts';
import type { HttpRequest } from '../request.ts';
import { get, withMiddlewares } from './case-helpers.ts';
import { ENCODED_CASES } from './cases-encoded.ts';
import { MIDDLEWARE_CASES } from './cases-middlewares.ts';
import { ROUTING_CASES } from './cases-routing.ts';
import { SERVICE_CASES } from './cases-services.ts';
import type { RouteExpectation } from './route-tests.ts';
import { makeConfig, shopConfig } from './test-config.ts';

/** One row of the shared trace conformance table: a configuration, a request and what Traefik answers. */
export interface TraceCase {
  desc: string;
  config: () => RuntimeConfig;
  request: HttpRequest;
  seed?: number;
  expect: RouteExpectation;
}

/**
 * One router on `web` for `a.com` (and one on `websecure` with TLS), with `http` set on entrypoint `ep`: the shape
 * of Traefik's entrypoint redirections, which become the internal router `<ep>-to-<to>@internal`.
 */
function withEntryPointHttp(
  ep: 'web' | 'websecure',
  http: NonNullable<RuntimeConfig['entryPoints'][string]['http']>,
  middlewares: RuntimeConfig['http']['middlewares'] = {},
): () => RuntimeConfig {
  return () => {
    const config = makeConfig({
      routers: {
        'r@file': { rule: 'Host(`a.com`)', entryPoints: ['web'], service: 's@file' },
        't@file': { rule: 'Host(`a.com`)', entryPoints: ['websecure'], service: 's@file', tls: {} },
      },
      middlewares,
      services: { 's@file': { loadBalancer: { servers: [{ url: 'http://10.0.0.1:8080' }] } } },
    });
    const entry = config.entryPoints[ep];
    if (entry) entry.http = http;
    return config;
  };
}

const redirectTo = (entryPoint: Record<string, unknown>) => ({ redirections: { entryPoint } });

/**
 * The trace conformance table: run by core/trace/cases.test.ts against `trace`, and meant to be run against the
 * proxy as well (hono's shared `runTest`), so that what the tracer says is what the proxy does.
 */
export const TRACE_CASES: TraceCase[] = [
  {
    desc: 'stripPrefix removes /api and sets X-Forwarded-Prefix',
    config: shopConfig,
    request: get('https://shop.example.com/api/cart?x=1'),
    expect: {
      status: 200,
      router: 'shop-storefront-api@kubernetescrd',
      upstreamUrl: 'http://10.0.0.5:8080/cart?x=1',
      upstreamHeaders: { 'X-Forwarded-Prefix': '/api' },
    },
  },
  {
    desc: 'redirectScheme permanent answers 301 to GET',
    config: shopConfig,
    request: get('http://shop.example.com/x'),
    expect: { status: 301, redirect: 'https://shop.example.com/x' },
  },
  {
    desc: 'redirectScheme permanent answers 308 to POST',
    config: shopConfig,
    request: { ...get('http://shop.example.com/x'), method: 'POST' },
    expect: { status: 308, redirect: 'https://shop.example.com/x' },
  },
  {
    desc: 'basicAuth without credentials answers 401 with the realm',
    config: shopConfig,
    request: get('https://shop.example.com/admin'),
    expect: { status: 401, responseHeaders: { 'WWW-Authenticate': 'Basic realm="traefik"' } },
  },
  {
    desc: 'basicAuth with apr1 credentials forwards',
    config: shopConfig,
    request: get('https://shop.example.com/admin', { Authorization: 'Basic dGVzdDp0ZXN0' }),
    expect: {
      status: 200,
      service: 'shop-web-80@kubernetescrd',
      upstreamHeaders: { Authorization: 'Basic dGVzdDp0ZXN0' },
    },
  },
  {
    desc: 'CORS preflight is answered by the headers middleware',
    config: shopConfig,
    request: {
      ...get('https://shop.example.com/api/cart', {
        Origin: 'https://x.com',
        'Access-Control-Request-Method': 'POST',
      }),
      method: 'OPTIONS',
    },
    expect: {
      status: 200,
      responseHeaders: {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET,POST',
        'Access-Control-Max-Age': '0',
      },
    },
  },
  {
    desc: 'weighted canary with seed 0 picks the main service',
    config: shopConfig,
    request: get('https://shop.example.com/'),
    seed: 0,
    expect: { status: 200, service: 'shop-web-80@kubernetescrd' },
  },
  {
    desc: 'unknown path on a Path-only host is a 404',
    config: shopConfig,
    request: get('https://blog.example.com/fed'),
    expect: { status: 404 },
  },
  {
    desc: 'ipAllowList with depth 1 rejects the right-most X-Forwarded-For address',
    config: withMiddlewares({
      'allow@file': { ipAllowList: { sourceRange: ['192.168.0.0/16'], ipStrategy: { depth: 1 } } },
    }),
    request: get('http://a.com/', { 'X-Forwarded-For': '192.168.1.1, 10.9.9.9' }),
    expect: { status: 403 },
  },
  {
    desc: 'replacePathRegex rewrites the path and records X-Replaced-Path',
    config: withMiddlewares({
      'rw@file': { replacePathRegex: { regex: '^/foo/(.*)', replacement: '/bar/$1' } },
    }),
    request: get('http://a.com/foo/baz?q=1'),
    expect: {
      status: 200,
      upstreamUrl: 'http://10.0.0.1:8080/bar/baz?q=1',
      upstreamHeaders: { 'X-Replaced-Path': '/foo/baz' },
    },
  },
  {
    desc: 'redirectRegex temporary answers 302',
    config: withMiddlewares({
      'rr@file': { redirectRegex: { regex: '^http://a.com/(.*)', replacement: 'http://b.com/$1' } },
    }),
    request: get('http://a.com/x?y=1'),
    expect: { status: 302, redirect: 'http://b.com/x?y=1' },
  },
  {
    desc: 'headers sets STS only on https and custom request headers',
    config: withMiddlewares({
      'h@file': { headers: { stsSeconds: 60, customRequestHeaders: { 'X-Env': 'test' } } },
    }),
    request: get('http://a.com/'),
    expect: { status: 200, upstreamHeaders: { 'X-Env': 'test' }, responseHeaders: {} },
  },
  {
    desc: 'addPrefix then the query is kept, semicolons become ampersands',
    config: withMiddlewares({ 'p@file': { addPrefix: { prefix: '/v1' } } }),
    request: get('http://a.com/x?a=1;b=2'),
    expect: { status: 200, upstreamUrl: 'http://10.0.0.1:8080/v1/x?a=1&b=2' },
  },
  {
    desc: 'X-Forwarded-* from the client are replaced by the entrypoint',
    config: withMiddlewares({}),
    request: get('http://a.com/', { 'X-Forwarded-For': '6.6.6.6', 'X-Forwarded-Host': 'evil.com' }),
    expect: {
      status: 200,
      upstreamHeaders: {
        'X-Forwarded-For': '10.1.2.3',
        'X-Forwarded-Host': 'a.com',
        'X-Forwarded-Proto': 'http',
        'X-Forwarded-Port': '80',
      },
    },
  },
  {
    desc: 'entrypoint redirection to :443 answers 301 to GET from router web-to-443@internal',
    config: withEntryPointHttp('web', redirectTo({ to: ':443' })),
    request: get('http://a.com/x?y=1'),
    expect: { status: 301, router: 'web-to-443@internal', redirect: 'https://a.com/x?y=1' },
  },
  {
    desc: 'entrypoint redirection not permanent answers 307 to POST',
    config: withEntryPointHttp('web', redirectTo({ to: ':443', permanent: false })),
    request: { ...get('http://a.com/x'), method: 'POST' },
    expect: { status: 307, redirect: 'https://a.com/x' },
  },
  {
    desc: 'entrypoint redirection of low priority loses to a router of higher priority',
    config: withEntryPointHttp('web', redirectTo({ to: ':443', priority: 10 })),
    request: get('http://a.com/x'),
    expect: { status: 200, router: 'r@file', upstreamUrl: 'http://10.0.0.1:8080/x' },
  },
  {
    desc: 'entrypoint redirection runs after the entrypoint middlewares',
    config: withEntryPointHttp(
      'web',
      { ...redirectTo({ to: ':443' }), middlewares: ['allow@file'] },
      {
        'allow@file': { ipAllowList: { sourceRange: ['192.168.0.0/16'] } },
      },
    ),
    request: get('http://a.com/x'),
    expect: { status: 403 },
  },
  {
    desc: 'entrypoint redirection to the scheme and port already used answers 418 from noop@internal',
    config: withEntryPointHttp('web', redirectTo({ to: ':80', scheme: 'http' })),
    request: get('http://a.com/x'),
    expect: { status: 418, router: 'web-to-80@internal' },
  },
  {
    desc: 'entrypoint redirection without http.tls leaves HTTPS requests to the TLS routers',
    config: withEntryPointHttp('websecure', redirectTo({ to: ':8443' })),
    request: get('https://a.com/x'),
    expect: { status: 200, router: 't@file', upstreamUrl: 'http://10.0.0.1:8080/x' },
  },
  {
    desc: 'entrypoint redirection with http.tls redirects HTTPS requests',
    config: withEntryPointHttp('websecure', { ...redirectTo({ to: ':8443' }), tls: {} }),
    request: get('https://a.com/x'),
    expect: { status: 301, router: 'websecure-to-8443@internal', redirect: 'https://a.com:8443/x' },
  },
  ...ROUTING_CASES,
  ...MIDDLEWARE_CASES,
  ...SERVICE_CASES,
  ...ENCODED_CASES,
];
