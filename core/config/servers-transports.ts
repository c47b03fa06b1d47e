import type { ParsedResource } from '../resources/types.ts';
import { namespaceOf } from './catalog.ts';
import { type BuildContext, BuildError, sourceLink } from './context.ts';
import { normalizeDuration } from './duration.ts';
import type { Fragment } from './fragment.ts';
import { makeID, normalize, qualify } from './naming.ts';
import { caBlock } from './secrets.ts';
import { loadCertificate } from './tls.ts';
import type { ServersTransport } from './types.ts';
import { asBool, asDict, asList, asNumber, asString, stringList } from './values.ts';

/** Traefik's ForwardingTimeouts.SetDefaults. */
const TIMEOUT_DEFAULTS: Readonly<Record<string, string>> = {
  dialTimeout: '30s',
  idleConnTimeout: '1m30s',
  pingTimeout: '15s',
};
const TIMEOUT_KEYS = [
  'dialTimeout',
  'responseHeaderTimeout',
  'idleConnTimeout',
  'readIdleTimeout',
  'pingTimeout',
] as const;

function rootCAs(ctx: BuildContext, r: ParsedResource, ns: string, spec: Record<string, unknown>): string[] {
  const out: string[] = [];
  // `rootCAs: [{secret}]` (v3) and the older `rootCAsSecrets: [name]`.
  const refs: [string, (string | number)[]][] = [];
  asList(spec.rootCAs).forEach((item, i) => {
    const secret = asString(asDict(item)?.secret);
    if (secret) refs.push([secret, ['spec', 'rootCAs', i, 'secret']]);
  });
  stringList(spec.rootCAsSecrets).forEach((name, i) => {
    refs.push([name, ['spec', 'rootCAsSecrets', i]]);
  });
  for (const [name, path] of refs) {
    const secret = ctx.get('Secret', ns, name);
    // Traefik logs and skips a CA it cannot load; the transport stays.
    if (secret === undefined) {
      ctx.report(r, 'REF006', path, `secret '${ns}/${name}' not found`);
      continue;
    }
    const ca = caBlock(secret, `${ns}/${name}`);
    if (ca instanceof BuildError) ctx.report(r, ca.code, path, ca.message);
    else out.push(ca);
  }
  return out;
}

/** Builds one ServersTransport, named `<ns>-<name>`, with Traefik's timeout defaults. */
export function buildServersTransport(ctx: BuildContext, r: ParsedResource, frag: Fragment): void {
  const ns = namespaceOf(r);
  const spec = asDict(r.object.spec) ?? {};
  const st: ServersTransport = { source: sourceLink(r, []) };
  const serverName = asString(spec.serverName);
  if (serverName) st.serverName = serverName;
  if (asBool(spec.insecureSkipVerify)) st.insecureSkipVerify = true;
  const cas = rootCAs(ctx, r, ns, spec);
  if (cas.length > 0) st.rootCAs = cas;
  const certs: { certFile: string; keyFile: string }[] = [];
  stringList(spec.certificatesSecrets).forEach((name, i) => {
    const cert = loadCertificate(ctx, ns, name);
    if (cert instanceof BuildError)
      ctx.report(r, cert.code, ['spec', 'certificatesSecrets', i], cert.message);
    else certs.push(cert);
  });
  if (certs.length > 0) st.certificates = certs;
  const maxIdle = asNumber(spec.maxIdleConnsPerHost);
  if (maxIdle) st.maxIdleConnsPerHost = maxIdle;
  const timeouts: Record<string, string> = {};
  const given = asDict(spec.forwardingTimeouts) ?? {};
  for (const key of TIMEOUT_KEYS) {
    const value = given[key] === undefined ? TIMEOUT_DEFAULTS[key] : normalizeDuration(given[key]);
    if (value === undefined && given[key] !== undefined) {
      ctx.report(
        r,
        'SCHEMA001',
        ['spec', 'forwardingTimeouts', key],
        `invalid duration ${JSON.stringify(given[key])}`,
      );
    }
    const fallback = TIMEOUT_DEFAULTS[key];
    const v = value ?? fallback;
    if (v !== undefined) timeouts[key] = v;
  }
  st.forwardingTimeouts = timeouts;
  if (asBool(spec.disableHTTP2)) st.disableHTTP2 = true;
  const peerCertURI = asString(spec.peerCertURI);
  if (peerCertURI) st.peerCertURI = peerCertURI;
  frag.serversTransports.push([qualify(normalize(makeID(ns, r.object.metadata.name))), st]);
}
