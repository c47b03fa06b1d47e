import { md5 } from '@noble/hashes/legacy.js';
import { describe, expect, it } from 'vitest';
import type { Headers } from '../config/types.ts';
import { base64Encode, hex, utf8 } from './encoding.ts';
import { applyHeaderOps, getHeader } from './http-headers.ts';
import { compileIpStrategy } from './ip.ts';
import { compileMiddleware } from './registry.ts';
import { get, run } from './test-helpers.ts';

// Traefik's own middleware test tables read as facts, Traefik v3.x: pkg/middlewares/auth/basic_auth_test.go,
// go-http-auth's NormalHeaders (the 401 Traefik writes), pkg/middlewares/ipallowlist/ip_allowlist_test.go and
// ip_allowlist.go (rejectStatusCode), pkg/middlewares/headers/header_test.go. `desc` cites the Go test.

const basic = (user: string, password: string) => `Basic ${base64Encode(utf8(`${user}:${password}`))}`;
// htpasswd -m (apr1) entries from basic_auth_test.go.
const TEST = 'test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/';
const TEST2 = 'test2:$apr1$d9hr9HBB$4HxwgUir3HP4EsggP/QNo0';
const TEST3 = 'test3:$apr1$3rJbDP0q$RfzJiorTk78jQ1EcKqWso0';
const TEST2_OVERRIDDEN = 'test2:$apr1$mK.GtItK$ncnLYvNLek0weXdxo68690';

describe('basicAuth (basic_auth_test.go)', () => {
  it('TestBasicAuthFail: a user line without a hash is refused', () => {
    expect(compileMiddleware('basicAuth', { users: ['test'] }).ok).toBe(false);
  });

  it('TestBasicAuthFail: a plain-text secret never authenticates', () => {
    const r = run(
      'basicAuth',
      { users: ['test:test'] },
      get('http://a/', { Authorization: basic('test', 'test') }),
    );
    expect(r.kind === 'respond' && r.response.status).toBe(401);
  });

  it('TestBasicAuthSuccess: an apr1 secret authenticates, Authorization kept (TestBasicAuthHeaderPresent)', () => {
    const r = run('basicAuth', { users: [TEST] }, get('http://a/', { Authorization: basic('test', 'test') }));
    expect(r.kind).toBe('next');
    if (r.kind === 'next') expect(getHeader(r.request.headers, 'Authorization')).toBe(basic('test', 'test'));
  });

  it('TestBasicAuthUserHeader: headerField carries the user name', () => {
    const r = run(
      'basicAuth',
      { users: [TEST], headerField: 'X-Webauth-User' },
      get('http://a/', { Authorization: basic('test', 'test') }),
    );
    expect(r.kind === 'next' && getHeader(r.request.headers, 'X-Webauth-User')).toBe('test');
  });

  it('TestBasicAuthHeaderRemoved: removeHeader drops Authorization', () => {
    const r = run(
      'basicAuth',
      { users: [TEST], removeHeader: true },
      get('http://a/', { Authorization: basic('test', 'test') }),
    );
    expect(r.kind === 'next' && getHeader(r.request.headers, 'Authorization')).toBeUndefined();
  });

  it.each<{ desc: string; users: string[]; realm?: string; ok: [string, string][] }>([
    {
      desc: 'Merges given users with users from the file',
      users: [TEST, TEST2, TEST3],
      ok: [
        ['test', 'test'],
        ['test2', 'test2'],
        ['test3', 'test3'],
      ],
    },
    {
      desc: 'Given users have priority over users in the file (a later line for a user wins)',
      users: [TEST, TEST2, TEST2_OVERRIDDEN],
      ok: [
        ['test', 'test'],
        ['test2', 'overridden'],
      ],
    },
    {
      desc: 'Should authenticate the correct user based on the realm',
      users: [TEST, TEST2, TEST2_OVERRIDDEN],
      realm: 'traefik',
      ok: [['test2', 'overridden']],
    },
    {
      desc: 'Should skip comments (realm traefiker)',
      users: [TEST, TEST2],
      realm: 'traefiker',
      ok: [['test2', 'test2']],
    },
  ])('TestBasicAuthUsersFromFile/$desc', ({ users, realm, ok }) => {
    expect(compileMiddleware('basicAuth', { users, realm }).ok).toBe(true);
    for (const [user, password] of ok) {
      const r = run(
        'basicAuth',
        { users, realm },
        get('http://a/', { Authorization: basic(user, password) }),
      );
      expect({ user, kind: r.kind }).toEqual({ user, kind: 'next' });
    }
    const denied = run(
      'basicAuth',
      { users, realm },
      get('http://a/', { Authorization: basic('foo', 'foo') }),
    );
    expect(denied.kind === 'respond' && denied.response).toEqual({
      status: 401,
      // go-http-auth NormalHeaders: UnauthContentType "text/plain", UnauthResponse "401 Unauthorized\n".
      headers: { 'Content-Type': 'text/plain', 'WWW-Authenticate': `Basic realm="${realm ?? 'traefik'}"` },
      body: '401 Unauthorized\n',
    });
  });

  it('getUsers: no users builds a middleware that answers 401', () => {
    expect(compileMiddleware('basicAuth', { users: [] }).ok).toBe(true);
    const r = run('basicAuth', { users: [] }, get('http://a/', { Authorization: basic('test', 'test') }));
    expect(r.kind === 'respond' && r.response.status).toBe(401);
  });
});

