import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { FieldPath } from '../resources/types.ts';
import { makeDiagnostic, originOf } from './context.ts';
import { type RuleShape, ruleCovers, ruleHosts, ruleShape, rulesOverlap } from './rule-shape.ts';
import type { Router } from './types.ts';

interface Entry {
  name: string;
  router: Router;
  shape: RuleShape;
  priority: number;
  /** Lowercased hosts the rule is limited to; `undefined` when it accepts any host. */
  hosts: string[] | undefined;
  /** `<entrypoint>\0http|https`: Traefik keeps TLS and non-TLS routers of an entrypoint in separate muxers. */
  groups: string[];
}

interface Group {
  all: Set<string>;
  anyHost: Set<string>;
  byHost: Map<string, Set<string>>;
}

/** What the priority and TLS-option checks found about one router. */
export interface RouterFindings {
  errors: string[];
  diagnostics: Diagnostic[];
}

function addTo<K>(map: Map<K, Set<string>>, key: K, value: string): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([value]));
  else set.add(value);
}

function report(
  router: Router,
  code: 'PRIO001' | 'PRIO002' | 'TLS001',
  path: FieldPath,
  message: string,
  out: Diagnostic[],
): void {
  const origin = originOf(router);
  if (origin === undefined) return;
  const at = code === 'TLS001' ? path : [...origin.path, ...path];
  out.push(makeDiagnostic(origin.resource, code, at, message));
}

/** The sorted, distinct `<entrypoint>\0http|https` keys of a router (most routers have one entrypoint). */
function groupKeys(entryPoints: readonly string[], tls: string): string[] {
  if (entryPoints.length === 1) return [`${entryPoints[0]}\u0000${tls}`];
  return [...new Set(entryPoints.map((ep) => `${ep}\u0000${tls}`))].sort();
}

const NO_FINDINGS: RouterFindings = Object.freeze({ errors: [], diagnostics: [] }) as RouterFindings;

/**
 * The enabled routers bucketed by entrypoint, TLS-ness and host, kept up to date as routers come and go, so that
 * PRIO001 (equal priority, overlapping rules), PRIO002 (shadowed by a higher priority) and TLS001 (different TLS
 * options for one host) are decided by comparing a router only with those sharing a host, or accepting any host.
 */
