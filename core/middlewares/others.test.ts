import { describe, expect, it } from 'vitest';
import { getHeader } from './http-headers.ts';
import { CLIENT_CERT_HEADER, CLIENT_CERT_INFO_HEADER, queryEscape } from './pass-tls-client-cert.ts';
import { chooseEncoding } from './passive.ts';
import { compileMiddleware } from './registry.ts';
import { parseDuration } from './stateful.ts';
import { get, nextRequest, run, testEnv } from './test-helpers.ts';

describe('stateful middlewares: a single request and the verdicts', () => {
  it('rateLimit lets a single request through and rejects with 429 when the bucket is empty', () => {
    const cfg = { average: 100, burst: 50 };
    expect(run('rateLimit', cfg, get('http://a.com/')).kind).toBe('next');
    const limited = run('rateLimit', cfg, get('http://a.com/'), {
      ...testEnv,
      state: { rateLimited: { retryAfterSeconds: 0.2 } },
    });
    expect(limited).toMatchObject({
      kind: 'respond',
      response: { status: 429, headers: { 'Retry-After': '1' }, body: 'Too Many Requests' },
    });
  });

  it('rateLimit with average 0 never limits', () => {
    const r = run('rateLimit', { average: 0 }, get('http://a.com/'), {
      ...testEnv,
      state: { rateLimited: { retryAfterSeconds: 1 } },
    });
    expect(r.kind).toBe('next');
  });

  it('inFlightReq answers 429 at the limit', () => {
    expect(run('inFlightReq', { amount: 10 }, get('http://a.com/')).kind).toBe('next');
    expect(
      run('inFlightReq', { amount: 10 }, get('http://a.com/'), { ...testEnv, state: { inFlight: 10 } }),
    ).toMatchObject({ response: { status: 429 } });
  });

  it.each([
    { desc: 'closed passes', state: 'closed' as const, status: 0 },
    { desc: 'open answers 503', state: 'open' as const, status: 503 },
  ])('circuitBreaker $desc', ({ state, status }) => {
    const r = run('circuitBreaker', { expression: 'NetworkErrorRatio() > 0.5' }, get('http://a.com/'), {
      ...testEnv,
      state: { circuitBreaker: state },
    });
    if (status) expect(r).toMatchObject({ response: { status } });
    else expect(r.kind).toBe('next');
  });

  it('circuitBreaker uses responseCode when open', () => {
    const r = run(
      'circuitBreaker',
      { expression: 'LatencyAtQuantileMS(50.0) > 100', responseCode: 502 },
      get('http://a.com/'),
      { ...testEnv, state: { circuitBreaker: 'open' } },
    );
    expect(r).toMatchObject({ response: { status: 502 } });
  });

  it('retry reports its attempts', () => {
    expect(run('retry', { attempts: 4, initialInterval: '100ms' }, get('http://a.com/'))).toMatchObject({
      kind: 'next',
      notes: ['retry: up to 4 attempts on network errors, exponential backoff from 100ms'],
    });
    expect(compileMiddleware('retry', { attempts: 0 })).toMatchObject({ ok: false });
  });

  it.each([
    { desc: 'seconds', value: '10s', ms: 10_000 },
    { desc: 'compound', value: '1m30s', ms: 90_000 },
    { desc: 'milliseconds', value: '250ms', ms: 250 },
    { desc: 'bare number is seconds', value: '2', ms: 2000 },
    { desc: 'garbage', value: '10 parsecs', ms: undefined },
  ])('parseDuration: $desc', ({ value, ms }) => {
    expect(parseDuration(value)).toBe(ms);
  });
});

describe('forwardAuth and errors name their calls', () => {
  it('forwardAuth builds the auth request with X-Forwarded-* headers', () => {
    const req = get(
      'https://a.com/p?q=1',
      { Cookie: 'c=1', 'X-Forwarded-Method': 'PUT', Connection: 'keep-alive' },
      { remoteAddr: '10.1.2.3:4444', method: 'POST' },
    );
    const r = run(
      'forwardAuth',
      { address: 'http://auth.svc:9000/verify', authResponseHeaders: ['X-User'] },
      req,
    );
    expect(r.kind).toBe('call');
    if (r.kind !== 'call' || r.call.middleware !== 'forwardAuth') return;
    expect(r.call.address).toBe('http://auth.svc:9000/verify');
    expect(r.call.request.method).toBe('GET');
    expect(r.call.request.headers).toEqual({
      Cookie: 'c=1',
      'X-Forwarded-For': '10.1.2.3',
      'X-Forwarded-Method': 'POST',
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Host': 'a.com',
      'X-Forwarded-Uri': '/p?q=1',
    });
    expect(r.call.authResponseHeaders).toEqual(['X-User']);
  });

  it('forwardAuth with trustForwardHeader keeps incoming X-Forwarded-* values', () => {
    const req = get(
      'https://a.com/p',
      { 'X-Forwarded-Method': 'PUT', 'X-Forwarded-Host': 'b.com' },
      { remoteAddr: '10.1.2.3:1' },
    );
    const r = run('forwardAuth', { address: 'http://auth/', trustForwardHeader: true }, req);
    if (r.kind !== 'call') throw new Error('expected a call');
    expect(
      getHeader(r.call.middleware === 'forwardAuth' ? r.call.request.headers : {}, 'X-Forwarded-Method'),
    ).toBe('PUT');
    expect(
      getHeader(r.call.middleware === 'forwardAuth' ? r.call.request.headers : {}, 'X-Forwarded-Host'),
    ).toBe('b.com');
  });

  it('errors names its service and ranges', () => {
    const r = run(
      'errors',
      { status: ['500-599', '404'], service: 'error-pages', query: '/{status}.html' },
      get('http://a.com/'),
    );
    expect(r).toMatchObject({
      kind: 'call',
      call: {
        middleware: 'errors',
        service: 'error-pages',
        status: ['500-599', '404'],
        query: '/{status}.html',
      },
    });
    expect(compileMiddleware('errors', { status: ['5xx'], service: 's' })).toMatchObject({ ok: false });
  });
});