describe('ipAllowList (ip_allowlist_test.go)', () => {
  it.each<{ desc: string; sourceRange: string[]; rejectStatusCode?: number; ok: boolean }>([
    { desc: 'invalid IP', sourceRange: ['foo'], ok: false },
    { desc: 'valid IP', sourceRange: ['10.10.10.10'], ok: true },
    { desc: 'invalid HTTP status code', sourceRange: ['10.10.10.10'], rejectStatusCode: 600, ok: false },
    {
      desc: 'status code without a Go status text (ip_allowlist.go)',
      sourceRange: ['10.10.10.10'],
      rejectStatusCode: 599,
      ok: false,
    },
    { desc: 'sourceRange is empty (ip_allowlist.go)', sourceRange: [], ok: false },
  ])('TestNewIPAllowLister/$desc', ({ sourceRange, rejectStatusCode, ok }) => {
    expect(compileMiddleware('ipAllowList', { sourceRange, rejectStatusCode }).ok).toBe(ok);
  });

  it.each<{ desc: string; rejectStatusCode?: number; remoteAddr: string; expected: number; body?: string }>([
    { desc: 'authorized with remote address', remoteAddr: '20.20.20.20:1234', expected: 200 },
    {
      desc: 'non authorized with remote address',
      remoteAddr: '20.20.20.21:1234',
      expected: 403,
      body: 'Forbidden',
    },
    {
      desc: 'authorized with remote address, reject 404',
      rejectStatusCode: 404,
      remoteAddr: '20.20.20.20:1234',
      expected: 200,
    },
    {
      desc: 'non authorized with remote address, reject 404',
      rejectStatusCode: 404,
      remoteAddr: '20.20.20.21:1234',
      expected: 404,
      body: 'Not Found',
    },
    {
      desc: 'non authorized, reject 429 (body is http.StatusText)',
      rejectStatusCode: 429,
      remoteAddr: '20.20.20.21:1234',
      expected: 429,
      body: 'Too Many Requests',
    },
  ])('TestIPAllowLister_ServeHTTP/$desc', ({ rejectStatusCode, remoteAddr, expected, body }) => {
    const r = run(
      'ipAllowList',
      { sourceRange: ['20.20.20.20'], rejectStatusCode },
      get('http://10.10.10.10/', {}, { remoteAddr }),
    );
    if (expected === 200) expect(r.kind).toBe('next');
    else
      expect(r.kind === 'respond' && { status: r.response.status, body: r.response.body }).toEqual({
        status: expected,
        body,
      });
  });
});

