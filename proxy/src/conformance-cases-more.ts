// More proxy conformance rows (see conformance-cases.ts): values with a random or address-bound part, absent
// headers, and request bodies, which the shared table's expectation cannot say.
import type { Middleware, RuntimeConfig, Service } from '../../core/index.ts';
import { get, withMiddlewares } from '../../core/trace/case-helpers.ts';
import type { ProxyCase } from './conformance-cases.ts';

/** The shared table's one router on `web` for `a.com` through `middlewares`, with another `s@file` if given. */
function routed(middlewares: Record<string, Middleware>, service?: Service): () => RuntimeConfig {
  const base = withMiddlewares(middlewares);
  if (service === undefined) return base;
  return () => {
    const config = base();
    config.http.services['s@file'] = service;
    return config;
  };
}

const twoServers = (sticky: NonNullable<Service['loadBalancer']>['sticky']): Service => ({
  loadBalancer: {
    servers: [{ url: 'http://10.0.0.1:8080' }, { url: 'http://10.0.0.2:8080' }],
    sticky,
  },
});

export const MORE_PROXY_CASES: ProxyCase[] = [
  {
    desc: 'digestAuth without credentials answers 401 with a Digest challenge',
    config: routed({
      'd@file': { digestAuth: { users: ['test:traefik:a2688e031edb4be6a3797f3882655c05'] } },
    }),
    request: get('http://a.com/'),
    expect: { status: 401 },
    responseHeaderPatterns: {
      'WWW-Authenticate': 'Digest realm="traefik", nonce="*", opaque="*", algorithm=MD5, qop="auth"',
    },
  },
  {
    desc: 'an unnamed sticky cookie is _ and SHA-1("_TRAEFIK_BACKEND_s@file")[:5], 16 hex digits, Path=/',
    config: routed({}, twoServers({ cookie: {} })),
    request: get('http://a.com/'),
    expect: { status: 200 },
    responseHeaderPatterns: { 'Set-Cookie': '_23300=????????????????; Path=/' },
  },
  {
    desc: 'a named sticky cookie carries its attributes',
    config: routed({}, twoServers({ cookie: { name: 'lb', httpOnly: true, secure: true, sameSite: 'lax' } })),
    request: get('http://a.com/'),
    expect: { status: 200 },
    responseHeaderPatterns: { 'Set-Cookie': 'lb=????????????????; Path=/; HttpOnly; Secure; SameSite=Lax' },
  },
  {
    desc: 'passTLSClientCert on a request without a client certificate adds no header',
    config: routed({
      'c@file': { passTLSClientCert: { pem: true, info: { subject: { commonName: true } } } },
    }),
    request: get('http://a.com/'),
    expect: { status: 200, upstreamUrl: 'http://10.0.0.1:8080/' },
    absentUpstreamHeaders: ['X-Forwarded-Tls-Client-Cert', 'X-Forwarded-Tls-Client-Cert-Info'],
  },
  {
    desc: 'buffering answers 413 when Content-Length is over maxRequestBodyBytes',
    config: routed({ 'b@file': { buffering: { maxRequestBodyBytes: 10 } } }),
    request: get('http://a.com/up', { 'Content-Length': '20' }, { method: 'POST' }),
    body: '01234567890123456789',
    expect: { status: 413 },
  },
  {
    desc: 'buffering forwards a body within maxRequestBodyBytes',
    config: routed({ 'b@file': { buffering: { maxRequestBodyBytes: 100 } } }),
    request: get('http://a.com/up', { 'Content-Length': '5' }, { method: 'POST' }),
    body: 'hello',
    expect: { status: 200, upstreamUrl: 'http://10.0.0.1:8080/up' },
  },
  {
    desc: 'replacePathRegex that does not match leaves the path and sets no X-Replaced-Path',
    config: routed({ 'rw@file': { replacePathRegex: { regex: '^/foo/(.*)', replacement: '/bar/$1' } } }),
    request: get('http://a.com/other'),
    expect: { status: 200, upstreamUrl: 'http://10.0.0.1:8080/other' },
    absentUpstreamHeaders: ['X-Replaced-Path'],
  },
  {
    desc: 'stripPrefix that does not match sets no X-Forwarded-Prefix',
    config: routed({ 'strip@file': { stripPrefix: { prefixes: ['/api'] } } }),
    request: get('http://a.com/web/x'),
    expect: { status: 200, upstreamUrl: 'http://10.0.0.1:8080/web/x' },
    absentUpstreamHeaders: ['X-Forwarded-Prefix'],
  },
  {
    desc: 'basicAuth removeHeader drops Authorization before the upstream',
    config: routed({
      'auth@file': {
        basicAuth: { users: ['test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/'], removeHeader: true },
      },
    }),
    request: get('http://a.com/', { Authorization: 'Basic dGVzdDp0ZXN0' }),
    expect: { status: 200, upstreamUrl: 'http://10.0.0.1:8080/' },
    absentUpstreamHeaders: ['Authorization'],
  },
  {
    desc: 'CORS preflight from an origin not in the list gets no Access-Control-Allow-Origin',
    config: routed({
      'cors@file': {
        headers: { accessControlAllowOriginList: ['https://ok.com'], accessControlAllowMethods: ['GET'] },
      },
    }),
    request: get(
      'http://a.com/',
      { Origin: 'https://evil.com', 'Access-Control-Request-Method': 'GET' },
      { method: 'OPTIONS' },
    ),
    expect: { status: 200 },
    absentResponseHeaders: ['Access-Control-Allow-Origin'],
  },
  {
    desc: 'a HEAD request is routed like a GET by Host',
    config: routed({}),
    request: get('http://a.com/h', {}, { method: 'HEAD' }),
    expect: { status: 200, router: 'r@file' },
  },
];
