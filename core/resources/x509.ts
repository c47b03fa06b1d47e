import {
  children,
  DerError,
  type DerNode,
  decodeBase64,
  readNode,
  readOid,
  readString,
  readTime,
} from './der.ts';

/** What Routeyard needs to know about a certificate: names and validity. */
export interface X509Summary {
  /** The subject's common name (CN), when present. */
  subjectCN?: string;
  /** The issuer's common name (CN), when present. */
  issuerCN?: string;
  /** DNS names from the subjectAltName extension, as written (wildcards included, e.g. `*.example.com`). */
  sans: string[];
  /** IP addresses from the subjectAltName extension, in dotted or colon form. */
  ipAddresses: string[];
  /** Validity bounds, ISO 8601 (UTC). */
  notBefore: string;
  notAfter: string;
  /** Validity bounds in epoch milliseconds, for comparisons with an injected clock. */
  notBeforeMs: number;
  notAfterMs: number;
}

/** The result of reading a certificate: core reports bad input as data, never by throwing. */
export type CertificateResult = { ok: true; certificate: X509Summary } | { ok: false; error: string };

const OID_CN = '2.5.4.3';
const OID_SAN = '2.5.29.17';

function commonName(buf: Uint8Array, name: DerNode): string | undefined {
  // Name ::= SEQUENCE OF RelativeDistinguishedName (SET OF AttributeTypeAndValue).
  let cn: string | undefined;
  for (const rdn of children(buf, name)) {
    for (const atv of children(buf, rdn)) {
      const [type, value] = children(buf, atv);
      // The most specific CN comes last, as Go's pkix.Name.FillFromRDNSequence keeps the last one.
      if (type !== undefined && value !== undefined && readOid(buf, type) === OID_CN)
        cn = readString(buf, value);
    }
  }
  return cn;
}

function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return [...bytes].join('.');
  const groups: string[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2)
    groups.push((((bytes[i] as number) << 8) | (bytes[i + 1] as number)).toString(16));
  // RFC 5952 form: the longest run of two or more zero groups becomes `::`.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < groups.length; i++) {
    let j = i;
    while (groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

function readSans(buf: Uint8Array, extnValue: DerNode, info: X509Summary): void {
  // The OCTET STRING wraps GeneralNames ::= SEQUENCE OF GeneralName (context-tagged, implicit).
  const names = readNode(buf, extnValue.start, extnValue.end);
  for (const gn of children(buf, names)) {
    if (gn.tag === 0x82) info.sans.push(readString(buf, gn));
    else if (gn.tag === 0x87) info.ipAddresses.push(formatIp(buf.subarray(gn.start, gn.end)));
  }
}

function readExtensions(buf: Uint8Array, explicit: DerNode, info: X509Summary): void {
  const [extensions] = children(buf, explicit);
  if (extensions === undefined) return;
  for (const ext of children(buf, extensions)) {
    const parts = children(buf, ext);
    const oid = parts[0];
    const value = parts[parts.length - 1];
    if (oid !== undefined && value !== undefined && readOid(buf, oid) === OID_SAN) readSans(buf, value, info);
  }
}

/**
 * Reads a DER-encoded X.509 certificate: subject and issuer CN, subjectAltName DNS names and IPs, validity.
 * Signatures are not verified: this is for reporting (expiry, host coverage), not for trust decisions.
 */
export function readCertificateDer(der: Uint8Array): CertificateResult {
  try {
    const cert = readNode(der, 0);
    const [tbs] = children(der, cert);
    if (tbs === undefined) return { ok: false, error: 'certificate has no tbsCertificate' };
    const fields = children(der, tbs);
    // The version is an optional explicit [0]; everything after it has a fixed order (RFC 5280 §4.1).
    let i = fields[0]?.tag === 0xa0 ? 1 : 0;
    i += 2; // serialNumber, signature.
    const issuer = fields[i++];
    const validity = fields[i++];
    const subject = fields[i++];
    if (issuer === undefined || validity === undefined || subject === undefined) {
      return { ok: false, error: 'certificate is missing issuer, validity or subject' };
    }
    const [nb, na] = children(der, validity);
    if (nb === undefined || na === undefined)
      return { ok: false, error: 'certificate validity is incomplete' };
    const notBeforeMs = readTime(der, nb);
    const notAfterMs = readTime(der, na);
    const info: X509Summary = {
      sans: [],
      ipAddresses: [],
      notBefore: new Date(notBeforeMs).toISOString(),
      notAfter: new Date(notAfterMs).toISOString(),
      notBeforeMs,
      notAfterMs,
    };
    const subjectCN = commonName(der, subject);
    const issuerCN = commonName(der, issuer);
    if (subjectCN !== undefined) info.subjectCN = subjectCN;
    if (issuerCN !== undefined) info.issuerCN = issuerCN;
    for (const f of fields.slice(i)) if (f.tag === 0xa3) readExtensions(der, f, info);
    return { ok: true, certificate: info };
  } catch (err) {
    if (err instanceof DerError) return { ok: false, error: `malformed certificate: ${err.message}` };
    throw err;
  }
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/;

/**
 * Reads the first certificate of a PEM bundle (the leaf, in a `tls.crt` chain).
 *
 * @example
 * const r = readCertificatePem(pem);
 * if (r.ok && r.certificate.notAfterMs < clock.now()) report('TLS002');
 */
export function readCertificatePem(pem: string): CertificateResult {
  const m = PEM_CERT.exec(pem);
  if (m === null) return { ok: false, error: 'no PEM certificate block found' };
  try {
    return readCertificateDer(decodeBase64(m[1] ?? ''));
  } catch (err) {
    if (err instanceof DerError) return { ok: false, error: `malformed PEM: ${err.message}` };
    throw err;
  }
}

/** Reads the certificate in a Secret's `data['tls.crt']` (base64 of a PEM bundle, as Kubernetes stores it). */
export function readCertificateFromSecretData(base64Pem: string): CertificateResult {
  try {
    const bytes = decodeBase64(base64Pem);
    let pem = '';
    for (const b of bytes) pem += String.fromCharCode(b);
    return readCertificatePem(pem);
  } catch (err) {
    if (err instanceof DerError) return { ok: false, error: `tls.crt is not valid base64: ${err.message}` };
    throw err;
  }
}

function matchesName(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (p === h) return true;
  // A wildcard stands for exactly one whole leftmost label, as in Go's crypto/x509 matchHostnames.
  if (!p.startsWith('*.')) return false;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === p.slice(2);
}

/**
 * Whether a certificate covers a host name: a subjectAltName DNS name or IP matches (wildcards for one label);
 * the subject CN counts only when the certificate has no subjectAltName at all (legacy certificates).
 */
export function certificateCoversHost(cert: X509Summary, host: string): boolean {
  if (cert.ipAddresses.includes(host)) return true;
  if (cert.sans.some((san) => matchesName(san, host))) return true;
  const noSans = cert.sans.length === 0 && cert.ipAddresses.length === 0;
  return noSans && cert.subjectCN !== undefined && matchesName(cert.subjectCN, host);
}