describe('passTLSClientCert', () => {
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\nAQID\n-----END CERTIFICATE-----\n';
  const cert = {
    pem,
    subject: { C: ['FR'], CN: ['client.example.com'], O: ['Cheese'] },
    issuer: { CN: ['Root CA'] },
    notBefore: 1544094616,
    notAfter: 1607166616,
    sans: ['client.example.com', '10.0.0.1'],
  };

  it('changes nothing without a client certificate (the entrypoint strips spoofed headers)', () => {
    // Traefik v3 pass_tls_client_cert.go only sets the headers on mutual TLS; forwardedheaders deletes them.
    const out = nextRequest(
      run('passTLSClientCert', { pem: true }, get('https://a.com/', { [CLIENT_CERT_HEADER]: 'forged' })),
    );
    expect(getHeader(out.headers, CLIENT_CERT_HEADER)).toBe('forged');
  });

  it('passes the PEM without armour and newlines, not escaped (v3)', () => {
    const out = nextRequest(
      run('passTLSClientCert', { pem: true }, get('https://a.com/'), { ...testEnv, tlsClientCerts: [cert] }),
    );
    expect(getHeader(out.headers, CLIENT_CERT_HEADER)).toBe('MIIBAQID');
  });

  it('passes the selected info fields in Traefik order', () => {
    const info = {
      notAfter: true,
      notBefore: true,
      sans: true,
      subject: { country: true, commonName: true },
      issuer: { commonName: true },
    };
    const out = nextRequest(
      run('passTLSClientCert', { info }, get('https://a.com/'), { ...testEnv, tlsClientCerts: [cert] }),
    );
    expect(getHeader(out.headers, CLIENT_CERT_INFO_HEADER)).toBe(
      queryEscape(
        'Subject="C=FR,CN=client.example.com";Issuer="CN=Root CA";NB="1544094616";NA="1607166616";SAN="client.example.com,10.0.0.1"',
      ),
    );
  });

  it('queryEscape matches Go', () => {
    expect(queryEscape('a b="c";d,e')).toBe('a+b%3D%22c%22%3Bd%2Ce');
  });
});

describe('passive middlewares', () => {
  it.each([
    { desc: 'buffering under the limit', length: '10', kind: 'next' },
    { desc: 'buffering over the limit is 413', length: '2000', kind: 'respond' },
  ])('$desc', ({ length, kind }) => {
    expect(
      run(
        'buffering',
        { maxRequestBodyBytes: 1000 },
        { ...get('http://a.com/', { 'Content-Length': length }), method: 'POST' },
      ).kind,
    ).toBe(kind);
  });

  it('compress names the encoding it would use', () => {
    expect(run('compress', {}, get('http://a.com/', { 'Accept-Encoding': 'gzip, br;q=0.9' }))).toMatchObject({
      notes: ['compress: responses of 1024 bytes or more are sent with Content-Encoding: gzip'],
    });
  });

  it.each([
    { desc: 'equal q: server order', accept: 'gzip, br', want: 'br' },
    { desc: 'higher q wins', accept: 'br;q=0.5, gzip', want: 'gzip' },
    { desc: 'q=0 refuses', accept: 'gzip;q=0', want: undefined },
    { desc: 'wildcard', accept: '*', want: 'zstd' },
  ])('chooseEncoding: $desc', ({ accept, want }) => {
    expect(chooseEncoding(accept, ['zstd', 'br', 'gzip'])).toBe(want);
  });

  it.each(['contentType', 'grpcWeb'] as const)('%s passes the request unchanged', (type) => {
    const req = get('http://a.com/');
    expect(nextRequest(run(type, {}, req))).toBe(req);
  });
});
