import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import {
  type CoreInfo,
  checkMiddleware,
  checkRouter,
  checkService,
  elementId,
  type Lookup,
  referencesOf,
  type Section,
} from './element-checks.ts';
import { addError, type Fragment, type Info } from './fragment.ts';
import type { EffectiveOptions } from './options.ts';
import { outputElement, SortedNames, sortDiagnostics, statusKey } from './output.ts';
import { PriorityIndex, type RouterFindings } from './priority-index.ts';
import { type Provider, Slots } from './slots.ts';
import type { Middleware, Router, RuntimeConfig, Service } from './types.ts';

/** An output section of the configuration: the element sections and the certificate list. */
export type OutSection = Section | 'certificates';
const SECTIONS: readonly OutSection[] = [
  'routers',
  'services',
  'middlewares',
  'serversTransports',
  'tlsOptions',
  'tlsStores',
  'certificates',
];

interface Output {
  statusKey: string;
  base: object;
  output: object;
}

function split(id: string): [OutSection, string] {
  const i = id.indexOf('\u0000');
  return [id.slice(0, i) as OutSection, id.slice(i + 1)];
}

/** The element lists of a fragment by output section (a plain loop: a generator of tuples was a hot allocation). */
export function sectionsOf(frag: Fragment): [OutSection, [string, object][]][] {
  return [
    ['routers', frag.routers],
    ['services', frag.services],
    ['middlewares', frag.middlewares],
    ['serversTransports', frag.serversTransports],
    ['tlsOptions', frag.tlsOptions],
    ['tlsStores', frag.tlsStores],
    ['certificates', frag.certificates],
  ];
}

function sameErrors(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  return a.every((e, i) => e === b[i]);
}

function isComposite(section: OutSection, value: object | undefined): boolean {
  if (value === undefined) return false;
  if (section === 'services') return (value as Service).loadBalancer === undefined;
  return section === 'middlewares' && (value as Middleware).chain !== undefined;
}

/**
 * The configuration assembled from fragments and kept up to date as fragments change: merging (Traefik's "later
 * wins" for services, "first wins" for certificates), the reference checks Traefik's runtime makes, `usedBy`, the
 * priority and TLS-option checks and the sorted output. Each call to {@link result} redoes only what
 * the changed fragments can affect; `resolve` builds the same result in one pass (`assembleOnce`).
 */
export class Assembly {
  private readonly fragments = new Map<string, { order: string; frag: Fragment }>();
  private readonly slots = new Slots();
  private readonly winners = new Map<string, Provider>();
  private readonly users = new Map<string, Map<string, number>>();
  private readonly composites = new Set<string>();
  private readonly cores = new Map<string, CoreInfo>();
  private readonly extras = new Map<string, RouterFindings>();
  private readonly usedBy = new Map<string, string[]>();
  // Per section and keyed by name, so assembling a record builds no id strings.
  private readonly outputs = new Map<OutSection, Map<string, Output>>(SECTIONS.map((s) => [s, new Map()]));
  private readonly names = new Map<OutSection, SortedNames>(SECTIONS.map((s) => [s, new SortedNames()]));
  private readonly records = new Map<OutSection, Record<string, object> | object[]>();
  private readonly prio = new PriorityIndex();
  private readonly diagnosed = new Set<string>();
  private readonly fragmentsWithDiagnostics = new Set<string>();
  private usedByDirty = new Set<string>();
  private diagnosticsDirty = true;
  private diagnostics: Diagnostic[] = [];

  constructor(private readonly opts: EffectiveOptions) {}

  /** Adds, replaces (same key) or, with `undefined`, removes one object's fragment. */
  setFragment(key: string, order: string, frag: Fragment | undefined): void {
    const old = this.fragments.get(key);
    if (old !== undefined) {
      for (const [section, list] of sectionsOf(old.frag))
        for (const [name] of list) this.slots.remove(elementId(section as Section, name), old.order);
      this.fragmentsWithDiagnostics.delete(key);
      if (old.frag.diagnostics.length > 0) this.diagnosticsDirty = true;
      this.fragments.delete(key);
    }
    if (frag === undefined) return;
    this.fragments.set(key, { order, frag });
    const own = frag.routerInfo.length > 0 ? new Map(frag.routerInfo) : undefined;
    for (const [section, list] of sectionsOf(frag)) {
      for (const [name, value] of list) {
        const provider: Provider = { order, value, frag };
        const info = section === 'routers' ? own?.get(name) : undefined;
        if (info !== undefined) provider.own = info;
        this.slots.add(elementId(section as Section, name), provider);
      }
    }
    if (frag.diagnostics.length > 0) {
      this.fragmentsWithDiagnostics.add(key);
      this.diagnosticsDirty = true;
    }
  }

