// Conformance rows for behaviour the proxy once got wrong, in the shape of core/trace/cases.ts, run against both
// the tracer and the proxy by conformance-extra.test.ts. Rows also name headers that must be absent, which the
// shared table's expectation cannot say.
import type { Middleware, Router, RuntimeConfig } from '../../core/index.ts';
import type { TraceCase } from '../../core/trace/cases.ts';
import { makeConfig } from '../../core/trace/test-config.ts';
import { MORE_PROXY_CASES } from './conformance-cases-more.ts';

/** A shared-table row plus headers that must not reach the upstream or the client. */
export interface ProxyCase extends TraceCase {
  absentUpstreamHeaders?: string[];
  absentResponseHeaders?: string[];
  /** Response headers matched as globs (`*` any run): values with a random or address-bound part. */
  responseHeaderPatterns?: Record<string, string>;
  /** A request body the proxy side sends; the tracer reads only the row's Content-Length header. */
  body?: string;
}

/** The client address the rows use; the proxy test reads 127.0.0.1 instead. */
export const CASE_CLIENT_IP = '10.1.2.3';

const get = (url: string, headers: Record<string, string> = {}) => ({
  method: 'GET',
  url,
  headers,
  remoteAddr: `${CASE_CLIENT_IP}:40000`,
});

const SERVICES = {
  'open@file': { loadBalancer: { servers: [{ url: 'http://10.0.0.1:8080' }] } },
  'secret@file': { loadBalancer: { servers: [{ url: 'http://10.0.0.2:8080' }] } },
};

/** One router on `web` for `a.com` through `middlewares` (outermost first) to one server. */
function chain(middlewares: Record<string, Middleware>): () => RuntimeConfig {
  return () =>
    makeConfig({
      routers: {
        'r@file': {
          rule: 'Host(`a.com`)',
          entryPoints: ['web'],
          service: 'open@file',
          middlewares: Object.keys(middlewares),
        },
      },
      middlewares,
      services: SERVICES,
    });
}

/** Two routers for `a.com`: the longer rule wants `X-Secret: 1`; `keep` is the entrypoint's connection list. */
function secretRouting(keep?: string[]): () => RuntimeConfig {
  return () => {
    const routers: Record<string, Router> = {
      'secret@file': {
        rule: 'Host(`a.com`) && Header(`X-Secret`, `1`)',
        entryPoints: ['web'],
        service: 'secret@file',
      },
      'open@file': { rule: 'Host(`a.com`)', entryPoints: ['web'], service: 'open@file' },
    };
    const config = makeConfig({ routers, services: SERVICES });
    if (keep !== undefined)
      Object.assign(config.entryPoints.web as object, { forwardedHeaders: { connection: keep } });
    return config;
  };
}

const respHeaders = (h: Record<string, string>): Middleware => ({ headers: { customResponseHeaders: h } });
const reqHeaders = (h: Record<string, string>): Middleware => ({ headers: { customRequestHeaders: h } });

export const PROXY_CASES: ProxyCase[] = [
  {
    desc: 'two headers middlewares set one response header: the outer one wins',
    config: chain({
      'outer@file': respHeaders({ 'X-Who': 'outer' }),
      'inner@file': respHeaders({ 'X-Who': 'inner', 'X-Inner': 'yes' }),
    }),
    request: get('http://a.com/'),
    expect: { status: 200, responseHeaders: { 'X-Who': 'outer', 'X-Inner': 'yes' } },
  },
  {
    desc: 'an outer middleware deleting a response header wins over an inner one setting it',
    config: chain({
      'outer@file': respHeaders({ 'X-Who': '' }),
      'inner@file': respHeaders({ 'X-Who': 'inner' }),
    }),
    request: get('http://a.com/'),
    expect: { status: 200 },
    absentResponseHeaders: ['X-Who'],
  },
  {
    desc: 'customRequestHeaders X-Forwarded-For "" sends no X-Forwarded-For upstream',
    config: chain({ 'no-xff@file': reqHeaders({ 'X-Forwarded-For': '' }) }),
    request: get('http://a.com/'),
    expect: { status: 200, upstreamUrl: 'http://10.0.0.1:8080/' },
    absentUpstreamHeaders: ['X-Forwarded-For'],
  },
  {
    desc: 'a later middleware setting X-Forwarded-For again gets the client IP appended',
    config: chain({
      'no-xff@file': reqHeaders({ 'X-Forwarded-For': '' }),
      'set-xff@file': reqHeaders({ 'X-Forwarded-For': '192.0.2.9' }),
    }),
    request: get('http://a.com/'),
    expect: { status: 200, upstreamHeaders: { 'X-Forwarded-For': `192.0.2.9, ${CASE_CLIENT_IP}` } },
  },
  {
    desc: 'a header named in Connection is removed before routing',
    config: secretRouting(),
    request: get('http://a.com/', { Connection: 'X-Secret', 'X-Secret': '1' }),
    expect: { status: 200, router: 'open@file', upstreamUrl: 'http://10.0.0.1:8080/' },
    absentUpstreamHeaders: ['X-Secret'],
  },
  {
    desc: 'forwardedHeaders.connection keeps it for routing; it is still not forwarded',
    config: secretRouting(['X-Secret']),
    request: get('http://a.com/', { Connection: 'X-Secret', 'X-Secret': '1' }),
    expect: { status: 200, router: 'secret@file', upstreamUrl: 'http://10.0.0.2:8080/' },
    absentUpstreamHeaders: ['X-Secret'],
  },
  {
    desc: 'Connection cannot remove X-Real-Ip or X-Forwarded-Proto',
    config: secretRouting(),
    request: get('http://a.com/', { Connection: 'X-Real-Ip, X-Forwarded-Proto' }),
    expect: {
      status: 200,
      upstreamHeaders: { 'X-Real-Ip': CASE_CLIENT_IP, 'X-Forwarded-Proto': 'http' },
    },
  },
  {
    desc: 'an entrypoint redirection answers 301 with the target port, before any router',
    config: redirecting({ to: ':8443' }),
    request: get('http://a.com/p?q=1'),
    expect: { status: 301, responseHeaders: { Location: 'https://a.com:8443/p?q=1' } },
  },
  {
    desc: 'an entrypoint redirection of a POST is a 308; permanent false gives 307',
    config: redirecting({ to: ':8443', permanent: false }),
    request: { ...get('http://a.com/form'), method: 'POST' },
    expect: { status: 307, responseHeaders: { Location: 'https://a.com:8443/form' } },
  },
  {
    desc: 'an entrypoint redirection to port 443 over https leaves the port out',
    config: redirecting({ to: ':443', scheme: 'https' }),
    request: get('http://a.com:80/x'),
    expect: { status: 301, responseHeaders: { Location: 'https://a.com/x' } },
  },
  ...MORE_PROXY_CASES,
];

/** The secret routing on `web`, whose `http.redirections.entryPoint` is `redirect`. */
function redirecting(redirect: Record<string, unknown>): () => RuntimeConfig {
  return () => {
    const config = secretRouting()();
    Object.assign(config.entryPoints.web as object, { http: { redirections: { entryPoint: redirect } } });
    return config;
  };
}
