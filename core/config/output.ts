import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { ParsedResource } from '../resources/types.ts';
import { hash64 } from './content-hash.ts';
import type { Info } from './fragment.ts';
import { sha256Hex } from './sha256.ts';

/**
 * The configuration's version: a content hash of everything it is resolved from. The configuration is a
 * deterministic function of the objects the provider watches and the options, so the version sums a 64-bit digest
 * per watched definition ({@link inputDigest}, modulo 2^32 in each lane: an additive multiset hash, the same in any
 * order, and one changed object updates it without hashing the rest), then takes sha256 of that with the options.
 * Hashing the inputs rather than the output costs a pass over the manifests' text instead of serialising every
 * element of the configuration (what dominated a full resolve); the price is that an edit that changes no element
 * (a comment) still gives a new version, which is harmless.
 */
export class VersionSum {
  private readonly lanes = new Uint32Array(2);

  add(digest: readonly number[], sign: 1 | -1): void {
    for (let i = 0; i < this.lanes.length; i++)
      this.lanes[i] = ((this.lanes[i] as number) + sign * (digest[i] as number)) >>> 0;
  }

  version(options: object): string {
    const hex = [...this.lanes].map((n) => n.toString(16).padStart(8, '0')).join('');
    // The clock (for certificate expiry findings) is not content: the same manifests resolved a second later are
    // the same configuration, so the proxy and the dashboard must see the same version.
    return sha256Hex(`${hex}\n${JSON.stringify({ ...options, now: undefined })}`);
  }
}

/**
 * The digest of one definition: where it is (its position decides the `source` positions) and what it says: its
 * text (a parsed resource's object is what its text says), or its object when it was not parsed from text.
 */
export function inputDigest(r: ParsedResource): [number, number] {
  const place = `${r.file}\u0000${r.docIndex}\u0000${r.line}\u0000${r.column}\u0000${r.range[0]}\u0000${r.range[1]}`;
  return hash64(place, r.text === '' ? JSON.stringify(r.object) : r.text);
}

/** Names kept in sorted order under single insertions and removals. */
export class SortedNames {
  private names: string[] = [];

  private index(name: string): number {
    let lo = 0;
    let hi = this.names.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.names[mid] as string) < name) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(name: string): void {
    const i = this.index(name);
    if (this.names[i] !== name) this.names.splice(i, 0, name);
  }

  delete(name: string): void {
    const i = this.index(name);
    if (this.names[i] === name) this.names.splice(i, 1);
  }

  get list(): readonly string[] {
    return this.names;
  }
}

/** A key that changes whenever the status, errors or `usedBy` of an element do. */
export function statusKey(info: Info): string {
  return `${info.status ?? ''}\u0001${(info.errors ?? []).join('\u0002')}\u0001${(info.usedBy ?? []).join('\u0002')}`;
}

/** The element as the configuration shows it: its own fields, then `status`, `errors` (`error` for a middleware), `usedBy`. */
export function outputElement(section: string, base: object, info: Info): object {
  const out: Record<string, unknown> =
    section === 'middlewares'
      ? (({ status: _s, error: _e, ...rest }) => rest)(base as Record<string, unknown>)
      : { ...base };
  out.status = info.status ?? 'enabled';
  // A middleware's findings go under `error`: `errors` is the Errors middleware's own key.
  if (info.errors !== undefined && info.errors.length > 0)
    out[section === 'middlewares' ? 'error' : 'errors'] = info.errors;
  if (info.usedBy !== undefined && info.usedBy.length > 0) out.usedBy = info.usedBy;
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