/** The response headers a middleware produces on an empty upstream answer (`upstream` headers first). */
function responseHeaders(
  cfg: Headers,
  method: string,
  reqHeaders: Record<string, string | string[]>,
  upstream = {},
) {
  const r = run('headers', cfg, { ...get('http://example.org/foo', reqHeaders), method });
  if (r.kind === 'respond') return { preflight: r.response.status, headers: r.response.headers };
  if (r.kind !== 'next') throw new Error('unexpected call');
  return { headers: applyHeaderOps(upstream, r.responseHeaders ?? []) };
}

describe('headers: CORS (header_test.go)', () => {
  const preflightReq = {
    'Access-Control-Request-Headers': 'origin',
    'Access-Control-Request-Method': ['GET', 'OPTIONS'],
    Origin: 'https://foo.bar.org',
  };
  it.each<{
    desc: string;
    cfg: Headers;
    req?: Record<string, string | string[]>;
    expected: Record<string, string>;
  }>([
    {
      desc: 'Test Simple Preflight',
      cfg: {
        accessControlAllowMethods: ['GET', 'OPTIONS', 'PUT'],
        accessControlAllowOriginList: ['https://foo.bar.org'],
        accessControlMaxAge: 600,
      },
      expected: {
        'Access-Control-Allow-Origin': 'https://foo.bar.org',
        'Access-Control-Max-Age': '600',
        'Access-Control-Allow-Methods': 'GET,OPTIONS,PUT',
      },
    },
    {
      desc: 'Allow Credentials Preflight',
      cfg: {
        accessControlAllowMethods: ['GET', 'OPTIONS', 'PUT'],
        accessControlAllowOriginList: ['*'],
        accessControlAllowCredentials: true,
        accessControlMaxAge: 600,
      },
      expected: {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Max-Age': '600',
        'Access-Control-Allow-Methods': 'GET,OPTIONS,PUT',
        'Access-Control-Allow-Credentials': 'true',
      },
    },
    {
      desc: 'No Request Headers Preflight',
      cfg: {
        accessControlAllowMethods: ['GET', 'OPTIONS', 'PUT'],
        accessControlAllowOriginList: ['*'],
        accessControlAllowHeaders: ['origin', 'X-Forwarded-For'],
        accessControlMaxAge: 600,
      },
      req: { 'Access-Control-Request-Method': ['GET', 'OPTIONS'], Origin: 'https://foo.bar.org' },
      expected: {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Max-Age': '600',
        'Access-Control-Allow-Methods': 'GET,OPTIONS,PUT',
        'Access-Control-Allow-Headers': 'origin,X-Forwarded-For',
      },
    },
  ])('TestNewHeader_CORSPreflights/$desc', ({ cfg, req, expected }) => {
    expect(responseHeaders(cfg, 'OPTIONS', req ?? preflightReq)).toEqual({
      preflight: 200,
      headers: expected,
    });
  });

  it.each<{
    desc: string;
    cfg: Headers;
    req: Record<string, string>;
    upstream?: Record<string, string>;
    expected: Record<string, string>;
  }>([
    {
      desc: 'Test Simple Request',
      cfg: { accessControlAllowOriginList: ['https://foo.bar.org'] },
      req: { Origin: 'https://foo.bar.org' },
      expected: { 'Access-Control-Allow-Origin': 'https://foo.bar.org' },
    },
    {
      desc: 'Regexp Origin Request',
      cfg: { accessControlAllowOriginListRegex: ['^https?://([a-z]+)\\.bar\\.org$'] },
      req: { Origin: 'https://foo.bar.org' },
      expected: { 'Access-Control-Allow-Origin': 'https://foo.bar.org' },
    },
    {
      desc: 'Partial Regexp Origin Request',
      cfg: { accessControlAllowOriginListRegex: ['([a-z]+)\\.bar'] },
      req: { Origin: 'https://foo.bar.org' },
      expected: { 'Access-Control-Allow-Origin': 'https://foo.bar.org' },
    },
    {
      desc: 'Regexp Origin Request without matching',
      cfg: { accessControlAllowOriginListRegex: ['([a-z]+)\\.bar\\.org'] },
      req: { Origin: 'https://bar.org' },
      expected: {},
    },
    {
      desc: 'Empty origin Request',
      cfg: { accessControlAllowOriginList: ['https://foo.bar.org'] },
      req: {},
      expected: {},
    },
    {
      desc: 'Expose Headers Request',
      cfg: { accessControlAllowOriginList: ['*'], accessControlExposeHeaders: ['origin', 'X-Forwarded-For'] },
      req: { Origin: 'https://foo.bar.org' },
      expected: {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Expose-Headers': 'origin,X-Forwarded-For',
      },
    },
    {
      desc: 'Test Simple Request with Vary Headers and non-empty response',
      cfg: { accessControlAllowOriginList: ['https://foo.bar.org'], addVaryHeader: true },
      req: { Origin: 'https://foo.bar.org' },
      upstream: { Vary: 'Testing' },
      expected: { 'Access-Control-Allow-Origin': 'https://foo.bar.org', Vary: 'Testing,Origin' },
    },
    {
      desc: 'Test Simple Request with Vary Headers and existing vary:origin response',
      cfg: { accessControlAllowOriginList: ['https://foo.bar.org'], addVaryHeader: true },
      req: { Origin: 'https://foo.bar.org' },
      upstream: { Vary: 'Origin' },
      expected: { 'Access-Control-Allow-Origin': 'https://foo.bar.org', Vary: 'Origin' },
    },
    {
      desc: 'Test Simple Request with non-empty response: set ACAO',
      cfg: { accessControlAllowOriginList: ['*'] },
      req: { Origin: 'https://foo.bar.org' },
      upstream: { 'Access-Control-Allow-Origin': 'http://foo.bar.org' },
      expected: { 'Access-Control-Allow-Origin': '*' },
    },
  ])('TestNewHeader_CORSResponses/$desc', ({ cfg, req, upstream, expected }) => {
    expect(responseHeaders(cfg, 'GET', req, upstream)).toEqual({ headers: expected });
  });

  it('TestNewHeader_CORSResponses/Regexp Malformed Origin Request', () => {
    expect(compileMiddleware('headers', { accessControlAllowOriginListRegex: ['a(b'] }).ok).toBe(false);
  });

  it('TestNewHeader_CORSResponses/Test Simple CustomRequestHeaders Not Hijacked by CORS', () => {
    const r = run(
      'headers',
      { customRequestHeaders: { foo: 'bar' } },
      { ...get('http://example.org/foo', preflightReq), method: 'OPTIONS' },
    );
    expect(r.kind).toBe('next');
  });

  it.each<{ desc: string; config: Record<string, string>; expected: Record<string, string> }>([
    {
      desc: 'Test Simple Response',
      config: { Testing: 'foo', Testing2: 'bar' },
      expected: { Foo: 'bar', Testing: 'foo', Testing2: 'bar' },
    },
    {
      desc: 'empty Custom Header',
      config: { Testing: 'foo', Testing2: '' },
      expected: { Foo: 'bar', Testing: 'foo' },
    },
    { desc: 'Deleting Custom Header', config: { Testing: 'foo', Foo: '' }, expected: { Testing: 'foo' } },
  ])('TestNewHeader_customResponseHeaders/$desc', ({ config, expected }) => {
    expect(responseHeaders({ customResponseHeaders: config }, 'GET', {}, { Foo: 'bar' })).toEqual({
      headers: expected,
    });
  });

  it.each<{ desc: string; config: Record<string, string>; expected: Record<string, string | undefined> }>([
    {
      desc: 'adds a header',
      config: { 'X-Custom-Request-Header': 'test_request' },
      expected: { Foo: 'bar', 'X-Custom-Request-Header': 'test_request' },
    },
    {
      desc: 'delete a header',
      config: { 'X-Custom-Request-Header': '', Foo: '' },
      expected: { Foo: undefined },
    },
    { desc: 'override a header', config: { Foo: 'test' }, expected: { Foo: 'test' } },
  ])('TestNewHeader_customRequestHeader/$desc', ({ config, expected }) => {
    const r = run('headers', { customRequestHeaders: config }, get('http://example.org/foo', { Foo: 'bar' }));
    if (r.kind !== 'next') throw new Error('expected next');
    for (const [name, value] of Object.entries(expected))
      expect(getHeader(r.request.headers, name)).toBe(value);
  });

  it('TestNewHeader_customRequestHeader_Host/custom Host header: the Host changes, the URL does not', () => {
    const r = run(
      'headers',
      { customRequestHeaders: { Host: 'example.com' } },
      get('http://example.org/foo'),
    );
    if (r.kind !== 'next') throw new Error('expected next');
    expect(getHeader(r.request.headers, 'Host')).toBe('example.com');
    expect(r.request.url).toBe('http://example.org/foo');
  });
});

