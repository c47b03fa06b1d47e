import { describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '../config/types.ts';
import { getHeader } from '../middlewares/http-headers.ts';
import type { HttpRequest } from '../request.ts';
import { applyForwardedHeaders, trustsForwardedHeaders } from './forwarded-headers.ts';
import { trace } from './trace.ts';
import { upstreamRequest } from './upstream.ts';

// Traefik's own tables read as facts, Traefik v3.x: pkg/middlewares/forwardedheaders/forwarded_header_test.go
// (TestServeHTTP, Test_isWebsocketRequest, TestConnection) and forwarded_header.go; Go's httputil.ReverseProxy
// for X-Forwarded-For; Go's http.NotFound for the 404 answer. `desc` cites the Go test row.

const XFF = 'X-Forwarded-For';
const ALL_X = [
  'X-Forwarded-Proto',
  XFF,
  'X-Forwarded-Uri',
  'X-Forwarded-Method',
  'X-Forwarded-Host',
  'X-Forwarded-Port',
  'X-Forwarded-Tls-Client-Cert',
  'X-Forwarded-Tls-Client-Cert-Info',
  'X-Forwarded-Prefix',
  'X-Real-Ip',
];
const incomingX = {
  [XFF]: '10.0.1.0, 10.0.1.12',
  'X-Forwarded-Uri': '/bar',
  'X-Forwarded-Method': 'GET',
  'X-Forwarded-Tls-Client-Cert': 'Cert',
  'X-Forwarded-Tls-Client-Cert-Info': 'CertInfo',
  'X-Forwarded-Prefix': '/prefix',
};
const cleared = Object.fromEntries(Object.keys(incomingX).map((k) => [k, '']));
const allFoo = Object.fromEntries(ALL_X.map((k) => [k, 'foo']));

interface Row {
  desc: string;
  insecure?: boolean;
  trustedIps?: string[];
  connectionHeaders?: string[];
  incoming?: Record<string, string | string[]>;
  remoteAddr?: string;
  tls?: boolean;
  websocket?: boolean;
  host?: string;
  expected: Record<string, string>;
}

const rows: Row[] = [
  {
    desc: 'all Empty',
    insecure: true,
    expected: { [XFF]: '', 'X-Forwarded-Uri': '', 'X-Forwarded-Method': '' },
  },
  {
    desc: 'insecure true with incoming X-Forwarded headers',
    insecure: true,
    incoming: incomingX,
    expected: incomingX,
  },
  { desc: 'insecure false with incoming X-Forwarded headers', incoming: incomingX, expected: cleared },
  {
    desc: 'insecure false with incoming X-Forwarded headers and valid Trusted Ips',
    trustedIps: ['10.0.1.100'],
    remoteAddr: '10.0.1.100:80',
    incoming: incomingX,
    expected: incomingX,
  },
  {
    desc: 'insecure false with incoming X-Forwarded headers and invalid Trusted Ips',
    trustedIps: ['10.0.1.100'],
    remoteAddr: '10.0.1.101:80',
    incoming: incomingX,
    expected: cleared,
  },
  {
    desc: 'insecure false with incoming X-Forwarded headers and valid Trusted Ips CIDR',
    trustedIps: ['1.2.3.4/24'],
    remoteAddr: '1.2.3.156:80',
    incoming: incomingX,
    expected: incomingX,
  },
  {
    desc: 'insecure false with incoming X-Forwarded headers and invalid Trusted Ips CIDR',
    trustedIps: ['1.2.3.4/24'],
    remoteAddr: '10.0.1.101:80',
    incoming: incomingX,
    expected: cleared,
  },
  {
    desc: 'xForwardedFor with multiple header(s) values',
    insecure: true,
    incoming: { [XFF]: ['10.0.0.4, 10.0.0.3', '10.0.0.2, 10.0.0.1', '10.0.0.0'] },
    expected: { [XFF]: '10.0.0.4, 10.0.0.3, 10.0.0.2, 10.0.0.1, 10.0.0.0' },
  },
  {
    desc: 'xRealIP populated from remote address',
    remoteAddr: '10.0.1.101:80',
    expected: { 'X-Real-Ip': '10.0.1.101' },
  },
  {
    desc: 'xRealIP was already populated from previous headers',
    insecure: true,
    remoteAddr: '10.0.1.101:80',
    incoming: { 'X-Real-Ip': '10.0.1.12' },
    expected: { 'X-Real-Ip': '10.0.1.12' },
  },
  { desc: 'xForwardedProto with no tls', expected: { 'X-Forwarded-Proto': 'http' } },
  { desc: 'xForwardedProto with tls', tls: true, expected: { 'X-Forwarded-Proto': 'https' } },
  { desc: 'xForwardedProto with websocket', websocket: true, expected: { 'X-Forwarded-Proto': 'ws' } },
  {
    desc: 'xForwardedProto with websocket and tls',
    tls: true,
    websocket: true,
    expected: { 'X-Forwarded-Proto': 'wss' },
  },
  {
    desc: 'xForwardedProto with websocket and tls and already x-forwarded-proto with wss',
    tls: true,
    websocket: true,
    incoming: { 'X-Forwarded-Proto': 'wss' },
    expected: { 'X-Forwarded-Proto': 'wss' },
  },
  {
    desc: 'xForwardedPort with explicit port',
    host: 'foo.com:8080',
    expected: { 'X-Forwarded-Port': '8080' },
  },
  {
    desc: 'xForwardedPort with implicit tls port from proto header',
    insecure: true,
    incoming: { 'X-Forwarded-Proto': 'https' },
    expected: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Port': '443' },
  },
  {
    desc: 'xForwardedPort with implicit tls port from TLS in req',
    tls: true,
    expected: { 'X-Forwarded-Port': '443' },
  },
  {
    desc: 'xForwardedHost from req host',
    host: 'foo.com:8080',
    expected: { 'X-Forwarded-Host': 'foo.com:8080' },
  },
  {
    desc: 'Untrusted: Connection header has no effect on X- forwarded headers',
    incoming: { Connection: ALL_X.join(','), ...allFoo },
    expected: {
      ...Object.fromEntries(ALL_X.map((k) => [k, ''])),
      'X-Forwarded-Proto': 'http',
      'X-Forwarded-Port': '80',
      Connection: '',
    },
  },
  {
    desc: 'Trusted (insecure): Connection header has no effect on X- forwarded headers',
    insecure: true,
    incoming: { Connection: ALL_X.join(','), ...allFoo },
    expected: { ...allFoo, Connection: '' },
  },
  {
    desc: 'Trusted (insecure) and Connection: Testing case sensitivity on connection Headers param',
    insecure: true,
    connectionHeaders: ALL_X.map((h) => h.toLowerCase()),
    incoming: { Connection: ALL_X.join(','), ...allFoo },
    expected: { ...allFoo, Connection: '' },
  },
  {
    desc: 'Trusted (insecure) and Connection: Testing case sensitivity on X- forwarded headers',
    insecure: true,
    incoming: { Connection: ALL_X.map((h) => h.toLowerCase()).join(','), ...allFoo },
    expected: { ...allFoo, Connection: '' },
  },
  {
    desc: 'Connection: one remove, and one passthrough header',
    connectionHeaders: ['foo'],
    incoming: { Connection: ['foo', 'bar'], Foo: 'bar', Bar: 'foo' },
    expected: { Bar: '', Foo: 'bar', Connection: 'Foo' },
  },
  {
    desc: 'forwarded_header.go isManagedXHeader: underscore variants are dropped from untrusted clients',
    incoming: { X_Forwarded_Proto: 'https', x_real_ip: '6.6.6.6' },
    expected: { X_Forwarded_Proto: '', x_real_ip: '', 'X-Forwarded-Proto': 'http' },
  },
];

function entrypointRequest(row: Row): HttpRequest {
  const headers: Record<string, string | string[]> = { ...(row.incoming ?? {}) };
  if (row.websocket) Object.assign(headers, { Connection: 'upgrade', Upgrade: 'websocket' });
  return {
    method: 'GET',
    url: `${row.tls ? 'https' : 'http'}://${row.host ?? ''}/`,
    headers,
    remoteAddr: row.remoteAddr,
  };
}

describe('forwarded headers at the entrypoint (forwarded_header_test.go TestServeHTTP)', () => {
  it.each(rows)('TestServeHTTP/$desc', (row) => {
    const ep = { address: ':80', forwardedHeaders: { insecure: row.insecure, trustedIPs: row.trustedIps } };
    const req = entrypointRequest(row);
    const trusted = trustsForwardedHeaders(ep, req.remoteAddr);
    const out = applyForwardedHeaders(req, 'traefik-host', trusted, row.connectionHeaders ?? []);
    const got = Object.fromEntries(
      Object.keys(row.expected).map((k) => {
        const v = out.headers[k] ?? getHeader(out.headers, k);
        return [k, Array.isArray(v) ? v.join(',') : (v ?? '')];
      }),
    );
    expect(got).toEqual(row.expected);
    expect(getHeader(out.headers, 'X-Forwarded-Server')).toBe('traefik-host');
  });

  it.each([
    {
      desc: 'connection Header multiple values middle',
      connection: 'foo,upgrade,bar',
      upgrade: 'websocket',
      ws: true,
    },
    {
      desc: 'connection Header multiple values end',
      connection: 'foo,bar,upgrade',
      upgrade: 'websocket',
      ws: true,
    },
    {
      desc: 'connection Header multiple values begin',
      connection: 'upgrade,foo,bar',
      upgrade: 'websocket',
      ws: true,
    },
    { desc: 'connection Header no upgrade', connection: 'foo,bar', upgrade: 'websocket', ws: false },
    { desc: 'connection Header empty', connection: '', upgrade: 'websocket', ws: false },
    { desc: 'no header values', connection: 'foo,bar', upgrade: 'foo,bar', ws: false },
    { desc: 'upgrade header multiple values', connection: 'upgrade', upgrade: 'foo,bar,websocket', ws: true },
  ])('Test_isWebsocketRequest/$desc', ({ connection, upgrade, ws }) => {
    const req: HttpRequest = {
      method: 'GET',
      url: 'http://localhost/',
      headers: { Connection: connection, Upgrade: upgrade },
    };
    expect(getHeader(applyForwardedHeaders(req, '').headers, 'X-Forwarded-Proto')).toBe(ws ? 'ws' : 'http');
  });

  it.each<{ desc: string; req: Record<string, string>; keep?: string[]; expected: Record<string, string> }>([
    { desc: 'simple remove', req: { Foo: 'bar', Connection: 'foo' }, expected: {} },
    {
      desc: 'remove and upgrade',
      req: { Upgrade: 'test', Foo: 'bar', Connection: 'upgrade,foo' },
      expected: { Upgrade: 'test', Connection: 'Upgrade' },
    },
    { desc: 'no remove', req: { Foo: 'bar', Connection: 'fii' }, expected: { Foo: 'bar' } },
    {
      desc: 'no remove because connection header pass through',
      req: { Foo: 'bar', Connection: 'Foo' },
      keep: ['Foo'],
      expected: { Foo: 'bar', Connection: 'Foo' },
    },
  ])('TestConnection/$desc', ({ req, keep, expected }) => {
    const out = applyForwardedHeaders(
      { method: 'GET', url: 'https://localhost/', headers: req },
      '',
      true,
      keep ?? [],
    );
    const kept = Object.fromEntries(Object.entries(out.headers).filter(([k]) => !k.startsWith('X-')));
    expect(kept).toEqual(expected);
  });
});

describe('X-Forwarded-For on the upstream request (Go httputil.ReverseProxy, as Traefik uses it)', () => {
  const req: HttpRequest = {
    method: 'GET',
    url: 'http://a.com/',
    headers: { [XFF]: '10.0.0.1' },
    remoteAddr: '10.9.9.9:5555',
  };
  it('appends the client IP to the prior values', () => {
    expect(upstreamRequest(req, 'http://10.0.0.2:80', true, false).headers[XFF]).toBe('10.0.0.1, 10.9.9.9');
  });
  it('appends nothing when told not to (forwardedHeaders.notAppendXForwardedFor, or an emptied header)', () => {
    expect(upstreamRequest(req, 'http://10.0.0.2:80', true, false, false).headers[XFF]).toBe('10.0.0.1');
  });
});

const config = (extra: Partial<RuntimeConfig['http']> = {}): RuntimeConfig =>
  ({
    entryPoints: { web: { address: ':80' } },
    http: {
      routers: { r: { rule: 'Host(`a.com`)', service: 's', entryPoints: ['web'], middlewares: [] } },
      services: { s: { loadBalancer: { servers: [{ url: 'http://10.0.0.2:80' }] } } },
      middlewares: {},
      ...extra,
    },
  }) as unknown as RuntimeConfig;

describe('trace: forwarded headers end to end', () => {
  it('header_test.go "delete a header": customRequestHeaders X-Forwarded-For "" leaves the upstream without one', () => {
    const cfg = config({
      routers: { r: { rule: 'Host(`a.com`)', service: 's', entryPoints: ['web'], middlewares: ['h'] } },
      middlewares: { h: { headers: { customRequestHeaders: { 'X-Forwarded-For': '' } } } },
    } as Partial<RuntimeConfig['http']>);
    const { outcome } = trace(cfg, {
      method: 'GET',
      url: 'http://a.com/',
      headers: {},
      remoteAddr: '10.9.9.9:5555',
    });
    expect(outcome.upstreamHeaders && getHeader(outcome.upstreamHeaders, XFF)).toBeUndefined();
  });

  it('an untrusted client cannot hide its own X-Forwarded-* through Connection (forwarded_header.go)', () => {
    const { outcome } = trace(config(), {
      method: 'GET',
      url: 'http://a.com/',
      headers: { Connection: 'X-Forwarded-Host, X-Real-Ip', 'X-Forwarded-Host': 'evil.com' },
      remoteAddr: '10.9.9.9:5555',
    });
    const up = outcome.upstreamHeaders ?? {};
    expect([getHeader(up, 'X-Forwarded-Host'), getHeader(up, 'X-Real-Ip'), getHeader(up, XFF)]).toEqual([
      'a.com',
      '10.9.9.9',
      '10.9.9.9',
    ]);
  });

  it('Go http.NotFound: no router answers 404 "404 page not found\\n" as text/plain with nosniff', () => {
    const result = trace(config(), { method: 'GET', url: 'http://b.com/', headers: {} });
    const last = result.steps[result.steps.length - 1];
    expect(result.outcome.status).toBe(404);
    expect(last).toMatchObject({
      kind: 'response',
      status: 404,
      body: '404 page not found\n',
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
    });
  });
});
