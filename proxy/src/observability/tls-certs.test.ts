import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '../../../core/index.ts';
import { Metrics } from './metrics.ts';
import { certificateExpiries } from './tls-certs.ts';

async function generate(): Promise<{ cert: string; key: string }> {
  const selfsigned = (await import('selfsigned')).default as unknown as {
    generate(a: unknown, o: unknown): Promise<{ private: string; cert: string }>;
  };
  const p = await selfsigned.generate([{ name: 'commonName', value: 'shop.example.com' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'www.example.com' },
          { type: 2, value: 'shop.example.com' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { cert: p.cert, key: p.private };
}

describe('traefik_tls_certs_not_after', () => {
  it('reports CN, decimal serial, sorted DNS SANs and NotAfter in Unix seconds', async () => {
    const pair = await generate();
    const config = {
      tls: {
        certificates: [
          { certFile: pair.cert, keyFile: pair.key },
          { certFile: 'not a certificate', keyFile: '' },
        ],
      },
    } as unknown as RuntimeConfig;
    const x = new X509Certificate(pair.cert);
    const [c, ...rest] = certificateExpiries(config);
    expect(rest).toEqual([]);
    expect(c?.cn).toBe('shop.example.com');
    expect(c?.sans).toBe('shop.example.com,www.example.com');
    expect(c?.serial).toBe(BigInt(`0x${x.serialNumber}`).toString(10));
    expect(c?.notAfter).toBe(Math.floor(Date.parse(x.validTo) / 1000));
    const m = new Metrics();
    m.certificates = certificateExpiries(config);
    expect(m.render()).toContain(
      `traefik_tls_certs_not_after{cn="shop.example.com",sans="shop.example.com,www.example.com",serial="${c?.serial}"} ${c?.notAfter}\n`,
    );
  });
});
