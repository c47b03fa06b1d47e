import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import type { TLSClientCert } from '../../../core/index.ts';
import type { ClientRequest } from '../exchange.ts';

const CERTS = Symbol('routeyard.clientCerts');
const NONE: TLSClientCert[] = [];

// Node gives OpenSSL's short names; Traefik's info uses SN for the serial number attribute.
const SHORT: Record<string, string> = { serialNumber: 'SN' };

function names(o: Record<string, string | string[]> | undefined): Record<string, string[]> | undefined {
  if (o === undefined) return undefined;
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(o)) out[SHORT[k] ?? k] = Array.isArray(v) ? v : [v];
  return out;
}

/** Go's order of SANs in the info header: DNS names, e-mail addresses, IP addresses, URIs. */
function sansOf(altNames: string | undefined): string[] {
  const groups: Record<string, string[]> = { DNS: [], email: [], 'IP Address': [], URI: [] };
  for (const part of (altNames ?? '').split(', ')) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    groups[part.slice(0, colon)]?.push(part.slice(colon + 1));
  }
  return [
    ...(groups.DNS ?? []),
    ...(groups.email ?? []),
    ...(groups['IP Address'] ?? []),
    ...(groups.URI ?? []),
  ];
}

function toPem(der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`;
}

function decode(c: DetailedPeerCertificate): TLSClientCert {
  return {
    pem: toPem(c.raw),
    subject: names(c.subject as unknown as Record<string, string | string[]>),
    issuer: names(c.issuer as unknown as Record<string, string | string[]>),
    notBefore: Math.floor(Date.parse(c.valid_from) / 1000),
    notAfter: Math.floor(Date.parse(c.valid_to) / 1000),
    sans: sansOf(c.subjectaltname),
    serialNumber: BigInt(`0x${c.serialNumber}`).toString(10),
  };
}

/**
 * The certificates the client presented on this TLS connection, leaf first, for passTLSClientCert (Go's
 * PeerCertificates). Node's chain also walks into the server's trust store; the self-issued certificates found
 * past the leaf are left out, since a client sends its leaf and intermediates. Decoded once per connection.
 */
export function clientCertsOf(req: ClientRequest): TLSClientCert[] {
  const socket = req.socket as unknown as (TLSSocket & Record<symbol, TLSClientCert[]>) | undefined;
  if (socket === undefined || typeof socket.getPeerCertificate !== 'function') return NONE;
  const cached = socket[CERTS];
  if (cached !== undefined) return cached;
  const out: TLSClientCert[] = [];
  let c: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (c?.raw !== undefined && out.length < 10) {
    const fp = c.fingerprint256;
    if (seen.has(fp)) break;
    seen.add(fp);
    const selfIssued = c.issuerCertificate === c || c.issuerCertificate?.fingerprint256 === fp;
    if (out.length > 0 && selfIssued) break;
    out.push(decode(c));
    c = c.issuerCertificate;
  }
  const certs = out.length === 0 ? NONE : out;
  try {
    socket[CERTS] = certs;
  } catch {
    // An HTTP/2 socket proxy refuses new properties; decoding again is only slower.
  }
  return certs;
}