describe('passTLSClientCert (v3 pass_tls_client_cert.go and docs reference passtlsclientcert.md)', () => {
  const pem =
    '-----BEGIN CERTIFICATE-----\nMIIEQDCCAygCFFRY0OBk/L5Se0IZ\nRj3CMljawL2UMA0GCSqGSIb3DQ==\n-----END CERTIFICATE-----\n';
  const complete = {
    pem,
    subject: {
      DC: ['org', 'cheese'],
      C: ['FR', 'US'],
      ST: ['Cheese org state', 'Cheese com state'],
      L: ['TOULOUSE', 'LYON'],
      O: ['Cheese', 'Cheese 2'],
      CN: ['*.example.com'],
    },
    issuer: {
      DC: ['org', 'cheese'],
      C: ['FR', 'US'],
      ST: ['Signing State', 'Signing State 2'],
      L: ['TOULOUSE', 'LYON'],
      O: ['Cheese', 'Cheese 2'],
      CN: ['Simple Signing CA 2'],
    },
    notBefore: 1747282426,
    notAfter: 1778818426,
    sans: [
      '*.example.org',
      '*.example.net',
      '*.example.com',
      'test@example.org',
      'test@example.net',
      '10.0.1.0',
      '10.0.1.2',
    ],
  };
  const all = {
    country: true,
    province: true,
    locality: true,
    organization: true,
    commonName: true,
    serialNumber: true,
    domainComponent: true,
  };

  it('info: all fields, in the documented order (DC, C, ST, L, O, CN), escaped with QueryEscape', () => {
    const r = run(
      'passTLSClientCert',
      {
        info: {
          notAfter: true,
          notBefore: true,
          sans: true,
          subject: { ...all, organizationalUnit: true },
          issuer: all,
        },
      },
      get('https://a.com/'),
      { now: 0, random: () => 0, tlsClientCerts: [complete] },
    );
    const value =
      r.kind === 'next' ? getHeader(r.request.headers, 'X-Forwarded-Tls-Client-Cert-Info') : undefined;
    expect(decodeURIComponent((value ?? '').replaceAll('+', ' '))).toBe(
      'Subject="DC=org,DC=cheese,C=FR,C=US,ST=Cheese org state,ST=Cheese com state,L=TOULOUSE,L=LYON,O=Cheese,O=Cheese 2,CN=*.example.com";' +
        'Issuer="DC=org,DC=cheese,C=FR,C=US,ST=Signing State,ST=Signing State 2,L=TOULOUSE,L=LYON,O=Cheese,O=Cheese 2,CN=Simple Signing CA 2";' +
        'NB="1747282426";NA="1778818426";' +
        'SAN="*.example.org,*.example.net,*.example.com,test@example.org,test@example.net,10.0.1.0,10.0.1.2"',
    );
  });

  it('pem: "The delimiters and \\n will be removed", certificates joined by ",", no escaping', () => {
    const r = run('passTLSClientCert', { pem: true }, get('https://a.com/'), {
      now: 0,
      random: () => 0,
      tlsClientCerts: [complete, complete],
    });
    const body = 'MIIEQDCCAygCFFRY0OBk/L5Se0IZRj3CMljawL2UMA0GCSqGSIb3DQ==';
    expect(r.kind === 'next' && getHeader(r.request.headers, 'X-Forwarded-Tls-Client-Cert')).toBe(
      `${body},${body}`,
    );
  });
});

