import { X509Certificate } from 'node:crypto';
import type { RuntimeConfig } from '../../../core/index.ts';

/** One `traefik_tls_certs_not_after` sample: a certificate's labels and its expiry in Unix seconds. */
export interface CertExpiry {
  cn: string;
  serial: string;
  /** The DNS names, sorted and joined with "," (Traefik's `sans` label). */
  sans: string;
  notAfter: number;
}

/**
 * The configured certificates (`tls.certificates`) as Traefik reports them after a reload: subject CN, serial
 * number in decimal (Go's big.Int), sorted DNS SANs, NotAfter. Certificates that do not parse are left out, as
 * the certificate store leaves them out.
 */
export function certificateExpiries(config: RuntimeConfig): CertExpiry[] {
  const out: CertExpiry[] = [];
  const certs = (config.tls as { certificates?: { certFile?: string; status?: string }[] } | undefined)
    ?.certificates;
  for (const c of certs ?? []) {
    if (c.status === 'disabled' || !c.certFile) continue;
    try {
      const x = new X509Certificate(c.certFile);
      const sans = (x.subjectAltName ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.startsWith('DNS:'))
        .map((s) => s.slice(4))
        .sort();
      out.push({
        cn: /(?:^|\n)CN=([^\n]*)/.exec(x.subject)?.[1] ?? '',
        serial: BigInt(`0x${x.serialNumber}`).toString(),
        sans: sans.join(','),
        notAfter: Math.floor(new Date(x.validTo).getTime() / 1000),
      });
    } catch {
      // Not a certificate: the store reports the problem.
    }
  }
  return out;
}
