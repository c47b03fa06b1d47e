import type { ParsedResource } from '../resources/types.ts';
import { namespaceOf } from './catalog.ts';
import { type BuildContext, BuildError, sourceLink } from './context.ts';
import type { Fragment } from './fragment.ts';
import { qualify } from './naming.ts';
import { caBlock, certificateBlocks } from './secrets.ts';
import type { CertificateInfo, TLSOptions, TLSStore } from './types.ts';
import { asBool, asDict, asList, asString, canonical, stringList } from './values.ts';

/** Traefik's default ALPN protocols, used when a TLSOption sets none. */
export const DEFAULT_ALPN_PROTOCOLS = ['h2', 'http/1.1', 'acme-tls/1'];

/** The name of the TLS options and store Traefik uses when none is named. */
export const DEFAULT_TLS_NAME = 'default';

/** Key of a TLSOption/TLSStore: `<ns>-<name>`, except `default` which overrides Traefik's default. */
export function tlsKey(namespace: string, name: string): string {
  return name === DEFAULT_TLS_NAME ? DEFAULT_TLS_NAME : qualify(`${namespace}-${name}`);
}

/** Reads a certificate Secret into a certificate, or says why it cannot. */
export function loadCertificate(ctx: BuildContext, ns: string, name: string): CertificateInfo | BuildError {
  const secret = ctx.get('Secret', ns, name);
  if (secret === undefined) return new BuildError('REF006', [], `secret ${ns}/${name} does not exist`);
  const blocks = certificateBlocks(secret, `${ns}/${name}`);
  if (blocks instanceof BuildError) return blocks;
  return { certFile: blocks.cert, keyFile: blocks.key };
}

/** Traefik's `buildTLSOptions` for one TLSOption. */
export function buildTLSOption(ctx: BuildContext, r: ParsedResource, frag: Fragment): void {
  const ns = namespaceOf(r);
  const spec = asDict(r.object.spec) ?? {};
  const opts: TLSOptions = { source: sourceLink(r, []) };
  for (const key of ['minVersion', 'maxVersion'] as const) {
    const v = asString(spec[key]);
    if (v) opts[key] = v;
  }
  for (const key of ['cipherSuites', 'curvePreferences'] as const) {
    const v = stringList(spec[key]);
    if (v.length > 0) opts[key] = v;
  }
  const clientAuth = asDict(spec.clientAuth);
  if (clientAuth !== undefined) {
    const caFiles: string[] = [];
    const names = stringList(clientAuth.secretNames);
    for (let i = 0; i < names.length; i++) {
      const name = names[i] ?? '';
      const secret = ctx.get('Secret', ns, name);
      const path = ['spec', 'clientAuth', 'secretNames', i];
      // Traefik logs and skips a CA secret it cannot read; the option itself stays.
      if (secret === undefined) {
        ctx.report(r, 'REF006', path, `secret ${ns}/${name} does not exist`);
        continue;
      }
      const ca = caBlock(secret, `${ns}/${name}`);
      if (ca instanceof BuildError) ctx.report(r, 'REF006', path, ca.message);
      else caFiles.push(ca);
    }
    const auth: NonNullable<TLSOptions['clientAuth']> = {};
    if (caFiles.length > 0) auth.caFiles = caFiles;
    const type = asString(clientAuth.clientAuthType);
    if (type) auth.clientAuthType = type;
    opts.clientAuth = auth;
  }
  if (asBool(spec.sniStrict)) opts.sniStrict = true;
  const alpn = stringList(spec.alpnProtocols);
  opts.alpnProtocols = alpn.length > 0 ? alpn : [...DEFAULT_ALPN_PROTOCOLS];
  frag.tlsOptions.push([tlsKey(ns, r.object.metadata.name), opts]);
}

/** Traefik's `buildTLSStores` for one TLSStore, with its certificates. A secret it cannot read skips the store. */
export function buildTLSStore(ctx: BuildContext, r: ParsedResource, frag: Fragment): void {
  const ns = namespaceOf(r);
  const spec = asDict(r.object.spec) ?? {};
  const id = tlsKey(ns, r.object.metadata.name);
  const store: TLSStore = { source: sourceLink(r, []) };
  const defaultCert = asDict(spec.defaultCertificate);
  if (defaultCert !== undefined) {
    const cert = loadCertificate(ctx, ns, asString(defaultCert.secretName) ?? '');
    if (cert instanceof BuildError) {
      ctx.report(
        r,
        cert.code,
        ['spec', 'defaultCertificate', 'secretName'],
        `TLSStore skipped: ${cert.message}`,
      );
      return;
    }
    store.defaultCertificate = cert;
  }
  const generated = asDict(spec.defaultGeneratedCert);
  if (generated !== undefined) store.defaultGeneratedCert = canonical(generated);
  const certs: [string, CertificateInfo][] = [];
  const list = asList(spec.certificates);
  for (let i = 0; i < list.length; i++) {
    const secretName = asString(asDict(list[i])?.secretName) ?? '';
    const cert = loadCertificate(ctx, ns, secretName);
    if (cert instanceof BuildError) {
      ctx.report(
        r,
        cert.code,
        ['spec', 'certificates', i, 'secretName'],
        `TLSStore skipped: ${cert.message}`,
      );
      return;
    }
    // The store name inside a certificate is the unqualified one Traefik's certificate loader expects.
    const storeName = id === DEFAULT_TLS_NAME ? id : id.slice(0, id.lastIndexOf('@'));
    certs.push([
      `${ns}/${secretName}`,
      { ...cert, stores: [storeName], source: sourceLink(r, ['spec', 'certificates', i]) },
    ]);
  }
  frag.certificates.push(...certs);
  frag.tlsStores.push([id, store]);
}
