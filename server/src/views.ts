import {
  type KubeObject,
  parseManifests,
  type RuntimeConfig,
  readCertificateFromSecretData,
  sanitizeSecret,
} from './core.ts';
import type { StoredDocument } from './stores/store.ts';

const REDACTED = '(redacted)';

/** A list entry: identity, version and origin (docs/contracts.md). */
export function listItem(d: StoredDocument) {
  const { apiVersion, kind, metadata } = d.resource.object;
  return {
    apiVersion,
    kind,
    metadata: {
      name: metadata.name,
      ...(metadata.namespace === undefined ? {} : { namespace: metadata.namespace }),
    },
    resourceVersion: d.resourceVersion,
    origin: d.origin,
  };
}

function isSecret(obj: KubeObject): boolean {
  return obj.kind === 'Secret' && (obj.apiVersion === 'v1' || obj.apiVersion.endsWith('/v1'));
}

/** What a TLS secret's certificate says (subject, SANs, expiry); the key and the data stay on the server. */
function tlsSummary(obj: KubeObject) {
  const data = obj.data as Record<string, unknown> | undefined;
  const crt = data?.['tls.crt'];
  if (typeof crt !== 'string') return { error: 'no tls.crt in the secret' };
  const read = readCertificateFromSecretData(crt);
  if (!read.ok) return { error: read.error };
  const c = read.certificate;
  return {
    subject: c.subjectCN ?? null,
    issuer: c.issuerCN ?? null,
    sans: c.sans,
    ipAddresses: c.ipAddresses,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
  };
}

/** An object as the API shows it: a Secret without `data`/`stringData`, with its certificate's summary. */
export function publicObject(obj: KubeObject): KubeObject {
  if (!isSecret(obj)) return obj;
  const clean = sanitizeSecret(obj);
  const dataKeys = Object.keys((obj.data as object | undefined) ?? {}).concat(
    Object.keys((obj.stringData as object | undefined) ?? {}),
  );
  return {
    ...clean,
    dataKeys: [...new Set(dataKeys)].sort(),
    ...(obj.type === 'kubernetes.io/tls' ? { tls: tlsSummary(obj) } : {}),
  };
}

/** A Secret's text as the API shows it: its metadata only, so nothing of `data` leaves the server. */
function secretText(obj: KubeObject): string {
  const lines = [
    '# Secret data is never shown by Routeyard; edit it in the file itself.',
    `apiVersion: ${obj.apiVersion}`,
    `kind: ${obj.kind}`,
    'metadata:',
    `  name: ${JSON.stringify(obj.metadata.name)}`,
  ];
  if (obj.metadata.namespace !== undefined)
    lines.push(`  namespace: ${JSON.stringify(obj.metadata.namespace)}`);
  const meta = sanitizeSecret(obj).metadata;
  if (meta.labels !== undefined) lines.push(`  labels: ${JSON.stringify(meta.labels)}`);
  if (meta.annotations !== undefined) lines.push(`  annotations: ${JSON.stringify(meta.annotations)}`);
  if (typeof obj.type === 'string') lines.push(`type: ${JSON.stringify(obj.type)}`);
  return `${lines.join('\n')}\n`;
}

/** A document's detail: object, text, version, origin. */
export function detail(d: StoredDocument) {
  const obj = d.resource.object;
  const secret = isSecret(obj);
  return {
    object: publicObject(obj),
    yaml: secret ? secretText(obj) : d.yaml,
    resourceVersion: d.resourceVersion,
    origin: d.origin,
    ...(secret ? { redacted: true } : {}),
  };
}

/** A file's text with every Secret's body replaced, so a diff's context lines never carry secret data. */
export function redactFile(file: string, text: string | null): string {
  if (text === null) return '';
  const secrets = parseManifests(text, file).resources.filter((r) => isSecret(r.object));
  let out = text;
  let rest = text;
  for (const r of [...secrets].reverse()) {
    const [start, end] = r.range;
    const sep = /^(---[^\n]*\n)/.exec(r.text)?.[1] ?? '';
    out = `${out.slice(0, start)}${sep}${secretText(r.object)}${out.slice(end)}`;
    rest = `${rest.slice(0, start)}${rest.slice(end)}`;
  }
  // A document that does not parse may still hold secret data: then show only that the file changed.
  return /\bkind:\s*["']?Secret\b/.test(rest) ? '# (content hidden: the file may hold a Secret)\n' : out;
}

/** The config as the browser may see it: private keys and credential hashes replaced. */
export function redactConfig(config: RuntimeConfig): RuntimeConfig {
  const copy = structuredClone(config);
  for (const cert of copy.tls.certificates) cert.keyFile = REDACTED;
  for (const store of Object.values(copy.tls.stores)) {
    if (store.defaultCertificate !== undefined) store.defaultCertificate.keyFile = REDACTED;
  }
  for (const mw of Object.values(copy.http.middlewares) as Record<string, unknown>[]) {
    for (const type of ['basicAuth', 'digestAuth']) {
      const auth = mw[type] as { users?: string[] } | undefined;
      if (auth?.users !== undefined)
        auth.users = auth.users.map((u) => `${u.split(':')[0] ?? ''}:${REDACTED}`);
    }
  }
  return copy;
}
