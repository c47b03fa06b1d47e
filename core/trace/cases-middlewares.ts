// Middleware rows of the trace conformance table: one router on `web` for `a.com` to 10.0.0.1:8080.
import { get, ROW_CLIENT, withMiddlewares } from './case-helpers.ts';
import type { TraceCase } from './cases.ts';

/** `withMiddlewares` on a `web` entrypoint that trusts every X-Forwarded-For (`forwardedHeaders.insecure`). */
function trusting(mws: Parameters<typeof withMiddlewares>[0]) {
  return () => {
    const cfg = withMiddlewares(mws)();
    Object.assign(cfg.entryPoints.web as object, { forwardedHeaders: { insecure: true } });
    return cfg;
  };
}

const S = 'http://10.0.0.1:8080';

export const MIDDLEWARE_CASES: TraceCase[] = [
  {
    desc: 'stripPrefixRegex removes the matched prefix and sets X-Forwarded-Prefix',
    config: withMiddlewares({ 'spr@file': { stripPrefixRegex: { regex: ['/api/v[0-9]+'] } } }),
    request: get('http://a.com/api/v2/users?x=1'),
    expect: {
      status: 200,
      upstreamUrl: `${S}/users?x=1`,
      upstreamHeaders: { 'X-Forwarded-Prefix': '/api/v2' },
    },
  },
  {
    desc: 'replacePath sets the path, keeps the query and records X-Replaced-Path',
    config: withMiddlewares({ 'rp@file': { replacePath: { path: '/static' } } }),
    request: get('http://a.com/any/thing?q=1'),
    expect: {
      status: 200,
      upstreamUrl: `${S}/static?q=1`,
      upstreamHeaders: { 'X-Replaced-Path': '/any/thing' },
    },
  },
  {
    desc: 'a nested chain applies its middlewares in order',
    config: withMiddlewares(
      {
        'outer@file': { chain: { middlewares: ['inner@file', 'prefix@file'] } },
        'inner@file': { chain: { middlewares: ['strip@file'] } },
        'strip@file': { stripPrefix: { prefixes: ['/api'] } },
        'prefix@file': { addPrefix: { prefix: '/v1' } },
      },
      ['outer@file'],
    ),
    request: get('http://a.com/api/items'),
    expect: {
      status: 200,
      upstreamUrl: `${S}/v1/items`,
      upstreamHeaders: { 'X-Forwarded-Prefix': '/api' },
    },
  },
  {
    desc: 'stripPrefix then addPrefix swaps the prefix',
    config: withMiddlewares({
      'strip@file': { stripPrefix: { prefixes: ['/old'] } },
      'add@file': { addPrefix: { prefix: '/new' } },
    }),
    request: get('http://a.com/old/x'),
    expect: { status: 200, upstreamUrl: `${S}/new/x` },
  },
  {
    desc: 'contentType passes the request unchanged',
    config: withMiddlewares({ 'ct@file': { contentType: { autoDetect: false } } }),
    request: get('http://a.com/x'),
    expect: { status: 200, upstreamUrl: `${S}/x` },
  },
  {
    desc: 'ipAllowList allows the connection address in sourceRange',
    config: withMiddlewares({
      'allow@file': { ipAllowList: { sourceRange: ['10.0.0.0/8', '127.0.0.1/32'] } },
    }),
    request: get('http://a.com/'),
    expect: { status: 200, upstreamUrl: `${S}/` },
  },
  {
    desc: 'ipAllowList with excludedIPs takes the right-most address not excluded',
    config: trusting({
      'allow@file': {
        ipAllowList: { sourceRange: ['192.168.0.0/16'], ipStrategy: { excludedIPs: ['10.9.9.9'] } },
      },
    }),
    request: get('http://a.com/', { 'X-Forwarded-For': '1.1.1.1, 192.168.1.1, 10.9.9.9' }),
    expect: {
      status: 200,
      upstreamHeaders: { 'X-Forwarded-For': `1.1.1.1, 192.168.1.1, 10.9.9.9, ${ROW_CLIENT}` },
    },
  },
  {
    desc: 'an untrusted entrypoint replaces X-Forwarded-For before ipAllowList reads it',
    config: withMiddlewares({
      'allow@file': {
        ipAllowList: { sourceRange: ['192.168.0.0/16'], ipStrategy: { excludedIPs: ['10.9.9.9'] } },
      },
    }),
    request: get('http://a.com/', { 'X-Forwarded-For': '192.168.1.1, 10.9.9.9' }),
    expect: { status: 403 },
  },
  {
    desc: 'ipAllowList with excludedIPs denies when that address is outside sourceRange',
    config: trusting({
      'allow@file': {
        ipAllowList: { sourceRange: ['192.168.0.0/16'], ipStrategy: { excludedIPs: ['192.168.1.1'] } },
      },
    }),
    request: get('http://a.com/', { 'X-Forwarded-For': '1.1.1.1, 192.168.1.1' }),
    expect: { status: 403 },
  },
  {
    desc: 'redirectRegex permanent answers 308 to POST',
    config: withMiddlewares({
      'rr@file': {
        redirectRegex: { regex: '^http://a.com/(.*)', replacement: 'https://b.com/$1', permanent: true },
      },
    }),
    request: get('http://a.com/form', {}, { method: 'POST' }),
    expect: { status: 308, redirect: 'https://b.com/form' },
  },
  {
    desc: 'redirectRegex permanent answers 301 to GET',
    config: withMiddlewares({
      'rr@file': {
        redirectRegex: { regex: '^http://a.com/(.*)', replacement: 'https://b.com/$1', permanent: true },
      },
    }),
    request: get('http://a.com/x'),
    expect: { status: 301, redirect: 'https://b.com/x' },
  },
  {
    desc: 'headers sets custom response headers and CORS headers on a non-preflight request',
    config: withMiddlewares({
      'h@file': {
        headers: {
          customResponseHeaders: { 'X-Served-By': 'edge' },
          accessControlAllowOriginList: ['https://x.com'],
          accessControlAllowCredentials: true,
          accessControlExposeHeaders: ['X-Total'],
        },
      },
    }),
    request: get('http://a.com/', { Origin: 'https://x.com' }),
    expect: {
      status: 200,
      responseHeaders: {
        'X-Served-By': 'edge',
        'Access-Control-Allow-Origin': 'https://x.com',
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Expose-Headers': 'X-Total',
      },
    },
  },
  {
    desc: 'grpcWeb passes a non-gRPC-Web request unchanged',
    config: withMiddlewares({ 'g@file': { grpcWeb: { allowOrigins: ['*'] } } }),
    request: get('http://a.com/x'),
    expect: { status: 200, upstreamUrl: `${S}/x` },
  },
  {
    desc: 'the first request through rateLimit passes',
    config: withMiddlewares({ 'rl@file': { rateLimit: { average: 1, burst: 1 } } }),
    request: get('http://a.com/x'),
    expect: { status: 200, upstreamUrl: `${S}/x` },
  },
  {
    desc: 'the first request through inFlightReq passes',
    config: withMiddlewares({ 'if@file': { inFlightReq: { amount: 1 } } }),
    request: get('http://a.com/x'),
    expect: { status: 200, upstreamUrl: `${S}/x` },
  },
  {
    desc: 'the first request through a closed circuitBreaker passes',
    config: withMiddlewares({
      'cb@file': { circuitBreaker: { expression: 'NetworkErrorRatio() > 0.5' } },
    }),
    request: get('http://a.com/x'),
    expect: { status: 200, upstreamUrl: `${S}/x` },
  },
  {
    desc: 'errors middleware leaves a 200 answer alone',
    config: () => {
      const cfg = withMiddlewares({
        'err@file': { errors: { status: ['500-599'], service: 'pages@file', query: '/{status}.html' } },
      })();
      cfg.http.services['pages@file'] = { loadBalancer: { servers: [{ url: 'http://10.0.0.9:8080' }] } };
      return cfg;
    },
    request: get('http://a.com/x'),
    expect: { status: 200, upstreamUrl: `${S}/x` },
  },
  {
    desc: 'the X-Real-Ip upstream is the connection address',
    config: withMiddlewares({}),
    request: get('http://a.com/', { 'X-Real-Ip': '6.6.6.6' }),
    expect: { status: 200, upstreamHeaders: { 'X-Real-Ip': ROW_CLIENT } },
  },
  {
    desc: 'stripPrefix of the whole path leaves /',
    config: withMiddlewares({ 'strip@file': { stripPrefix: { prefixes: ['/api'] } } }),
    request: get('http://a.com/api'),
    expect: { status: 200, upstreamUrl: `${S}/`, upstreamHeaders: { 'X-Forwarded-Prefix': '/api' } },
  },
  {
    desc: 'stripPrefix is not segment-aware: /api strips /apiv2 to /v2',
    config: withMiddlewares({ 'strip@file': { stripPrefix: { prefixes: ['/api'] } } }),
    request: get('http://a.com/apiv2'),
    expect: { status: 200, upstreamUrl: `${S}/v2` },
  },
  {
    desc: 'stripPrefix /api/ does not strip /api',
    config: withMiddlewares({ 'strip@file': { stripPrefix: { prefixes: ['/api/'] } } }),
    request: get('http://a.com/api'),
    expect: { status: 200, upstreamUrl: `${S}/api` },
  },
  {
    desc: 'redirectScheme with a port',
    config: withMiddlewares({ 'rs@file': { redirectScheme: { scheme: 'https', port: '8443' } } }),
    request: get('http://a.com/x?y=1'),
    expect: { status: 302, redirect: 'https://a.com:8443/x?y=1' },
  },
  {
    desc: 'redirectScheme without a port drops the port of the request',
    config: withMiddlewares({ 'rs@file': { redirectScheme: { scheme: 'https' } } }),
    request: get('http://a.com:8080/x'),
    expect: { status: 302, redirect: 'https://a.com/x' },
  },
  {
    desc: 'redirectRegex that does not match passes the request on',
    config: withMiddlewares({
      'rr@file': { redirectRegex: { regex: '^http://b.com/(.*)', replacement: 'http://c.com/$1' } },
    }),
    request: get('http://a.com/x'),
    expect: { status: 200, upstreamUrl: `${S}/x` },
  },
  {
    desc: 'addPrefix on / gives the prefix and a slash',
    config: withMiddlewares({ 'p@file': { addPrefix: { prefix: '/v1' } } }),
    request: get('http://a.com/'),
    expect: { status: 200, upstreamUrl: `${S}/v1/` },
  },
  {
    desc: 'X-Forwarded-Host and X-Forwarded-Port come from the Host header port',
    config: withMiddlewares({}),
    request: get('http://a.com:8080/'),
    expect: {
      status: 200,
      upstreamHeaders: { 'X-Forwarded-Host': 'a.com:8080', 'X-Forwarded-Port': '8080' },
    },
  },
  {
    desc: 'basicAuth headerField carries the user upstream',
    config: withMiddlewares({
      'auth@file': {
        basicAuth: { users: ['test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/'], headerField: 'X-WebAuth-User' },
      },
    }),
    request: get('http://a.com/', { Authorization: 'Basic dGVzdDp0ZXN0' }),
    expect: { status: 200, upstreamHeaders: { 'X-WebAuth-User': 'test' } },
  },
];
