// Certificate choice by SNI over TLS 1.2 and 1.3, RSA and EC keys, and the default certificate without SNI.
import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { RouteyardProxy } from '../proxy.ts';
import { type Backend, config, entryUrl, startBackend, testProxy } from '../testing/backends.ts';
import type { KeyPair } from './tls.ts';

async function certificate(cn: string, keyType: 'rsa' | 'ec'): Promise<KeyPair> {
  const selfsigned = (await import('selfsigned')).default as unknown as {
    generate(a: unknown, o: unknown): Promise<{ private: string; cert: string }>;
  };
  const p = await selfsigned.generate([{ name: 'commonName', value: cn }], {
    keyType,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: cn }] }],
  });
  return { cert: p.cert, key: p.private };
}

/** The demo certificate of examples/ (RSA, shop.localhost): the one a TLS 1.3 handshake once missed. */
function exampleCertificate(): KeyPair {
  const text = readFileSync(new URL('../../../examples/shop/secrets.yaml', import.meta.url), 'utf8');
  for (const doc of parseAllDocuments(text)) {
    const o = doc.toJS() as { type?: string; data?: Record<string, string> };
    if (o?.type === 'kubernetes.io/tls' && o.data) {
      const b64 = (k: string) => Buffer.from(o.data?.[k] ?? '', 'base64').toString('utf8');
      return { cert: b64('tls.crt'), key: b64('tls.key') };
    }
  }
  throw new Error('examples/shop/secrets.yaml has no kubernetes.io/tls Secret');
}

function servedName(
  port: number,
  servername: string | undefined,
  version: 'TLSv1.2' | 'TLSv1.3',
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(
      {
        host: '127.0.0.1',
        port,
        servername,
        rejectUnauthorized: false,
        minVersion: version,
        maxVersion: version,
      },
      () => {
        resolve(String(socket.getPeerCertificate().subject?.CN));
        socket.end();
      },
    );
    socket.on('error', reject);
  });
}

describe('SNI certificate selection', () => {
  let backend: Backend;
  let proxy: RouteyardProxy;
  let port: number;

  beforeAll(async () => {
    backend = await startBackend('app');
    const rsa = await certificate('rsa.example.com', 'rsa');
    const ec = await certificate('ec.example.com', 'ec');
    const shop = exampleCertificate();
    proxy = await testProxy();
    const r = await proxy.apply(
      config(
        {
          routers: { 'secure@file': { rule: 'PathPrefix(`/`)', service: 'app@file', tls: {} } },
          services: { 'app@file': { loadBalancer: { servers: [{ url: backend.url }] } } },
        },
        {
          tls: {
            certificates: [
              { certFile: rsa.cert, keyFile: rsa.key },
              { certFile: ec.cert, keyFile: ec.key },
              { certFile: shop.cert, keyFile: shop.key },
            ],
            options: {},
            stores: {},
          },
        },
      ),
    );
    expect(r.ok).toBe(true);
    port = Number(entryUrl(proxy).split(':').pop());
  });

  afterAll(async () => {
    await proxy.stop();
    await backend.close();
  });

  it.each([
    { desc: 'RSA over TLS 1.3', name: 'rsa.example.com', version: 'TLSv1.3' as const },
    { desc: 'RSA over TLS 1.2', name: 'rsa.example.com', version: 'TLSv1.2' as const },
    { desc: 'EC over TLS 1.3', name: 'ec.example.com', version: 'TLSv1.3' as const },
    { desc: 'EC over TLS 1.2', name: 'ec.example.com', version: 'TLSv1.2' as const },
    { desc: 'the examples certificate over TLS 1.3', name: 'shop.localhost', version: 'TLSv1.3' as const },
  ])('serves the certificate named by SNI: $desc', async ({ name, version }) => {
    expect(await servedName(port, name, version)).toBe(name);
  });

  it('serves the default certificate for an unknown name and for a client without SNI', async () => {
    expect(await servedName(port, 'unknown.example.com', 'TLSv1.3')).toBe('ROUTEYARD DEFAULT CERT');
    expect(await servedName(port, undefined, 'TLSv1.3')).toBe('ROUTEYARD DEFAULT CERT');
  });
});
