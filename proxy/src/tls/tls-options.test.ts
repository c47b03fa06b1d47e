import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TLSOptions } from '../../../core/index.ts';
import type { KeyPair } from '../entrypoints/tls.ts';
import type { RouteyardProxy } from '../proxy.ts';
import { type Backend, config, type Echo, startBackend, testProxy } from '../testing/backends.ts';
import { certificateAuthority, clientCert, negotiatedAlpn, serverCert, tlsGet } from './testing.ts';

/** One TLS router per host, each naming a TLS option (or none), all to the echo backend. */
function tlsConfig(
  backend: Backend,
  hosts: Record<string, string | undefined>,
  options: Record<string, TLSOptions>,
  certs: KeyPair[],
  middlewares: Record<string, unknown> = {},
) {
  const routers: Record<string, object> = {};
  for (const [host, opt] of Object.entries(hosts)) {
    routers[`${host.split('.')[0]}@file`] = {
      rule: `Host(\`${host}\`)`,
      service: 'app@file',
      tls: opt === undefined ? {} : { options: opt },
      middlewares: Object.keys(middlewares),
    };
  }
  return config(
    {
      routers: routers as never,
      middlewares: middlewares as never,
      services: { 'app@file': { loadBalancer: { servers: [{ url: backend.url }] } } },
    },
    {
      tls: {
        certificates: certs.map((c) => ({ certFile: c.cert, keyFile: c.key })),
        options: options as never,
        stores: {},
      },
    },
  );
}

