import { withHeader } from '../middlewares/http-headers.ts';
import type { HttpRequest } from '../request.ts';
import { type CompiledRule, compileRule, type ExplainNode, failingClauses, hostOf } from '../rules/index.ts';
import type { EntryPointTable, TraceRouter } from './prepare.ts';
import type { ClosestMiss, FailedClause, TraceStep } from './types.ts';

const CLOSEST_MISSES = 5;

function failed(explain: ExplainNode): FailedClause[] {
  return failingClauses(explain).map((n) => ({ text: n.text, matcher: n.matcher, reason: n.reason }));
}

/** Ranks (ascending) of the routers that can match the request's host, below `limit`. */
function candidateRanks(t: EntryPointTable, host: string, limit: number): number[] {
  const lists = [t.anyHost, t.byHost.get(host) ?? []];
  if (host.endsWith('.')) lists.push(t.byHost.get(host.slice(0, -1)) ?? []);
  const out = new Set<number>();
  for (const list of lists) {
    for (const rank of list) {
      if (rank >= limit) break;
      out.add(rank);
    }
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Routes the request on one entrypoint table, pushing a step per router considered (the ones that could match its
 * host, in priority order, up to the winner), the disabled routers whose rule matches, and on a miss the closest
 * misses. Returns the winning router.
 */
export function routeRequest(
  t: EntryPointTable,
  req: HttpRequest,
  steps: TraceStep[],
  maxListed: number,
): TraceRouter | undefined {
  const winner = t.table.match(req);
  const winnerRank = winner ? (t.rankOf.get(winner) ?? t.table.ordered.length) : t.table.ordered.length;
  const host = hostOf(req);
  const ranks = candidateRanks(t, host, winnerRank);
  const skipped = winnerRank - ranks.length;
  if (skipped > 0)
    steps.push({ kind: 'routers-skipped', count: skipped, reason: `their Host does not match "${host}"` });
  for (const rank of ranks.slice(0, maxListed)) {
    const r = t.table.ordered[rank] as TraceRouter;
    const rule = t.table.ruleOf(r) as CompiledRule;
    steps.push({
      kind: 'router',
      name: r.name,
      rule: r.rule,
      priority: t.table.priorityOf(r),
      verdict: 'miss',
      failed: failed(rule.explain(req)),
    });
  }
  if (ranks.length > maxListed) {
    steps.push({
      kind: 'routers-skipped',
      count: ranks.length - maxListed,
      reason: 'more misses than listed',
    });
  }
  for (const d of t.disabled) {
    const rule = safeCompile(d.rule);
    // Only the disabled routers this request concerns are worth a step.
    if (rule?.matches(req)) {
      steps.push({
        kind: 'router-disabled',
        name: d.name,
        rule: d.rule,
        errors: d.problems,
        wouldMatch: true,
      });
    }
  }
  if (winner) {
    steps.push({
      kind: 'router',
      name: winner.name,
      rule: winner.rule,
      priority: t.table.priorityOf(winner),
      verdict: 'match',
    });
    return winner;
  }
  steps.push({ kind: 'no-match', status: 404, closestMisses: closestMisses(t, req) });
  return undefined;
}

const compiledDisabled = new Map<string, CompiledRule | null>();

function safeCompile(rule: string): CompiledRule | undefined {
  let c = compiledDisabled.get(rule);
  if (c === undefined) {
    try {
      c = compileRule(rule);
    } catch {
      c = null;
    }
    // Bounded: disabled routers are few, but a long-lived process sees many configurations.
    if (compiledDisabled.size > 1000) compiledDisabled.clear();
    compiledDisabled.set(rule, c);
  }
  return c ?? undefined;
}

/**
 * Routers that failed on exactly one clause. First the routers that can match the request's host (their miss is
 * another clause), in priority order; then, when those are not enough, the routers of the few most similar hosts
 * that would match but for their Host (a likely typo). Bounded work: never a scan of every router's explain.
 */
export function closestMisses(t: EntryPointTable, req: HttpRequest): ClosestMiss[] {
  const out: ClosestMiss[] = [];
  const host = hostOf(req);
  const consider = (rank: number) => {
    const r = t.table.ordered[rank] as TraceRouter;
    const rule = t.table.ruleOf(r);
    if (!rule) return;
    const clauses = failed(rule.explain(req));
    if (clauses.length === 1) out.push({ router: r.name, rule: r.rule, clause: clauses[0] as FailedClause });
  };
  for (const rank of candidateRanks(t, host, Number.POSITIVE_INFINITY)) {
    consider(rank);
    if (out.length >= CLOSEST_MISSES) return out;
  }
  for (const other of similarHosts(t.byHost.keys(), host, SIMILAR_HOSTS)) {
    const alt = { ...req, headers: withHeader(req.headers, 'Host', other) };
    for (const rank of t.byHost.get(other) ?? []) {
      const r = t.table.ordered[rank] as TraceRouter;
      if (t.table.ruleOf(r)?.matches(alt)) consider(rank);
      if (out.length >= CLOSEST_MISSES) return out;
    }
  }
  return out;
}

const SIMILAR_HOSTS = 3;

/**
 * The `n` hosts closest to `host` by edit distance, closest first (ties by name): typos, so at most 3 edits (fewer
 * for short hosts). The length check and the early exit keep this a fast pass over the host index.
 */
export function similarHosts(hosts: Iterable<string>, host: string, n: number): string[] {
  const limit = Math.max(1, Math.min(3, Math.floor(host.length / 3)));
  const found: { h: string; d: number }[] = [];
  for (const h of hosts) {
    if (h === host || Math.abs(h.length - host.length) > limit) continue;
    const d = editDistance(h, host, limit);
    if (d <= limit) found.push({ h, d });
  }
  found.sort((a, b) => a.d - b.d || (a.h < b.h ? -1 : 1));
  return found.slice(0, n).map((f) => f.h);
}

/** Levenshtein distance, giving up (returning `limit + 1`) once every cell of a row exceeds `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] as number;
}
