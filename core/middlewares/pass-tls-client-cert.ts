import type { Middleware } from '../config/types.ts';
import { utf8 } from './encoding.ts';
import { withHeader } from './http-headers.ts';
import type { MiddlewareDef, TLSClientCert } from './types.ts';

export const CLIENT_CERT_HEADER = 'X-Forwarded-Tls-Client-Cert';
export const CLIENT_CERT_INFO_HEADER = 'X-Forwarded-Tls-Client-Cert-Info';

type InfoConfig = NonNullable<NonNullable<Middleware['passTLSClientCert']>['info']>;

// The order and short names of Traefik v3's getSubjectDNInfo: DC first, then C, ST, L, O, OU, SN and CN last.
const SUBJECT_FIELDS: [string, string][] = [
  ['domainComponent', 'DC'],
  ['country', 'C'],
  ['province', 'ST'],
  ['locality', 'L'],
  ['organization', 'O'],
  ['organizationalUnit', 'OU'],
  ['serialNumber', 'SN'],
  ['commonName', 'CN'],
];
// getIssuerDNInfo has no organizationalUnit option.
const ISSUER_FIELDS = SUBJECT_FIELDS.filter(([key]) => key !== 'organizationalUnit');

/** Go's `url.QueryEscape`: everything but `A-Za-z0-9-_.~` is %-escaped, and space becomes `+`. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function dn(
  order: [string, string][],
  fields: Record<string, boolean> | undefined,
  name: Record<string, string[]> | undefined,
): string {
  if (!fields || !name) return '';
  const parts: string[] = [];
  for (const [key, short] of order) {
    if (!fields[key]) continue;
    for (const v of name[short] ?? []) if (v !== '') parts.push(`${short}=${v}`);
  }
  return parts.join(',');
}

/** One certificate's info string, fields joined by `;` (Traefik's getCertInfo). */
export function certInfo(cert: TLSClientCert, info: InfoConfig): string {
  const values: string[] = [];
  const subject = dn(SUBJECT_FIELDS, info.subject, cert.subject);
  if (subject) values.push(`Subject="${subject}"`);
  const issuer = dn(ISSUER_FIELDS, info.issuer, cert.issuer);
  if (issuer) values.push(`Issuer="${issuer}"`);
  if (info.serialNumber && cert.serialNumber) values.push(`SerialNumber="${cert.serialNumber}"`);
  if (info.notBefore && cert.notBefore !== undefined) values.push(`NB="${cert.notBefore}"`);
  if (info.notAfter && cert.notAfter !== undefined) values.push(`NA="${cert.notAfter}"`);
  if (info.sans && cert.sans?.length) values.push(`SAN="${cert.sans.join(',')}"`);
  return values.join(';');
}

/** The PEM body without its armour lines and newlines, as Traefik sends it. */
export function stripPem(pem: string): string {
  return pem
    .replace(/-----BEGIN CERTIFICATE-----/g, '')
    .replace(/-----END CERTIFICATE-----/g, '')
    .replace(/\s+/g, '');
}

/**
 * passTLSClientCert: on a mutual-TLS request, sets X-Forwarded-Tls-Client-Cert to the PEM bodies (armour and
 * newlines removed, certificates separated by `,`, not escaped) and X-Forwarded-Tls-Client-Cert-Info to the
 * selected fields escaped with Go's QueryEscape (Traefik v3 pkg/middlewares/passtlsclientcert). Without a client
 * certificate it changes nothing: stripping spoofed values is the entrypoint's forwarded-headers job.
 */
export const passTLSClientCert: MiddlewareDef<'passTLSClientCert'> = {
  type: 'passTLSClientCert',
  validate: () => [],
  compile(cfg) {
    return (req, env) => {
      let headers = req.headers;
      const certs = env.tlsClientCerts ?? [];
      const notes: string[] = [];
      if (certs.length === 0) {
        if (cfg.pem || cfg.info)
          notes.push('passTLSClientCert: the request carries no client certificate; nothing is passed');
      } else {
        if (cfg.pem)
          headers = withHeader(headers, CLIENT_CERT_HEADER, certs.map((c) => stripPem(c.pem)).join(','));
        if (cfg.info) {
          const info = cfg.info;
          headers = withHeader(
            headers,
            CLIENT_CERT_INFO_HEADER,
            queryEscape(certs.map((c) => certInfo(c, info)).join(',')),
          );
        }
      }
      return { kind: 'next', request: { ...req, headers }, notes };
    };
  },
};
