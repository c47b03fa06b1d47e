import { X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { TLSConfiguration } from '../../../core/index.ts';

/** A certificate and key in PEM. */
export interface KeyPair {
  cert: string;
  key: string;
}

/** Generates the default certificate served when no configured one matches (Traefik's "TRAEFIK DEFAULT CERT"). */
export async function generateDefaultCertificate(): Promise<KeyPair> {
  const selfsigned = (await import('selfsigned')).default as unknown as {
    generate(
      attrs: { name: string; value: string }[],
      opts: Record<string, unknown>,
    ): Promise<{ private: string; cert: string }>;
  };
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'ROUTEYARD DEFAULT CERT' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'routeyard.default' }] }],
  });
  return { cert: pems.cert, key: pems.private };
}

/** The DNS names a certificate covers: its SANs, or its CN when it has none. */
function namesOf(pem: string): string[] {
  const x = new X509Certificate(pem);
  const sans = (x.subjectAltName ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('DNS:'))
    .map((s) => s.slice(4).toLowerCase());
  if (sans.length > 0) return sans;
  const cn = /CN=([^\n,]+)/.exec(x.subject)?.[1];
  return cn ? [cn.toLowerCase()] : [];
}

/**
 * Certificates by server name, built once per configuration. Selection follows Traefik: an exact name first,
 * then a wildcard one label up, else the store's default certificate (or the generated one).
 */
export class CertStore {
  private readonly exact = new Map<string, SecureContext>();
  readonly defaultContext: SecureContext;
  readonly problems: string[] = [];

  constructor(tls: TLSConfiguration | undefined, generated: KeyPair) {
    for (const c of tls?.certificates ?? []) {
      if (c.status === 'disabled') continue;
      try {
        const ctx = createSecureContext({ cert: c.certFile, key: c.keyFile });
        for (const name of namesOf(c.certFile)) if (!this.exact.has(name)) this.exact.set(name, ctx);
      } catch (err) {
        this.problems.push(`certificate: ${(err as Error).message}`);
      }
    }
    const def = tls?.stores?.default?.defaultCertificate;
    let defaultContext: SecureContext | undefined;
    if (def?.certFile && def.keyFile) {
      try {
        defaultContext = createSecureContext({ cert: def.certFile, key: def.keyFile });
      } catch (err) {
        this.problems.push(`default certificate: ${(err as Error).message}`);
      }
    }
    this.defaultContext = defaultContext ?? createSecureContext({ cert: generated.cert, key: generated.key });
  }

  select(serverName: string | undefined): SecureContext {
    if (!serverName) return this.defaultContext;
    const name = serverName.toLowerCase();
    const found = this.exact.get(name);
    if (found !== undefined) return found;
    const dot = name.indexOf('.');
    if (dot > 0) {
      const wild = this.exact.get(`*${name.slice(dot)}`);
      if (wild !== undefined) return wild;
    }
    return this.defaultContext;
  }
}