describe('TLS options on real handshakes', () => {
  let backend: Backend;
  let proxy: RouteyardProxy;
  let port: number;
  let ca: KeyPair;
  let client: KeyPair;
  let stranger: KeyPair;
  const certs: KeyPair[] = [];

  beforeAll(async () => {
    backend = await startBackend('app');
    ca = await certificateAuthority('Routeyard Test CA');
    client = await clientCert('alice', ca);
    // Signed by another CA: presented, but not verifiable against `ca`.
    stranger = await clientCert('mallory', await certificateAuthority('Other CA'));
    for (const h of ['tls13', 'tls12', 'cipher', 'mtls', 'optional', 'anycert', 'strict', 'h1', 'plain'])
      certs.push(await serverCert(`${h}.example.com`));
    proxy = await testProxy();
    const r = await proxy.apply(
      tlsConfig(
        backend,
        {
          'tls13.example.com': 'modern@file',
          'tls12.example.com': 'old@file',
          'cipher.example.com': 'onecipher@file',
          'mtls.example.com': 'mtls@file',
          'optional.example.com': 'optional@file',
          'anycert.example.com': 'anycert@file',
          'h1.example.com': 'h1only@file',
          'plain.example.com': undefined,
        },
        {
          'modern@file': { minVersion: 'VersionTLS13' },
          'old@file': { maxVersion: 'VersionTLS12' },
          'onecipher@file': {
            maxVersion: 'VersionTLS12',
            cipherSuites: ['TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'],
            curvePreferences: ['CurveP384'],
          },
          'mtls@file': { clientAuth: { caFiles: [ca.cert], clientAuthType: 'RequireAndVerifyClientCert' } },
          'optional@file': { clientAuth: { caFiles: [ca.cert], clientAuthType: 'VerifyClientCertIfGiven' } },
          'anycert@file': { clientAuth: { clientAuthType: 'RequireAnyClientCert' } },
          'h1only@file': { alpnProtocols: ['http/1.1'] },
        },
        certs,
        {
          'pass@file': {
            passTLSClientCert: {
              pem: true,
              info: { subject: { commonName: true, organization: true }, sans: true },
            },
          },
        },
      ),
    );
    expect(r.ok, JSON.stringify(r)).toBe(true);
    port = Number((proxy.addresses().web as string).split(':').pop());
  });

  afterAll(async () => {
    await proxy.stop();
    await backend.close();
  });

  it('minVersion VersionTLS13 refuses a TLS 1.2 client and serves a TLS 1.3 one', async () => {
    await expect(tlsGet({ port, servername: 'tls13.example.com', maxVersion: 'TLSv1.2' })).rejects.toThrow();
    const ok = await tlsGet({ port, servername: 'tls13.example.com' });
    expect([ok.status, ok.version, ok.cn]).toEqual([200, 'TLSv1.3', 'tls13.example.com']);
  });

  it('maxVersion VersionTLS12 caps the handshake; other hosts still get TLS 1.3 from the default option', async () => {
    expect((await tlsGet({ port, servername: 'tls12.example.com' })).version).toBe('TLSv1.2');
    expect((await tlsGet({ port, servername: 'plain.example.com' })).version).toBe('TLSv1.3');
  });

  it('cipherSuites: the one configured suite is chosen, a client without it is refused', async () => {
    const ok = await tlsGet({ port, servername: 'cipher.example.com' });
    expect([ok.status, ok.cipher]).toEqual([200, 'ECDHE-ECDSA-AES256-GCM-SHA384']);
    await expect(
      tlsGet({ port, servername: 'cipher.example.com', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' }),
    ).rejects.toThrow();
  });

  it('RequireAndVerifyClientCert: no certificate and an untrusted one are refused, a CA-signed one passes', async () => {
    await expect(tlsGet({ port, servername: 'mtls.example.com' })).rejects.toThrow();
    await expect(tlsGet({ port, servername: 'mtls.example.com', cert: stranger })).rejects.toThrow();
    const ok = await tlsGet({ port, servername: 'mtls.example.com', cert: client });
    expect(ok.status).toBe(200);
  });

  it('passTLSClientCert forwards the real client certificate and its info', async () => {
    const ok = await tlsGet({ port, servername: 'mtls.example.com', cert: client });
    const echo = JSON.parse(ok.body) as Echo;
    const body = client.cert.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
    expect(echo.headers['x-forwarded-tls-client-cert']).toBe(body);
    const info = String(echo.headers['x-forwarded-tls-client-cert-info']);
    expect(decodeURIComponent(info.replaceAll('+', ' '))).toBe(
      'Subject="O=Routeyard Tests,CN=alice";SAN="alice@example.com"',
    );
  });

  it('passTLSClientCert sees the client certificate over HTTP/2 too', async () => {
    const { connect } = await import('node:http2');
    const session = connect(`https://127.0.0.1:${port}`, {
      servername: 'mtls.example.com',
      rejectUnauthorized: false,
      cert: client.cert,
      key: client.key,
    });
    const body = await new Promise<string>((resolve, reject) => {
      session.on('error', reject);
      const req = session.request({ ':path': '/', ':authority': 'mtls.example.com' });
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString()));
      req.on('error', reject);
      req.end();
    });
    session.close();
    expect(String((JSON.parse(body) as Echo).headers['x-forwarded-tls-client-cert-info'])).toContain('alice');
  });

  it('a client certificate header sent by the client itself is dropped without mutual TLS', async () => {
    const ok = await tlsGet({
      port,
      servername: 'plain.example.com',
      headers: { 'X-Forwarded-Tls-Client-Cert': 'forged' },
    });
    expect((JSON.parse(ok.body) as Echo).headers['x-forwarded-tls-client-cert']).toBeUndefined();
  });

  it('VerifyClientCertIfGiven: none is fine, a valid one passes, an untrusted one is refused', async () => {
    expect((await tlsGet({ port, servername: 'optional.example.com' })).status).toBe(200);
    expect((await tlsGet({ port, servername: 'optional.example.com', cert: client })).status).toBe(200);
    await expect(tlsGet({ port, servername: 'optional.example.com', cert: stranger })).rejects.toThrow();
  });

  it('RequireAnyClientCert: any certificate passes unverified, none is refused', async () => {
    await expect(tlsGet({ port, servername: 'anycert.example.com' })).rejects.toThrow();
    const ok = await tlsGet({ port, servername: 'anycert.example.com', cert: stranger });
    expect(ok.status).toBe(200);
    expect(String((JSON.parse(ok.body) as Echo).headers['x-forwarded-tls-client-cert-info'])).toContain(
      'mallory',
    );
  });

  it('alpnProtocols narrows ALPN: http/1.1 only for its host, h2 for the others', async () => {
    expect(await negotiatedAlpn(port, 'h1.example.com')).toBe('http/1.1');
    expect(await negotiatedAlpn(port, 'plain.example.com')).toBe('h2');
  });
});

