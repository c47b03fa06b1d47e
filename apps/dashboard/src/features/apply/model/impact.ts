import type { Diagnostic, ImpactEntry, TraceOutcome } from '../../../../../../core/index.ts';

/** The dry run's impact as table rows: which request, what changed, before and after. */
export interface ImpactRow {
  request: string;
  changes: string;
  before: string;
  after: string;
}

/** A trace outcome in one line: router, service, status, upstream or redirect. */
export function outcomeText(o: TraceOutcome): string {
  const parts: string[] = [];
  parts.push(o.router ? `router ${o.router}` : 'no router');
  if (o.service) parts.push(`service ${o.service}`);
  parts.push(`status ${o.status}`);
  if (o.redirect) parts.push(`→ ${o.redirect}`);
  else if (o.upstreamUrl) parts.push(`→ ${o.upstreamUrl}`);
  return parts.join(' · ');
}

export function impactRows(impact: readonly ImpactEntry[]): ImpactRow[] {
  return impact.map((i) => ({
    request: `${i.request.method} ${i.request.url}`,
    changes: i.changes.join(', '),
    before: outcomeText(i.before),
    after: outcomeText(i.after),
  }));
}

/** Errors after a change that were not there before (same code and message), for the review's warning. */
export function newErrors(after: readonly Diagnostic[], before: readonly Diagnostic[]): Diagnostic[] {
  const known = new Set(before.map((d) => `${d.code}\n${d.message}`));
  return after.filter((d) => d.severity === 'error' && !known.has(`${d.code}\n${d.message}`));
}
