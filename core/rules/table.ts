import type { HttpRequest } from '../request.ts';
import { type CompiledRule, compileRule } from './compile.ts';
import { constraintOf } from './constraints.ts';
import { RuleSyntaxError } from './errors.ts';
import { PrefixIndex } from './prefix-index.ts';
import { effectivePriority, sortRouters } from './priority.ts';
import { RequestView } from './request-view.ts';

/** What a router table needs of a router; any other fields ride along untouched. */
export interface RouterInput {
  name: string;
  rule: string;
  priority?: number;
  provider?: string;
}

export interface RouterTableOptions {
  /** Providers in precedence order, first wins ties (Traefik's `providersPrecedence`). */
  providersPrecedence?: string[];
}

export interface RouterTable<T extends RouterInput = RouterInput> {
  /**
   * The router Traefik would pick for the request, or `undefined`: Traefik answers 404, or 400
   * when the path has a malformed percent-encoding (then no router is tried at all).
   */
  match(req: HttpRequest): T | undefined;
  /** The same answer by trying every router in order, as Traefik does; for tests and benchmarks. */
  matchOrdered(req: HttpRequest): T | undefined;
  /** Routers whose rule compiled, in evaluation order. */
  ordered: T[];
  /** Routers left out because their rule does not compile. */
  errors: { name: string; error: RuleSyntaxError }[];
  /** The compiled rule of a router of `ordered`. */
  ruleOf(router: T): CompiledRule | undefined;
  /** The effective priority of a router (explicit, or the rule's default). */
  priorityOf(router: T): number;
}

/**
 * Builds the table of one entrypoint's routers. `match` gives the same router as evaluating
 * `ordered` one by one, but only tries the routers whose exact `Host` and `Path`/`PathPrefix`
 * values fit the request: rules are indexed by exact host and by path prefix, and a rule
 * with nothing to index (negations, regexps, wildcard hosts) is tried for every request.
 *
 * @example
 * const table = buildRouterTable([{ name: 'api', rule: 'Host(`a.com`) && PathPrefix(`/api`)' }]);
 * table.match({ method: 'GET', url: 'http://a.com/api/x', headers: {} })?.name; // 'api'
 */
export function buildRouterTable<T extends RouterInput>(
  routers: T[],
  opts: RouterTableOptions = {},
): RouterTable<T> {
  const errors: { name: string; error: RuleSyntaxError }[] = [];
  const rules = new Map<T, CompiledRule>();
  for (const router of routers) {
    try {
      rules.set(router, compileRule(router.rule));
    } catch (err) {
      if (!(err instanceof RuleSyntaxError)) throw err;
      errors.push({ name: router.name, error: err });
    }
  }
  const priorityOf = (router: T): number =>
    router.priority || (rules.get(router)?.priority ?? effectivePriority(router));
  const ordered = sortRouters([...rules.keys()], opts.providersPrecedence ?? [], priorityOf);
  const compiled = ordered.map((r) => rules.get(r) as CompiledRule);

  const byHost = new Map<string, PrefixIndex>();
  const anyHost = new PrefixIndex();
  // A rank whose rule is exactly its index entry matches whenever the index offers it.
  const proven = new Uint8Array(compiled.length);
  compiled.forEach((rule, rank) => {
    const { hosts, prefixes, exact } = constraintOf(rule.ast);
    if (exact) proven[rank] = 1;
    const indexes = hosts ? [...hosts].map((h) => indexFor(byHost, h)) : [anyHost];
    for (const index of indexes) {
      if (prefixes) for (const p of prefixes) index.add(p, rank);
      else index.add(null, rank);
    }
  });

  const match = (req: HttpRequest): T | undefined => {
    const view = new RequestView(req);
    const path = view.path;
    if (path === undefined) return undefined;
    const lists: number[][] = [];
    anyHost.collect(path, lists);
    const host = view.host;
    if (host !== '') {
      byHost.get(host)?.collect(path, lists);
      byHost.get(`${host}.`)?.collect(path, lists);
      if (host.endsWith('.')) byHost.get(host.slice(0, -1))?.collect(path, lists);
    }
    const rank = firstMatching(lists, (r) => proven[r] === 1 || (compiled[r] as CompiledRule).test(view));
    return rank === undefined ? undefined : ordered[rank];
  };

  const matchOrdered = (req: HttpRequest): T | undefined => {
    const view = new RequestView(req);
    if (view.path === undefined) return undefined;
    for (let i = 0; i < compiled.length; i++) if ((compiled[i] as CompiledRule).test(view)) return ordered[i];
    return undefined;
  };

  return {
    match,
    matchOrdered,
    ordered,
    errors,
    ruleOf: (router) => rules.get(router),
    priorityOf,
  };
}

function indexFor(byHost: Map<string, PrefixIndex>, host: string): PrefixIndex {
  let index = byHost.get(host);
  if (!index) {
    index = new PrefixIndex();
    byHost.set(host, index);
  }
  return index;
}

// Walks the ascending rank lists as one merged sequence, lowest rank first, and returns the
// first rank that passes; a rank present in several lists is tried once.
function firstMatching(lists: number[][], passes: (rank: number) => boolean): number | undefined {
  if (lists.length === 1) {
    for (const rank of lists[0] as number[]) if (passes(rank)) return rank;
    return undefined;
  }
  const heads = new Array<number>(lists.length).fill(0);
  let last = -1;
  for (;;) {
    let best = -1;
    let bestRank = Number.POSITIVE_INFINITY;
    for (let i = 0; i < lists.length; i++) {
      const list = lists[i] as number[];
      let h = heads[i] as number;
      while (h < list.length && (list[h] as number) <= last) h++;
      heads[i] = h;
      if (h < list.length && (list[h] as number) < bestRank) {
        bestRank = list[h] as number;
        best = i;
      }
    }
    if (best < 0) return undefined;
    last = bestRank;
    if (passes(bestRank)) return bestRank;
  }
}