describe('TLS option selection', () => {
  let backend: Backend;
  let proxy: RouteyardProxy;
  let port: number;

  beforeAll(async () => {
    backend = await startBackend('app');
    proxy = await testProxy();
    port = 0;
  });

  afterAll(async () => {
    await proxy.stop();
    await backend.close();
  });

  async function apply(cfg: ReturnType<typeof tlsConfig>) {
    const r = await proxy.apply(cfg);
    port = Number((proxy.addresses().web as string).split(':').pop());
    return r;
  }

  it('sniStrict in the default option refuses unknown names and clients without SNI', async () => {
    const known = await serverCert('known.example.com');
    const r = await apply(
      tlsConfig(backend, { 'known.example.com': undefined }, { default: { sniStrict: true } }, [known]),
    );
    expect(r.ok).toBe(true);
    expect((await tlsGet({ port, servername: 'known.example.com' })).cn).toBe('known.example.com');
    await expect(tlsGet({ port, servername: 'unknown.example.com' })).rejects.toThrow();
    await expect(tlsGet({ port })).rejects.toThrow();
  });

  it('without sniStrict an unknown name gets the default certificate', async () => {
    const known = await serverCert('known.example.com');
    await apply(tlsConfig(backend, { 'known.example.com': undefined }, {}, [known]));
    const res = await tlsGet({ port, servername: 'unknown.example.com' });
    expect(res.cn).toBe('ROUTEYARD DEFAULT CERT');
  });

  it('two options for one host: the default option applies, with a warning', async () => {
    const cfg = tlsConfig(
      backend,
      { 'both.example.com': 'modern@file' },
      { 'modern@file': { minVersion: 'VersionTLS13' }, 'old@file': { maxVersion: 'VersionTLS12' } },
      [],
    );
    Object.assign(cfg.http.routers, {
      'other@file': {
        rule: 'Host(`both.example.com`) && Path(`/x`)',
        service: 'app@file',
        tls: { options: 'old@file' },
      },
    });
    const r = await apply(cfg);
    expect(r.ok && r.warnings.some((w) => w.includes('different TLS options'))).toBe(true);
    // The default option allows both TLS 1.2 and 1.3: neither router's option was applied.
    expect((await tlsGet({ port, servername: 'both.example.com', maxVersion: 'TLSv1.2' })).status).toBe(200);
    expect((await tlsGet({ port, servername: 'both.example.com' })).version).toBe('TLSv1.3');
  });

  it('an option with an unknown cipher suite is reported and its hosts fail the handshake', async () => {
    const r = await apply(
      tlsConfig(
        backend,
        { 'bad.example.com': 'bad@file', 'good.example.com': undefined },
        { 'bad@file': { cipherSuites: ['TLS_FAKE_WITH_NOTHING'] } },
        [],
      ),
    );
    expect(r.ok && r.warnings.some((w) => w.includes('invalid CipherSuite: TLS_FAKE_WITH_NOTHING'))).toBe(
      true,
    );
    await expect(tlsGet({ port, servername: 'bad.example.com' })).rejects.toThrow();
    expect((await tlsGet({ port, servername: 'good.example.com' })).status).toBe(200);
  });
});
