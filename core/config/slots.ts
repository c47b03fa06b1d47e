import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { makeDiagnostic } from './context.ts';
import type { Fragment, Info } from './fragment.ts';
import { DEFAULT_TLS_NAME } from './tls.ts';

/** One fragment's definition of an element; `order` is the fragment's place in Traefik's processing order. */
export interface Provider {
  order: string;
  value: object;
  frag: Fragment;
  /** For a router: what its own checks found (rule syntax, entrypoints). */
  own?: Info;
}

/**
 * Every definition of every element name, in Traefik's processing order, and which one wins: the last for most
 * (Traefik's map assignments), the first for a certificate (its `tlsConfigs` check), none for a `default`
 * TLSOption or TLSStore defined in several namespaces (Traefik drops them, TLS004).
 */
export class Slots {
  private readonly slots = new Map<string, Provider[]>();
  private readonly defaults = new Map<string, Diagnostic[]>();
  private changed = new Set<string>();
  private defaultsChanged = false;

  add(id: string, p: Provider): void {
    const slot = this.slots.get(id);
    this.changed.add(id);
    if (slot === undefined) {
      this.slots.set(id, [p]);
      return;
    }
    const same = slot.findIndex((x) => x.order === p.order);
    // The same fragment writing one name twice: the later write wins, as a map assignment.
    if (same >= 0) slot[same] = p;
    else {
      slot.push(p);
      slot.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    }
  }

  remove(id: string, order: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    const i = slot.findIndex((x) => x.order === order);
    if (i < 0) return;
    slot.splice(i, 1);
    if (slot.length === 0) this.slots.delete(id);
    this.changed.add(id);
  }

  /** The ids whose definitions changed since the last call. */
  takeChanged(): Set<string> {
    const changed = this.changed;
    this.changed = new Set();
    return changed;
  }

  /** True when the TLS004 findings changed since the last call. */
  takeDefaultsChanged(): boolean {
    const changed = this.defaultsChanged;
    this.defaultsChanged = false;
    return changed;
  }

  defaultsDiagnostics(): Diagnostic[] {
    return [...this.defaults.values()].flat();
  }

  /** The winning definition of an element id (`<section>\0<name>`), if any. */
  winner(id: string): Provider | undefined {
    const slot = this.slots.get(id);
    const i = id.indexOf('\u0000');
    const section = id.slice(0, i);
    const name = id.slice(i + 1);
    const isDefault = (section === 'tlsOptions' || section === 'tlsStores') && name === DEFAULT_TLS_NAME;
    if (isDefault) this.reportDefaults(section, slot ?? []);
    if (slot === undefined || slot.length === 0) return undefined;
    if (section === 'certificates') return slot[0];
    if (isDefault && slot.length > 1) return undefined;
    return slot[slot.length - 1];
  }

  private reportDefaults(section: string, slot: Provider[]): void {
    const list = reportDefaults(
      section,
      slot.map((p) => p.frag),
    );
    if (list.length > 0 || this.defaults.has(section)) this.defaultsChanged = true;
    if (list.length > 0) this.defaults.set(section, list);
    else this.defaults.delete(section);
  }
}

/** TLS004 for a `default` TLSOption or TLSStore defined by several fragments (given in processing order). */
export function reportDefaults(section: string, definers: readonly Fragment[]): Diagnostic[] {
  // Traefik: "Default TLS Options defined in multiple namespaces", and then uses none of them.
  const list: Diagnostic[] = [];
  if (definers.length > 1) {
    const kind = section === 'tlsOptions' ? 'TLSOption' : 'TLSStore';
    const namespaces = definers.map((f) => f.owner?.object.metadata.namespace ?? 'default').join(', ');
    for (const f of definers) {
      if (f.owner === undefined) continue;
      const message = `default ${kind} defined in several namespaces (${namespaces}): Traefik ignores all of them`;
      list.push(makeDiagnostic(f.owner, 'TLS004', ['metadata', 'name'], message));
    }
  }
  return list;
}
