import { createServer } from 'node:net';
import { connect } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { firstRecordLength, readServerName } from './client-hello.ts';
import { compileTlsOption, type TlsProfile } from './options.ts';
import { ruleDomains } from './selection.ts';

/** The first bytes a real Node TLS client sends (its ClientHello), captured on a raw socket. */
function captureHello(servername: string | undefined): Promise<Buffer> {
  return new Promise((resolve) => {
    const server = createServer((socket) => {
      socket.once('data', (chunk: Buffer) => {
        socket.destroy();
        server.close();
        resolve(chunk);
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      const client = connect({ host: '127.0.0.1', port, ...(servername ? { servername } : {}) });
      client.on('error', () => undefined);
    });
  });
}

describe('ClientHello reading', () => {
  it('reads the SNI of a real ClientHello, lowercased', async () => {
    const hello = await captureHello('Shop.Example.COM');
    expect(firstRecordLength(hello)).toBe(hello.length);
    expect(readServerName(hello)).toBe('shop.example.com');
  });

  it('finds none when the client sends none, or the record is cut short', async () => {
    expect(readServerName(await captureHello(undefined))).toBeUndefined();
    const hello = await captureHello('a.example.com');
    expect(readServerName(hello.subarray(0, 60))).toBeUndefined();
    expect(firstRecordLength(hello.subarray(0, 3))).toBe(0);
  });
});

describe('compileTlsOption', () => {
  const ok = (p: TlsProfile | string): TlsProfile => {
    if (typeof p === 'string') throw new Error(p);
    return p;
  };

  it("maps Go's version, cipher and curve names to OpenSSL's", () => {
    const p = ok(
      compileTlsOption('o', {
        minVersion: 'VersionTLS12',
        maxVersion: 'VersionTLS13',
        cipherSuites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_AES_128_GCM_SHA256'],
        curvePreferences: ['CurveP521', 'X25519'],
      }),
    );
    expect(p.context).toEqual({
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.3',
      ciphers: 'ECDHE-RSA-AES128-GCM-SHA256',
      ecdhCurve: 'P-521:X25519',
    });
  });

  it('refuses unknown names with the reason', () => {
    expect(compileTlsOption('o', { minVersion: 'TLS1.2' })).toContain('unknown minVersion');
    expect(compileTlsOption('o', { cipherSuites: ['NOPE'] })).toBe(
      'tls option "o": invalid CipherSuite: NOPE',
    );
    expect(compileTlsOption('o', { curvePreferences: ['P-999'] })).toContain('invalid CurveID');
    expect(compileTlsOption('o', { clientAuth: { clientAuthType: 'Maybe' } })).toContain(
      'unknown client auth type',
    );
  });

  it('client auth: CA files alone require and verify; a verifying type needs CA files', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    expect(ok(compileTlsOption('o', { clientAuth: { caFiles: [pem] } })).clientAuth).toBe(
      'RequireAndVerifyClientCert',
    );
    expect(compileTlsOption('o', { clientAuth: { clientAuthType: 'VerifyClientCertIfGiven' } })).toContain(
      'CAFiles is required',
    );
    expect(
      ok(compileTlsOption('o', { clientAuth: { clientAuthType: 'RequestClientCert' } })).clientAuth,
    ).toBe('RequestClientCert');
  });

  it('ALPN keeps the protocols served, in order; the default offers h2 first', () => {
    expect(ok(compileTlsOption('o', {})).alpn).toEqual(['h2', 'http/1.1']);
    expect(ok(compileTlsOption('o', { alpnProtocols: ['http/1.1', 'acme-tls/1', 'h2'] })).alpn).toEqual([
      'http/1.1',
      'h2',
    ]);
  });
});

describe('ruleDomains', () => {
  it("collects every Host argument, as Traefik's ParseDomains", () => {
    expect(ruleDomains('(Host(`A.com`) || Host(`b.com`) || !Host(`c.com`)) && PathPrefix(`/x`)')).toEqual([
      'a.com',
      'b.com',
      'c.com',
    ]);
    expect(ruleDomains('HostRegexp(`.+`)')).toEqual([]);
    expect(ruleDomains('Host(')).toEqual([]);
  });
});
