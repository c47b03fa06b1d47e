import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { checkReferences } from './check-references.ts';
import { checkPriorities, checkRuleSyntax } from './check-rules.ts';
import { checkCertificates, checkTLSOptionConflicts } from './check-tls.ts';
import type { Merged } from './merge.ts';
import type { EffectiveOptions } from './options.ts';
import type { RuntimeConfig } from './types.ts';

function sortedRecord<T extends { status?: string; usedBy?: string[] }>(map: Map<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of [...map.keys()].sort()) {
    const el = map.get(key) as T;
    el.status ??= 'enabled';
    if (el.usedBy !== undefined) el.usedBy = [...new Set(el.usedBy)].sort();
    out[key] = el;
  }
  return out;
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const fa = a.source.file ?? '';
  const fb = b.source.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  if (a.source.line !== b.source.line) return a.source.line - b.source.line;
  if (a.source.column !== b.source.column) return a.source.column - b.source.column;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/** Diagnostics in file/line/column order, exact duplicates removed. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const sorted = [...list].sort(compareDiagnostics);
  const out: Diagnostic[] = [];
  let last = '';
  for (const d of sorted) {
    const key = JSON.stringify(d);
    if (key !== last) out.push(d);
    last = key;
  }
  return out;
}

/** The content hash of a configuration: sha256 of its JSON without the version. */
export function configVersion(config: Omit<RuntimeConfig, 'version'>): string {
  return bytesToHex(sha256(utf8ToBytes(JSON.stringify(config))));
}

/** Runs the whole-configuration checks and produces the sorted configuration, its version and diagnostics. */
export function finalize(m: Merged, opts: EffectiveOptions): { config: RuntimeConfig; diagnostics: Diagnostic[] } {
  checkRuleSyntax(m);
  checkReferences(m, opts.entryPoints);
  checkTLSOptionConflicts(m);
  checkPriorities(m);
  checkCertificates(m, opts.now);
  const body: Omit<RuntimeConfig, 'version'> = {
    http: {
      routers: sortedRecord(m.routers),
      middlewares: sortedRecord(m.middlewares),
      services: sortedRecord(m.services),
      serversTransports: sortedRecord(m.serversTransports),
    },
    tls: {
      certificates: [...m.certificates.keys()].sort().map((k) => m.certificates.get(k) as RuntimeConfig['tls']['certificates'][number]),
      options: sortedRecord(m.tlsOptions),
      stores: sortedRecord(m.tlsStores),
    },
    entryPoints: opts.entryPoints,
  };
  return { config: { ...body, version: configVersion(body) }, diagnostics: sortDiagnostics(m.diagnostics) };
}