describe('headers: secure headers (secure_test.go Test_newSecure_modifyResponse; unrolled/secure, as Traefik uses it)', () => {
  it.each<{ desc: string; cfg: Headers; expected: Record<string, string> }>([
    {
      desc: 'STSSeconds',
      cfg: { stsSeconds: 1, forceSTSHeader: true },
      expected: { 'Strict-Transport-Security': 'max-age=1' },
    },
    {
      desc: 'STSSeconds and STSPreload',
      cfg: { stsSeconds: 1, forceSTSHeader: true, stsPreload: true },
      expected: { 'Strict-Transport-Security': 'max-age=1; preload' },
    },
    {
      desc: 'CustomFrameOptionsValue',
      cfg: { customFrameOptionsValue: 'foo' },
      expected: { 'X-Frame-Options': 'foo' },
    },
    { desc: 'FrameDeny', cfg: { frameDeny: true }, expected: { 'X-Frame-Options': 'DENY' } },
    {
      desc: 'ContentTypeNosniff',
      cfg: { contentTypeNosniff: true },
      expected: { 'X-Content-Type-Options': 'nosniff' },
    },
    {
      desc: 'STSSeconds on plain http without forceSTSHeader (unrolled/secure: only when SSL)',
      cfg: { stsSeconds: 1 },
      expected: {},
    },
  ])('Test_newSecure_modifyResponse/$desc', ({ cfg, expected }) => {
    expect(responseHeaders(cfg, 'GET', {})).toEqual({ headers: expected });
  });

  it('unrolled/secure allowedHosts: compared with EqualFold', () => {
    const r = run('headers', { allowedHosts: ['Example.ORG'] }, get('http://example.org/foo'));
    expect(r.kind).toBe('next');
  });

  it('unrolled/secure allowedHosts: a bad host gets http.Error(w, "Bad Host", 500)', () => {
    const r = run('headers', { allowedHosts: ['example.org'] }, get('http://evil.org/foo'));
    expect(r.kind === 'respond' && r.response).toEqual({
      status: 500,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
      body: 'Bad Host\n',
    });
  });
});