  private link(target: string, user: string, delta: 1 | -1): void {
    let map = this.users.get(target);
    if (map === undefined) {
      map = new Map();
      this.users.set(target, map);
    }
    const n = (map.get(user) ?? 0) + delta;
    if (n > 0) map.set(user, n);
    else map.delete(user);
    if (map.size === 0) this.users.delete(target);
    this.usedByDirty.add(target);
  }

  /** Applies the changed providers; returns the ids whose element appeared, disappeared or changed. */
  private applyWinners(): string[] {
    const changedIds: string[] = [];
    for (const id of this.slots.takeChanged()) {
      const next = this.slots.winner(id);
      const prev = this.winners.get(id);
      if (prev?.value === next?.value && prev?.own === next?.own) {
        if (next !== undefined) this.winners.set(id, next);
        continue;
      }
      const [section, name] = split(id);
      if (section !== 'certificates') {
        if (prev !== undefined) for (const t of referencesOf(section, prev.value)) this.link(t, id, -1);
        if (next !== undefined) for (const t of referencesOf(section, next.value)) this.link(t, id, 1);
      }
      if (next === undefined) {
        this.winners.delete(id);
        this.names.get(section)?.delete(name);
      } else {
        this.winners.set(id, next);
        if (prev === undefined) this.names.get(section)?.add(name);
      }
      if (isComposite(section, next?.value)) this.composites.add(id);
      else this.composites.delete(id);
      changedIds.push(id);
    }
    if (this.slots.takeDefaultsChanged()) this.diagnosticsDirty = true;
    return changedIds;
  }

  private readonly lookup: Lookup = {
    has: (section, name) => this.winners.has(elementId(section, name)),
    status: (section, name) => this.statusOf(elementId(section, name)),
    errors: (section, name) => this.cores.get(elementId(section, name))?.info.errors ?? [],
  };

  private round = new Map<string, 'busy' | 'done'>();

  private statusOf(id: string): Info['status'] {
    // Composites are recomputed every round; a member is settled before its parent (a cycle reads as enabled).
    if (this.composites.has(id) && this.round.get(id) === undefined) this.computeCore(id);
    return this.cores.get(id)?.info.status;
  }

  /** Recomputes an element's reference checks; true when its status or errors changed. */
  private computeCore(id: string): boolean {
    // Only composites are read back from `round` (see statusOf and recompute): the others need no entry.
    const composite = this.composites.has(id);
    if (composite) this.round.set(id, 'busy');
    const winner = this.winners.get(id);
    const before = this.cores.get(id);
    const [section, name] = split(id);
    let core: CoreInfo | undefined;
    if (winner === undefined) core = undefined;
    else if (section === 'routers') core = checkRouter(this.lookup, winner.value as Router, winner.own);
    else if (section === 'services') core = checkService(this.lookup, name, winner.value as Service);
    else if (section === 'middlewares') core = checkMiddleware(this.lookup, winner.value as Middleware);
    else core = { info: {}, diagnostics: [] };
    if (core === undefined) this.cores.delete(id);
    else this.cores.set(id, core);
    if (composite) this.round.set(id, 'done');
    if ((before?.diagnostics.length ?? 0) > 0 || (core?.diagnostics.length ?? 0) > 0)
      this.diagnosticsDirty = true;
    // A router's errors quote a disabled middleware's errors: a change of either must reach the routers.
    return before?.info.status !== core?.info.status || !sameErrors(before?.info.errors, core?.info.errors);
  }

  private usersOf(id: string): Iterable<string> {
    return this.users.get(id)?.keys() ?? [];
  }

  /** Everything an update can change, in dependency order; returns the ids whose output must be rebuilt. */
  private recompute(changedIds: string[]): Set<string> {
    const touched = new Set<string>(changedIds);
    const routers = new Set<string>();
    const dirty = new Set<string>(changedIds);
    for (const id of changedIds) for (const u of this.usersOf(id)) dirty.add(u);
    this.round = new Map();
    const changedSet = new Set(changedIds);
    const afterStatusChange = (id: string) => {
      for (const u of this.usersOf(id)) if (u.startsWith('routers\u0000')) routers.add(u);
    };
    for (const id of dirty) {
      if (id.startsWith('routers\u0000')) routers.add(id);
      else if (!this.composites.has(id)) {
        touched.add(id);
        if (this.computeCore(id)) afterStatusChange(id);
      }
    }
    for (const id of this.composites) {
      if (this.round.get(id) === 'done') continue;
      const before = this.cores.get(id);
      const changed = this.computeCore(id);
      if (changed) afterStatusChange(id);
      if (changed || before !== this.cores.get(id)) touched.add(id);
    }
    const affected = new Set<string>();
    for (const id of routers) {
      const wasDisabled = this.cores.get(id)?.info.status === 'disabled';
      this.computeCore(id);
      touched.add(id);
      const core = this.cores.get(id);
      const enabled = core !== undefined && core.info.status !== 'disabled';
      if (changedSet.has(id) || wasDisabled === enabled || core === undefined) {
        const [, name] = split(id);
        this.prio.set(name, enabled ? (this.winners.get(id)?.value as Router) : undefined, affected);
      }
    }
    for (const name of affected) {
      const id = elementId('routers', name);
      const findings = this.prio.findings(name);
      const before = this.extras.get(id);
      if (findings.errors.length === 0 && findings.diagnostics.length === 0) this.extras.delete(id);
      else this.extras.set(id, findings);
      if ((before?.diagnostics.length ?? 0) > 0 || findings.diagnostics.length > 0)
        this.diagnosticsDirty = true;
      touched.add(id);
    }
    for (const id of this.usedByDirty) {
      const names: string[] = [];
      for (const u of this.usersOf(id)) names.push(u.slice(u.indexOf('\u0000') + 1));
      // Most elements have one user: nothing to de-duplicate or sort.
      const list = names.length <= 1 ? names : [...new Set(names)].sort();
      if (list.length === 0) this.usedBy.delete(id);
      else this.usedBy.set(id, list);
      touched.add(id);
    }
    this.usedByDirty = new Set();
    return touched;
  }

