import { X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContext, type SecureContextOptions } from 'node:tls';
import type { RuntimeConfig, TLSConfiguration } from '../../../core/index.ts';
import type { TlsProfile } from '../tls/options.ts';
import { TlsSelection } from '../tls/selection.ts';

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

interface CertEntry {
  pair: KeyPair;
}

/**
 * Certificates by server name and the TLS options, built once per configuration. Certificate selection follows
 * Traefik: an exact name first, then a wildcard one label up, else the store's default certificate (or the
 * generated one), which a `sniStrict` option refuses to serve. Secure contexts carry the option's versions,
 * ciphers, curves and client CAs, so they are made per option and certificate, on first use.
 */
export class CertStore {
  private readonly exact = new Map<string, CertEntry>();
  private readonly defaultEntry: CertEntry;
  private readonly contexts = new WeakMap<TlsProfile, Map<CertEntry, SecureContext>>();
  readonly selection: TlsSelection;
  readonly problems: string[] = [];

  constructor(config: RuntimeConfig, generated: KeyPair) {
    const tls = config.tls as TLSConfiguration | undefined;
    for (const c of tls?.certificates ?? []) {
      if (c.status === 'disabled') continue;
      try {
        const pair = { cert: c.certFile, key: c.keyFile };
        createSecureContext(pair);
        const entry = { pair };
        for (const name of namesOf(c.certFile)) if (!this.exact.has(name)) this.exact.set(name, entry);
      } catch (err) {
        this.problems.push(`certificate: ${(err as Error).message}`);
      }
    }
    const def = tls?.stores?.default?.defaultCertificate;
    let defaultEntry: CertEntry | undefined;
    if (def?.certFile && def.keyFile) {
      try {
        const pair = { cert: def.certFile, key: def.keyFile };
        createSecureContext(pair);
        defaultEntry = { pair };
      } catch (err) {
        this.problems.push(`default certificate: ${(err as Error).message}`);
      }
    }
    this.defaultEntry = defaultEntry ?? { pair: generated };
    this.selection = new TlsSelection(config);
    this.problems.push(...this.selection.problems);
  }

  /** The TLS option of a handshake on `entryPoint` for `serverName`, or why it must fail. */
  profileFor(entryPoint: string, serverName: string | undefined): TlsProfile | string {
    return this.selection.profileFor(entryPoint, serverName);
  }

  /** The server options of a TLS server for `profile`: its default certificate and the option's settings. */
  serverOptions(profile: TlsProfile, withDefaultCertificate: boolean): SecureContextOptions {
    // A server that carries the (EC) default certificate itself keeps serving it over TLS 1.3 when the SNI callback
    // picks an RSA one (sni.test.ts). So servers for SNI connections carry none and get every certificate from the
    // callback; only connections without SNI use a server with the default one.
    return withDefaultCertificate
      ? { ...profile.context, ...this.defaultEntry.pair }
      : { ...profile.context };
  }

  /** The context for `serverName` under `profile`; undefined when `sniStrict` finds no certificate for it. */
  select(profile: TlsProfile, serverName: string | undefined): SecureContext | undefined {
    const entry = this.match(serverName);
    if (entry === undefined && profile.sniStrict) return undefined;
    const e = entry ?? this.defaultEntry;
    let byCert = this.contexts.get(profile);
    if (byCert === undefined) {
      byCert = new Map();
      this.contexts.set(profile, byCert);
    }
    let ctx = byCert.get(e);
    if (ctx === undefined) {
      ctx = createSecureContext({ ...profile.context, ...e.pair });
      byCert.set(e, ctx);
    }
    return ctx;
  }

  private match(serverName: string | undefined): CertEntry | undefined {
    if (!serverName) return undefined;
    const name = serverName.toLowerCase();
    const found = this.exact.get(name);
    if (found !== undefined) return found;
    const dot = name.indexOf('.');
    if (dot > 0) return this.exact.get(`*${name.slice(dot)}`);
    return undefined;
  }
}
