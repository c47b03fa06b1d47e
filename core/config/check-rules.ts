import { makeDiagnostic } from './context.ts';
import { addError } from './check-references.ts';
import type { Merged } from './merge.ts';
import { type RuleShape, ruleCovers, ruleHosts, rulesOverlap, ruleShape } from './rule-shape.ts';
import { locateInScalar } from './scalar-position.ts';
import type { Router } from './types.ts';

/** Rule syntax (RULE001/RULE002) at the offending column inside the `match` string; the router is disabled. */
export function checkRuleSyntax(m: Merged): void {
  for (const [name, router] of m.routers) {
    // A route asking for the v2 syntax is parsed by Traefik's v2 parser, which Routeyard does not have.
    if (router.ruleSyntax === 'v2') continue;
    const err = ruleShape(router.rule).error;
    const origin = m.origins.get(name);
    if (err === undefined || origin === undefined) continue;
    addError(router, `error while adding rule ${router.rule}: ${err.message}`, true);
    const d = makeDiagnostic(origin.resource, err.code, ['spec', 'routes', origin.index, 'match'], err.message);
    d.source = locateInScalar(origin.resource, ['spec', 'routes', origin.index, 'match'], err.offset, err.length);
    m.diagnostics.push(d);
  }
}

interface Entry {
  name: string;
  router: Router;
  shape: RuleShape;
  priority: number;
  hosts: string[] | undefined;
}

function groupKey(ep: string, router: Router): string {
  // Traefik keeps TLS and non-TLS routers of an entrypoint in separate muxers.
  return `${ep}\u0000${router.tls === undefined ? 'http' : 'https'}`;
}

function candidates(byHost: Map<string, Entry[]>, anyHost: Entry[], all: Entry[], e: Entry): Entry[] {
  if (e.hosts === undefined) return all;
  const out: Entry[] = [...anyHost];
  for (const h of e.hosts) for (const x of byHost.get(h) ?? []) out.push(x);
  return out;
}

function groups(m: Merged): Entry[][] {
  const byGroup = new Map<string, Entry[]>();
  for (const name of [...m.routers.keys()].sort()) {
    const router = m.routers.get(name) as Router;
    if (router.status === 'disabled') continue;
    const shape = ruleShape(router.rule);
    const priority = router.priority ? router.priority : shape.priority;
    const entry: Entry = { name, router, shape, priority, hosts: ruleHosts(shape) };
    for (const ep of router.entryPoints ?? []) {
      const key = groupKey(ep, router);
      let list = byGroup.get(key);
      if (list === undefined) byGroup.set(key, (list = []));
      list.push(entry);
    }
  }
  return [...byGroup.keys()].sort().map((k) => byGroup.get(k) as Entry[]);
}

/**
 * PRIO001 (equal priority, overlapping rules: Traefik's order between them is undefined) and PRIO002 (a router
 * whose every request a higher-priority router on the same entrypoint takes), per entrypoint and TLS-ness.
 * Routers are bucketed by host so the work stays near linear.
 */
export function checkPriorities(m: Merged): void {
  const ties = new Map<string, Set<string>>();
  const shadows = new Map<string, Set<string>>();
  const shadowedOn = new Map<string, number>();
  for (const list of groups(m)) {
    const byHost = new Map<string, Entry[]>();
    const anyHost: Entry[] = [];
    for (const e of list) {
      if (e.hosts === undefined) anyHost.push(e);
      else {
        for (const h of e.hosts) {
          const bucket = byHost.get(h);
          if (bucket === undefined) byHost.set(h, [e]);
          else bucket.push(e);
        }
      }
    }
    for (const b of list) {
      let shadowedHere = false;
      for (const a of candidates(byHost, anyHost, list, b)) {
        if (a === b) continue;
        if (a.priority === b.priority && a.name < b.name && rulesOverlap(a.shape, b.shape)) {
          (ties.get(b.name) ?? ties.set(b.name, new Set()).get(b.name))?.add(a.name);
        }
        if (a.priority > b.priority && ruleCovers(a.shape, b.shape)) {
          (shadows.get(b.name) ?? shadows.set(b.name, new Set()).get(b.name))?.add(a.name);
          shadowedHere = true;
        }
      }
      if (shadowedHere) shadowedOn.set(b.name, (shadowedOn.get(b.name) ?? 0) + 1);
    }
  }
  for (const [name, others] of [...ties].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const list = [...others].sort();
    report(m, name, 'PRIO001', `same priority as ${list.join(', ')} and the rules can match the same request: which one wins is undefined`);
  }
  for (const [name, others] of [...shadows].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const router = m.routers.get(name);
    // Unreachable only when it is shadowed on every entrypoint it listens on.
    if (router === undefined || (shadowedOn.get(name) ?? 0) < (router.entryPoints?.length ?? 0)) continue;
    const list = [...others].sort();
    addError(router, `never reachable: ${list.join(', ')} has a higher priority and matches every request this router matches`, false);
    report(m, name, 'PRIO002', `never reachable: ${list.join(', ')} has a higher priority and matches every request it matches`);
  }
}

function report(m: Merged, name: string, code: 'PRIO001' | 'PRIO002', message: string): void {
  const origin = m.origins.get(name);
  if (origin === undefined) return;
  const d = makeDiagnostic(origin.resource, code, ['spec', 'routes', origin.index, 'match'], `router "${name}": ${message}`);
  m.diagnostics.push(d);
}
