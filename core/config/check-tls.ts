import { type CertificateResult, certificateCoversHost, readCertificatePem } from '../resources/index.ts';
import { keyOf } from './catalog.ts';
import { addError } from './check-references.ts';
import { makeDiagnostic } from './context.ts';
import type { Merged } from './merge.ts';
import { ruleHosts, ruleShape } from './rule-shape.ts';

const certCache = new Map<string, CertificateResult>();

function readCert(pem: string): CertificateResult {
  let result = certCache.get(pem);
  if (result === undefined) {
    result = readCertificatePem(pem);
    if (certCache.size > 10_000) certCache.clear();
    certCache.set(pem, result);
  }
  return result;
}

/**
 * TLS001: routers of one entrypoint asking for different TLS options for the same host. Traefik then warns on each
 * and serves that host with the default options.
 */
export function checkTLSOptionConflicts(m: Merged): void {
  const byHost = new Map<string, Map<string, string[]>>();
  for (const name of [...m.routers.keys()].sort()) {
    const router = m.routers.get(name);
    if (router?.tls === undefined || router.status === 'disabled') continue;
    const options = router.tls.options ?? 'default';
    for (const host of ruleHosts(ruleShape(router.rule)) ?? []) {
      for (const ep of router.entryPoints ?? []) {
        const key = `${ep}\u0000${host}`;
        let opts = byHost.get(key);
        if (opts === undefined) byHost.set(key, (opts = new Map()));
        opts.set(options, [...(opts.get(options) ?? []), name]);
      }
    }
  }
  const reported = new Set<string>();
  for (const key of [...byHost.keys()].sort()) {
    const opts = byHost.get(key);
    if (opts === undefined || opts.size < 2) continue;
    const host = key.slice(key.indexOf('\u0000') + 1);
    const names = [...opts.keys()].sort();
    for (const routers of opts.values()) {
      for (const name of routers) {
        const router = m.routers.get(name);
        const origin = m.origins.get(name);
        if (router === undefined || origin === undefined || reported.has(`${name}|${host}`)) continue;
        reported.add(`${name}|${host}`);
        addError(router, `found different TLS options for routers on the same host ${host}, so using the default TLS options instead`, false);
        m.diagnostics.push(
          makeDiagnostic(origin.resource, 'TLS001', ['spec', 'tls'], `host ${host} has routers with different TLS options (${names.join(', ')}): Traefik uses the default options for it`),
        );
      }
    }
  }
}

/** TLS002 (expired) and TLS003 (a host of the IngressRoute not covered) for certificates from `spec.tls.secretName`. */
export function checkCertificates(m: Merged, now: number | undefined): void {
  const seen = new Set<string>();
  for (const name of [...m.routers.keys()].sort()) {
    const router = m.routers.get(name);
    const origin = m.origins.get(name);
    if (router === undefined || origin?.tlsSecret === undefined) continue;
    const r = origin.resource;
    const ns = r.object.metadata.namespace ?? 'default';
    const cert = m.certificates.get(`${ns}/${origin.tlsSecret}`);
    if (cert === undefined) continue;
    const parsed = readCert(cert.certFile);
    if (!parsed.ok) continue;
    const info = parsed.certificate;
    const irKey = keyOf(r);
    if (now !== undefined && info.notAfterMs < now && !seen.has(irKey)) {
      seen.add(irKey);
      m.diagnostics.push(
        makeDiagnostic(r, 'TLS002', ['spec', 'tls', 'secretName'], `certificate in secret ${ns}/${origin.tlsSecret} expired on ${info.notAfter}`),
      );
    }
    if (router.tls?.certResolver !== undefined) continue;
    for (const host of ruleHosts(ruleShape(router.rule)) ?? []) {
      if (certificateCoversHost(info, host) || seen.has(`${irKey}|${host}`)) continue;
      seen.add(`${irKey}|${host}`);
      const names = [...info.sans, ...info.ipAddresses].join(', ') || info.subjectCN || 'no names';
      m.diagnostics.push(
        makeDiagnostic(r, 'TLS003', ['spec', 'tls', 'secretName'], `certificate in secret ${ns}/${origin.tlsSecret} does not cover host ${host} (it covers ${names})`),
      );
    }
  }
}
