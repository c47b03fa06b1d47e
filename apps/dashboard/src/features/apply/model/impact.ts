/** Readable text for the dry run's impact entries, whose inner shapes come from core's impact(). */
export interface ImpactRow {
  request: string;
  before: string;
  after: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function requestText(r: unknown): string {
  if (typeof r === 'string') return r;
  if (!isObj(r)) return JSON.stringify(r);
  return `${String(r.method ?? 'GET')} ${String(r.url ?? '')}`.trim();
}

export function outcomeText(o: unknown): string {
  if (o === null || o === undefined) return 'no route (404)';
  if (typeof o === 'string') return o;
  if (!isObj(o)) return JSON.stringify(o);
  const parts: string[] = [];
  if (o.router) parts.push(`router ${String(o.router)}`);
  if (o.service) parts.push(`service ${String(o.service)}`);
  if (o.status !== undefined) parts.push(`status ${String(o.status)}`);
  if (o.upstream || o.upstreamUrl) parts.push(`→ ${String(o.upstream ?? o.upstreamUrl)}`);
  return parts.length > 0 ? parts.join(' · ') : JSON.stringify(o);
}

export function impactRows(impact: readonly { request: unknown; before: unknown; after: unknown }[]): ImpactRow[] {
  return impact.map((i) => ({ request: requestText(i.request), before: outcomeText(i.before), after: outcomeText(i.after) }));
}
