import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  certificateCoversHost,
  readCertificateDer,
  readCertificateFromSecretData,
  readCertificatePem,
  type X509Summary,
} from './x509.ts';

const NOT_BEFORE = new Date('2024-01-02T03:04:05Z');
const NOT_AFTER = new Date('2051-06-07T08:09:10Z');

let pem: string;
let cert: X509Summary;

beforeAll(async () => {
  const result = await generate([{ name: 'commonName', value: 'shop.example.com' }], {
    keyType: 'ec',
    curve: 'P-256',
    notBeforeDate: NOT_BEFORE,
    notAfterDate: NOT_AFTER,
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'shop.example.com' },
          { type: 2, value: '*.shop.example.com' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  pem = result.cert;
  const r = readCertificatePem(pem);
  if (!r.ok) throw new Error(r.error);
  cert = r.certificate;
});

describe('readCertificatePem', () => {
  it('reads subject, issuer, SANs and validity as node:crypto does', () => {
    const ref = new X509Certificate(pem);
    expect(cert.subjectCN).toBe('shop.example.com');
    expect(cert.issuerCN).toBe('shop.example.com');
    expect(cert.sans).toEqual(['shop.example.com', '*.shop.example.com']);
    expect(cert.ipAddresses).toEqual(['127.0.0.1', '::1']);
    expect(cert.notBeforeMs).toBe(new Date(ref.validFrom).getTime());
    expect(cert.notAfterMs).toBe(new Date(ref.validTo).getTime());
    // 2051 is past 2049, so notAfter is a GeneralizedTime and notBefore a UTCTime (RFC 5280 §4.1.2.5).
    expect(cert.notBefore).toBe('2024-01-02T03:04:05.000Z');
    expect(cert.notAfter).toBe('2051-06-07T08:09:10.000Z');
  });

  it('reads the leaf of a chain and the DER form', () => {
    expect(readCertificatePem(`${pem}\n${pem}`)).toEqual({ ok: true, certificate: cert });
    const der = new Uint8Array(new X509Certificate(pem).raw);
    expect(readCertificateDer(der)).toEqual({ ok: true, certificate: cert });
  });

  it('reads a Secret data value (base64 of the PEM)', () => {
    expect(readCertificateFromSecretData(Buffer.from(pem).toString('base64'))).toEqual({
      ok: true,
      certificate: cert,
    });
  });

  it.each([
    { desc: 'no PEM block', input: 'hello', error: /no PEM certificate block/ },
    {
      desc: 'bad base64',
      input: '-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----',
      error: /base64/,
    },
    {
      desc: 'truncated DER',
      input: `-----BEGIN CERTIFICATE-----\n${Buffer.from([0x30, 0x82, 0x05, 0x00, 0x30]).toString('base64')}\n-----END CERTIFICATE-----`,
      error: /malformed/,
    },
  ])('returns an error, never throws: $desc', ({ input, error }) => {
    const r = readCertificatePem(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
  });

  it('survives every truncation of a real certificate', () => {
    const der = new Uint8Array(new X509Certificate(pem).raw);
    for (let n = 0; n < der.length; n += 7) expect(readCertificateDer(der.subarray(0, n)).ok).toBe(false);
  });
});

describe('certificateCoversHost', () => {
  it.each([
    { desc: 'exact SAN', host: 'shop.example.com', covered: true },
    { desc: 'case-insensitive', host: 'SHOP.Example.com', covered: true },
    { desc: 'wildcard, one label', host: 'api.shop.example.com', covered: true },
    { desc: 'wildcard, two labels', host: 'a.b.shop.example.com', covered: false },
    { desc: 'other host', host: 'example.com', covered: false },
    { desc: 'IPv4 SAN', host: '127.0.0.1', covered: true },
    { desc: 'IPv6 SAN', host: '::1', covered: true },
  ])('$desc', ({ host, covered }) => {
    expect(certificateCoversHost(cert, host)).toBe(covered);
  });

  it('uses the CN only when there are no SANs', () => {
    const legacy = { ...cert, sans: [], ipAddresses: [] };
    expect(certificateCoversHost(legacy, 'shop.example.com')).toBe(true);
    expect(certificateCoversHost({ ...cert, subjectCN: 'other.example.com' }, 'other.example.com')).toBe(
      false,
    );
  });
});