describe('digestAuth (digest_auth_test.go, go-http-auth DigestAuth)', () => {
  const ha1 = 'a2688e031edb4be6a3797f3882655c05'; // htdigest of test:traefik:test, from Traefik's table.
  const users = [`test:traefik:${ha1}`];
  const md5hex = (s: string) => hex(md5(utf8(s)));
  const authFor = (uri: string) => {
    const response = md5hex(`${ha1}:abc:00000001:xyz:auth:${md5hex(`GET:${uri}`)}`);
    return `Digest username="test", realm="traefik", nonce="abc", uri="${uri}", qop=auth, nc=00000001, cnonce="xyz", response="${response}"`;
  };

  it('TestDigestAuthFail: a user line without realm and hash is refused', () => {
    expect(compileMiddleware('digestAuth', { users: ['test'] }).ok).toBe(false);
  });

  it('TestDigestAuthFail: Basic credentials get the digest challenge (text/plain, 401 Unauthorized)', () => {
    const r = run('digestAuth', { users }, get('http://a/', { Authorization: basic('test', 'test') }));
    expect(
      r.kind === 'respond' && {
        status: r.response.status,
        type: r.response.headers['Content-Type'],
        body: r.response.body,
      },
    ).toEqual({
      status: 401,
      type: 'text/plain',
      body: '401 Unauthorized\n',
    });
  });

  it('go-http-auth: the uri parameter must be the request URI (or a path prefix of it)', () => {
    expect(run('digestAuth', { users }, get('http://a/x/y', { Authorization: authFor('/x/y') })).kind).toBe(
      'next',
    );
    expect(run('digestAuth', { users }, get('http://a/x/y', { Authorization: authFor('/x') })).kind).toBe(
      'next',
    );
    expect(run('digestAuth', { users }, get('http://a/x/y', { Authorization: authFor('/other') })).kind).toBe(
      'respond',
    );
  });
});

