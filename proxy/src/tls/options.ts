import type { SecureContextOptions } from 'node:tls';
import type { TLSOptions } from '../../../core/index.ts';

/** Go's `tls.ClientAuthType` names, as Traefik's `clientAuth.clientAuthType` takes them. */
export type ClientAuthMode =
  | 'NoClientCert'
  | 'RequestClientCert'
  | 'RequireAnyClientCert'
  | 'VerifyClientCertIfGiven'
  | 'RequireAndVerifyClientCert';

/**
 * One compiled TLS option: what a TLS server for it is built with. A handshake whose SNI maps to this option is
 * served by a server (and certificate contexts) carrying exactly these settings.
 */
export interface TlsProfile {
  name: string;
  /** Versions, ciphers, curves and client CAs, shared by the server's default context and every SNI context. */
  context: SecureContextOptions;
  clientAuth: ClientAuthMode;
  sniStrict: boolean;
  /** The ALPN protocols offered, in order, restricted to what the proxy serves (h2, http/1.1). */
  alpn: string[];
}

const VERSIONS: Record<string, SecureContextOptions['minVersion']> = {
  VersionTLS10: 'TLSv1',
  VersionTLS11: 'TLSv1.1',
  VersionTLS12: 'TLSv1.2',
  VersionTLS13: 'TLSv1.3',
};

// Go's crypto/tls names for the suites of TLS 1.0 to 1.2, with OpenSSL's names for them.
const CIPHERS: Record<string, string> = {
  TLS_RSA_WITH_RC4_128_SHA: 'RC4-SHA',
  TLS_RSA_WITH_3DES_EDE_CBC_SHA: 'DES-CBC3-SHA',
  TLS_RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
  TLS_RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
  TLS_RSA_WITH_AES_128_CBC_SHA256: 'AES128-SHA256',
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256',
  TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_RC4_128_SHA: 'ECDHE-ECDSA-RC4-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_RC4_128_SHA: 'ECDHE-RSA-RC4-SHA',
  TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA: 'ECDHE-RSA-DES-CBC3-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256: 'ECDHE-ECDSA-AES128-SHA256',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256: 'ECDHE-RSA-AES128-SHA256',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305: 'ECDHE-ECDSA-CHACHA20-POLY1305',
};

// Go accepts the TLS 1.3 suite names but never lets them be configured: TLS 1.3 always offers all three.
const TLS13_SUITES = new Set([
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
]);

const CURVES: Record<string, string> = {
  CurveP256: 'P-256',
  CurveP384: 'P-384',
  CurveP521: 'P-521',
  X25519: 'X25519',
  secp256r1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
  x25519: 'X25519',
};

const CLIENT_AUTH = new Set<string>([
  'NoClientCert',
  'RequestClientCert',
  'RequireAnyClientCert',
  'VerifyClientCertIfGiven',
  'RequireAndVerifyClientCert',
]);

/** The protocols Traefik offers when `alpnProtocols` is unset (acme-tls/1 is not served here). */
const DEFAULT_ALPN = ['h2', 'http/1.1'];

/** Traefik's built-in `default` option when the configuration defines none. */
export const BUILTIN_DEFAULT: TLSOptions = { minVersion: 'VersionTLS12' };

/**
 * Compiles one `tls.options.<name>` as Traefik's TLS manager builds its Go `tls.Config`. Returns the reason as a
 * string when the option cannot be built (unknown version, cipher, curve or client auth type, a verifying client
 * auth without CA): Traefik then fails every handshake for the hosts of the routers using it.
 */
export function compileTlsOption(name: string, opt: TLSOptions): TlsProfile | string {
  const context: SecureContextOptions = {};
  const min = opt.minVersion;
  if (min) {
    const v = VERSIONS[min];
    if (v === undefined) return `tls option "${name}": unknown minVersion "${min}"`;
    context.minVersion = v;
  } else context.minVersion = 'TLSv1.2';
  const max = opt.maxVersion;
  if (max) {
    const v = VERSIONS[max];
    if (v === undefined) return `tls option "${name}": unknown maxVersion "${max}"`;
    context.maxVersion = v;
  }
  if (opt.cipherSuites?.length) {
    const names: string[] = [];
    for (const suite of opt.cipherSuites) {
      if (TLS13_SUITES.has(suite)) continue;
      const openssl = CIPHERS[suite];
      if (openssl === undefined) return `tls option "${name}": invalid CipherSuite: ${suite}`;
      names.push(openssl);
    }
    if (names.length > 0) context.ciphers = names.join(':');
  }
  if (opt.curvePreferences?.length) {
    const curves: string[] = [];
    for (const c of opt.curvePreferences) {
      const openssl = CURVES[c];
      if (openssl === undefined) return `tls option "${name}": invalid CurveID in curvePreferences: ${c}`;
      curves.push(openssl);
    }
    context.ecdhCurve = curves.join(':');
  }
  // Traefik: CA files alone mean RequireAndVerifyClientCert; a verifying type without them is an error.
  const cas = (opt.clientAuth?.caFiles ?? []).filter((s) => s.trim() !== '');
  let clientAuth: ClientAuthMode = cas.length > 0 ? 'RequireAndVerifyClientCert' : 'NoClientCert';
  const type = opt.clientAuth?.clientAuthType;
  if (type) {
    if (!CLIENT_AUTH.has(type)) return `tls option "${name}": unknown client auth type "${type}"`;
    if (cas.length === 0 && (type === 'VerifyClientCertIfGiven' || type === 'RequireAndVerifyClientCert'))
      return `tls option "${name}": invalid clientAuthType: ${type}, CAFiles is required`;
    clientAuth = type as ClientAuthMode;
  }
  if (cas.length > 0) {
    if (!cas.every((pem) => pem.includes('-----BEGIN CERTIFICATE-----')))
      return `tls option "${name}": clientAuth.caFiles: invalid certificate(s) content (PEM expected)`;
    context.ca = cas;
  }
  const alpn = (opt.alpnProtocols ?? DEFAULT_ALPN).filter((p) => p === 'h2' || p === 'http/1.1');
  return { name, context, clientAuth, sniStrict: opt.sniStrict === true, alpn };
}
