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
 * Routers that failed on exactly one clause, in priority order; misses on another clause than Host come first, as
 * a router on the right host is the likelier intent. Scans every router of the table (only on a 404).
 */
export function closestMisses(t: EntryPointTable, req: HttpRequest): ClosestMiss[] {
  const sameHost: ClosestMiss[] = [];
  const otherHost: ClosestMiss[] = [];
  for (const r of t.table.ordered) {
    const rule = t.table.ruleOf(r);
    if (!rule) continue;
    const clauses = failed(rule.explain(req));
    if (clauses.length !== 1) continue;
    const miss = { router: r.name, rule: r.rule, clause: clauses[0] as FailedClause };
    (miss.clause.matcher === 'Host' ? otherHost : sameHost).push(miss);
    if (sameHost.length >= CLOSEST_MISSES) break;
  }
  return [...sameHost, ...otherHost].slice(0, CLOSEST_MISSES);
}