  private infoFor(id: string): Info {
    const core = this.cores.get(id)?.info ?? {};
    const info: Info = {};
    if (core.status !== undefined) info.status = core.status;
    if (core.errors !== undefined) info.errors = [...core.errors];
    for (const e of this.extras.get(id)?.errors ?? []) addError(info, e, false);
    const usedBy = this.usedBy.get(id);
    if (usedBy !== undefined) info.usedBy = usedBy;
    return info;
  }

  private refreshOutputs(touched: Set<string>): Set<OutSection> {
    const sections = new Set<OutSection>();
    for (const id of touched) {
      const [section, name] = split(id);
      const outputs = this.outputs.get(section) as Map<string, Output>;
      const winner = this.winners.get(id);
      const prev = outputs.get(name);
      const hasDiagnostics =
        (this.cores.get(id)?.diagnostics.length ?? 0) > 0 ||
        (this.extras.get(id)?.diagnostics.length ?? 0) > 0;
      if (hasDiagnostics) this.diagnosed.add(id);
      else this.diagnosed.delete(id);
      if (winner === undefined) {
        if (prev !== undefined) {
          outputs.delete(name);
          sections.add(section);
        }
        continue;
      }
      const info = section === 'certificates' ? undefined : this.infoFor(id);
      const key = info === undefined ? '' : statusKey(info);
      if (prev !== undefined && prev.base === winner.value && prev.statusKey === key) continue;
      const output = info === undefined ? winner.value : outputElement(section, winner.value, info);
      outputs.set(name, { statusKey: key, base: winner.value, output });
      sections.add(section);
    }
    return sections;
  }

  private record(section: OutSection): Record<string, object> | object[] {
    const names = this.names.get(section)?.list ?? [];
    const outputs = this.outputs.get(section) as Map<string, Output>;
    if (section === 'certificates') return names.map((n) => (outputs.get(n) as Output).output);
    const out: Record<string, object> = {};
    for (const n of names) out[n] = (outputs.get(n) as Output).output;
    return out;
  }

  private collectDiagnostics(): Diagnostic[] {
    if (!this.diagnosticsDirty) return this.diagnostics;
    const all: Diagnostic[] = [];
    for (const key of this.fragmentsWithDiagnostics)
      all.push(...(this.fragments.get(key)?.frag.diagnostics ?? []));
    for (const id of this.diagnosed) {
      all.push(...(this.cores.get(id)?.diagnostics ?? []), ...(this.extras.get(id)?.diagnostics ?? []));
    }
    all.push(...this.slots.defaultsDiagnostics());
    this.diagnostics = sortDiagnostics(all);
    this.diagnosticsDirty = false;
    return this.diagnostics;
  }

  /** The configuration and diagnostics for the fragments set so far; `version` is the inputs' (see `VersionSum`). */
  result(version: string): { config: RuntimeConfig; diagnostics: Diagnostic[] } {
    const changedIds = this.applyWinners();
    const touched = this.recompute(changedIds);
    for (const section of this.refreshOutputs(touched)) this.records.set(section, this.record(section));
    const get = <T>(section: OutSection): T =>
      (this.records.get(section) ?? (section === 'certificates' ? [] : {})) as T;
    const config: RuntimeConfig = {
      http: {
        routers: get('routers'),
        middlewares: get('middlewares'),
        services: get('services'),
        serversTransports: get('serversTransports'),
      },
      tls: { certificates: get('certificates'), options: get('tlsOptions'), stores: get('tlsStores') },
      entryPoints: this.opts.entryPoints,
      version,
    };
    return { config, diagnostics: this.collectDiagnostics() };
  }
}