describe('ipStrategy (pkg/ip/strategy_test.go; dynamic IPStrategy.Get, v3)', () => {
  const pick = (
    strategy: Parameters<typeof compileIpStrategy>[0],
    xff: string,
    remoteAddr = '192.0.2.1:1234',
  ) =>
    compileIpStrategy(strategy)(
      get('http://127.0.0.1/', xff ? { 'X-Forwarded-For': xff } : {}, { remoteAddr }),
    );
  it.each<{ desc: string; strategy: Parameters<typeof compileIpStrategy>[0]; xff: string; expected: string }>(
    [
      {
        desc: 'TestRemoteAddrStrategy_GetIP/Use RemoteAddr',
        strategy: undefined,
        xff: '',
        expected: '192.0.2.1',
      },
      {
        desc: 'TestDepthStrategy_GetIP/Use depth',
        strategy: { depth: 3 },
        xff: '10.0.0.4,10.0.0.3,10.0.0.2,10.0.0.1',
        expected: '10.0.0.3',
      },
      {
        desc: 'TestDepthStrategy_GetIP/Use non existing depth in XForwardedFor',
        strategy: { depth: 2 },
        xff: '',
        expected: '',
      },
      {
        desc: 'TestDepthStrategy_GetIP/Use depth that match the first IP in XForwardedFor',
        strategy: { depth: 2 },
        xff: '10.0.0.2,10.0.0.1',
        expected: '10.0.0.2',
      },
      {
        desc: 'TestExcludedIPsStrategy_GetIP/Use excluded all IPs',
        strategy: { excludedIPs: ['10.0.0.4', '10.0.0.3', '10.0.0.2', '10.0.0.1'] },
        xff: '10.0.0.4,10.0.0.3,10.0.0.2,10.0.0.1',
        expected: '',
      },
      {
        desc: 'TestExcludedIPsStrategy_GetIP/Use excluded IPs',
        strategy: { excludedIPs: ['10.0.0.2', '10.0.0.1'] },
        xff: '10.0.0.4,10.0.0.3,10.0.0.2,10.0.0.1',
        expected: '10.0.0.3',
      },
      {
        desc: 'TestExcludedIPsStrategy_GetIP/Use excluded IPs CIDR',
        strategy: { excludedIPs: ['10.0.0.1/24'] },
        xff: '127.0.0.1,10.0.0.4,10.0.0.3,10.0.0.2,10.0.0.1',
        expected: '127.0.0.1',
      },
      {
        desc: 'IPStrategy.Get: depth overrides excludedIPs',
        strategy: { depth: 1, excludedIPs: ['10.0.0.1'] },
        xff: '10.0.0.2,10.0.0.1',
        expected: '10.0.0.1',
      },
      {
        desc: 'IPStrategy.Get: ipv6Subnet applies to the depth strategy',
        strategy: { depth: 1, ipv6Subnet: 64 },
        xff: '2001:db8:1:2:3:4:5:6',
        expected: '2001:db8:1:2::',
      },
      {
        desc: 'IPStrategy.Get: ipv6Subnet does not apply to excludedIPs (PoolStrategy)',
        strategy: { excludedIPs: ['10.0.0.1'], ipv6Subnet: 64 },
        xff: '2001:db8:1:2:3:4:5:6',
        expected: '2001:db8:1:2:3:4:5:6',
      },
    ],
  )('$desc', ({ strategy, xff, expected }) => {
    expect(pick(strategy, xff)).toBe(expected);
  });

  it('IPStrategy.Get: an ipv6Subnet outside 1..128 is refused', () => {
    expect(
      compileMiddleware('ipAllowList', { sourceRange: ['::/0'], ipStrategy: { ipv6Subnet: 129 } }).ok,
    ).toBe(false);
    expect(
      compileMiddleware('ipAllowList', { sourceRange: ['::/0'], ipStrategy: { depth: 1, ipv6Subnet: 0 } }).ok,
    ).toBe(false);
    expect(
      compileMiddleware('ipAllowList', { sourceRange: ['::/0'], ipStrategy: { ipv6Subnet: 64 } }).ok,
    ).toBe(true);
  });
});