export class PriorityIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly groups = new Map<string, Group>();

  private group(key: string): Group {
    let g = this.groups.get(key);
    if (g === undefined) {
      g = { all: new Set(), anyHost: new Set(), byHost: new Map() };
      this.groups.set(key, g);
    }
    return g;
  }

  /** Routers whose findings depend on `e` being present: those it can be compared with, in each of its groups. */
  private neighbours(e: Entry, out: Set<string>): void {
    for (const key of e.groups) {
      const g = this.groups.get(key);
      if (g === undefined) continue;
      if (e.hosts === undefined) {
        for (const n of g.all) out.add(n);
        continue;
      }
      for (const n of g.anyHost) out.add(n);
      for (const h of e.hosts) for (const n of g.byHost.get(h) ?? []) out.add(n);
    }
  }

  /** Puts a router in (or, with `undefined` for absent or disabled, takes it out of) the index. */
  set(name: string, router: Router | undefined, affected: Set<string>): void {
    const old = this.entries.get(name);
    if (old !== undefined) {
      if (old.router === router) return;
      this.neighbours(old, affected);
      for (const key of old.groups) {
        const g = this.groups.get(key);
        if (g === undefined) continue;
        g.all.delete(name);
        g.anyHost.delete(name);
        for (const h of old.hosts ?? []) g.byHost.get(h)?.delete(name);
      }
      this.entries.delete(name);
    }
    affected.add(name);
    if (router === undefined) return;
    this.neighbours(this.insert(name, router), affected);
  }

  /**
   * Puts a router that is not in the index yet in, without noting whose findings that changes: for filling the
   * index in one go, after which every router's findings are asked for anyway.
   */
  add(name: string, router: Router): void {
    this.insert(name, router);
  }

  private insert(name: string, router: Router): Entry {
    const shape = ruleShape(router.rule);
    const tls = router.tls === undefined ? 'http' : 'https';
    const e: Entry = {
      name,
      router,
      shape,
      priority: router.priority ? router.priority : shape.priority,
      hosts: ruleHosts(shape),
      groups: groupKeys(router.entryPoints ?? [], tls),
    };
    this.entries.set(name, e);
    for (const key of e.groups) {
      const g = this.group(key);
      g.all.add(name);
      if (e.hosts === undefined) g.anyHost.add(name);
      else for (const h of e.hosts) addTo(g.byHost, h, name);
    }
    return e;
  }

  /** The TLS001, PRIO001 and PRIO002 findings of one router (none when it is not in the index). */
  findings(name: string): RouterFindings {
    const b = this.entries.get(name);
    if (b === undefined) return NO_FINDINGS;
    const out: RouterFindings = { errors: [], diagnostics: [] };
    this.tlsConflicts(b, out);
    // Allocated at the first finding: most routers have none.
    let ties: Set<string> | undefined;
    let shadows: Set<string> | undefined;
    let shadowedGroups = 0;
    for (const key of b.groups) {
      const g = this.groups.get(key);
      if (g === undefined) continue;
      // A candidate seen twice (a router listed under two of b's hosts) is compared twice: the findings are
      // sets and a flag, so that changes nothing, and it saves a set of candidates per router.
      let shadowed = false;
      const compare = (n: string): void => {
        const a = this.entries.get(n);
        if (a === undefined || a === b) return;
        if (a.priority === b.priority && a.name < b.name && rulesOverlap(a.shape, b.shape)) {
          ties ??= new Set();
          ties.add(a.name);
        }
        if (a.priority > b.priority && ruleCovers(a.shape, b.shape)) {
          shadows ??= new Set();
          shadows.add(a.name);
          shadowed = true;
        }
      };
      if (b.hosts === undefined) for (const n of g.all) compare(n);
      else {
        for (const n of g.anyHost) compare(n);
        for (const h of b.hosts) {
          const set = g.byHost.get(h);
          if (set !== undefined) for (const n of set) compare(n);
        }
      }
      if (shadowed) shadowedGroups++;
    }
    const label = `router "${name}": `;
    if (ties !== undefined && ties.size > 0) {
      const list = [...ties].sort().join(', ');
      const message = `${label}same priority as ${list} and the rules can match the same request: which one wins is undefined`;
      report(b.router, 'PRIO001', ['match'], message, out.diagnostics);
    }
    // Unreachable only when it is shadowed on every entrypoint it listens on.
    if (shadows !== undefined && shadows.size > 0 && shadowedGroups >= b.groups.length) {
      const list = [...shadows].sort().join(', ');
      out.errors.push(
        `never reachable: ${list} has a higher priority and matches every request this router matches`,
      );
      const message = `${label}never reachable: ${list} has a higher priority and matches every request it matches`;
      report(b.router, 'PRIO002', ['match'], message, out.diagnostics);
    }
    return out.errors.length === 0 && out.diagnostics.length === 0 ? NO_FINDINGS : out;
  }

  private tlsConflicts(b: Entry, out: RouterFindings): void {
    if (b.router.tls === undefined || b.hosts === undefined) return;
    const keys: [string, string][] = [];
    for (const ep of b.router.entryPoints ?? [])
      for (const host of b.hosts) keys.push([`${ep}\u0000${host}`, host]);
    keys.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    const reported = new Set<string>();
    for (const [key, host] of keys) {
      if (reported.has(host)) continue;
      const g = this.groups.get(`${key.slice(0, key.indexOf('\u0000'))}\u0000https`);
      const options = new Set<string>();
      for (const n of g?.byHost.get(host) ?? []) {
        const tls = this.entries.get(n)?.router.tls;
        if (tls !== undefined) options.add(tls.options ?? 'default');
      }
      if (options.size < 2) continue;
      reported.add(host);
      out.errors.push(
        `found different TLS options for routers on the same host ${host}, so using the default TLS options instead`,
      );
      const list = [...options].sort().join(', ');
      const message = `host ${host} has routers with different TLS options (${list}): Traefik uses the default options for it`;
      report(b.router, 'TLS001', ['spec', 'tls'], message, out.diagnostics);
    }
  }
}
