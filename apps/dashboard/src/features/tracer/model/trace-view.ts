import { nodeId, type NodeKind } from '../../graph/model/types.ts';

/** One step as the tracer panel shows it. */
export interface TraceStepView {
  kind: string;
  title: string;
  lines: string[];
  tone: 'ok' | 'miss' | 'stop' | 'info';
  node?: string;
}

export interface Miss {
  router: string;
  clause: string;
}

/** The trace reduced to what the panel and the graph need. */
export interface TraceView {
  steps: TraceStepView[];
  /** What the client gets: the upstream's (unknown here, 200 when forwarded), a middleware's answer, or 404. */
  status?: number;
  upstream?: string;
  router?: string;
  service?: string;
  closestMisses: Miss[];
  /** Graph node ids on the traced path. */
  traced: string[];
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function pick(o: Obj, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = str(o[k]);
    if (v !== undefined) return v;
  }
  return undefined;
}

const KIND_TO_NODE: Record<string, NodeKind> = {
  entrypoint: 'entrypoint',
  entryPoint: 'entrypoint',
  router: 'router',
  winner: 'router',
  middleware: 'middleware',
  service: 'service',
  server: 'server',
  upstream: 'server',
};

/**
 * Reads core/trace's output defensively: the panel must show whatever steps the tracer gives, so unknown step
 * kinds become plain lines rather than errors.
 */
export function toTraceView(raw: unknown): TraceView {
  const root = isObj(raw) ? raw : {};
  const steps = Array.isArray(root.steps) ? root.steps : [];
  const view: TraceView = { steps: [], closestMisses: [], traced: [] };
  for (const s of steps) {
    if (!isObj(s)) continue;
    const step = toStep(s);
    view.steps.push(step);
    if (step.node && step.tone !== 'miss') view.traced.push(step.node);
    if (step.kind === 'router' && step.tone === 'ok') view.router = nameOf(s);
    if (step.kind === 'service' && !view.service) view.service = nameOf(s);
    if (step.kind === 'upstream' || step.kind === 'server') view.upstream = pick(s, 'url', 'upstreamUrl', 'server') ?? view.upstream;
  }
  const response = isObj(root.response) ? root.response : isObj(root.result) ? root.result : undefined;
  const status = response ? pick(response, 'status') : pick(root, 'status');
  if (status !== undefined) view.status = Number(status);
  view.router ??= pick(root, 'router', 'winner');
  view.upstream ??= isObj(root.upstream) ? pick(root.upstream, 'url') : pick(root, 'upstream', 'upstreamUrl');
  for (const m of arrayOf(root.closestMisses ?? root.misses ?? (isObj(root.notFound) ? root.notFound.closestMisses : undefined))) {
    if (!isObj(m)) continue;
    view.closestMisses.push({ router: pick(m, 'router', 'name') ?? '?', clause: clauseOf(m) ?? '' });
  }
  if (view.upstream) view.traced.push(nodeId('server', stripPath(view.upstream)));
  view.traced = [...new Set(view.traced)];
  return view;
}

function toStep(s: Obj): TraceStepView {
  const kind = pick(s, 'kind', 'type', 'step') ?? 'step';
  const name = nameOf(s);
  const lines: string[] = [];
  let tone: TraceStepView['tone'] = 'info';
  const verdict = s.matched ?? s.match ?? s.verdict;
  if (kind === 'router' || kind === 'winner') {
    const matched = verdict === true || verdict === 'match' || verdict === 'matched' || kind === 'winner';
    tone = matched ? 'ok' : 'miss';
    const rule = pick(s, 'rule');
    if (rule) lines.push(rule);
    const clause = clauseOf(s);
    if (!matched && clause) lines.push(`failed: ${clause}`);
    const priority = pick(s, 'priority');
    if (priority) lines.push(`priority ${priority}`);
  } else {
    tone = 'ok';
    const response = isObj(s.response) ? s.response : undefined;
    if (response) {
      tone = 'stop';
      lines.push(`answers ${pick(response, 'status') ?? ''}${headerLine(response, 'location')}`.trim());
    }
    const changes = requestChanges(s);
    lines.push(...changes);
    for (const k of ['url', 'pick', 'reason', 'message', 'detail', 'note']) {
      const v = pick(s, k);
      if (v && !(k === 'url' && kind !== 'upstream' && kind !== 'server')) lines.push(`${k === 'pick' ? 'picked ' : ''}${v}`);
    }
    if (s.error !== undefined || s.ok === false) tone = 'stop';
  }
  const nodeKind = KIND_TO_NODE[kind];
  const node = nodeKind && name ? nodeId(nodeKind, nodeKind === 'server' ? stripPath(name) : name) : undefined;
  return { kind, title: name ? `${kind} ${name}` : kind, lines, tone, ...(node ? { node } : {}) };
}

function nameOf(s: Obj): string | undefined {
  return pick(s, 'name', 'router', 'middleware', 'service', 'entryPoint', 'entrypoint', 'server', 'url');
}

function clauseOf(s: Obj): string | undefined {
  const c = s.failedClause ?? s.failing ?? s.clause ?? s.failed;
  if (isObj(c)) {
    const text = pick(c, 'text', 'clause');
    const reason = pick(c, 'reason');
    return [text, reason].filter(Boolean).join(' — ');
  }
  return str(c);
}

function requestChanges(s: Obj): string[] {
  const before = isObj(s.before) ? s.before : isObj(s.requestBefore) ? s.requestBefore : undefined;
  const after = isObj(s.after) ? s.after : isObj(s.requestAfter) ? s.requestAfter : undefined;
  if (!before || !after) return [];
  const out: string[] = [];
  for (const k of ['method', 'url']) {
    if (before[k] !== after[k] && after[k] !== undefined) out.push(`${k}: ${str(before[k]) ?? ''} → ${str(after[k]) ?? ''}`);
  }
  const bh = isObj(before.headers) ? before.headers : {};
  const ah = isObj(after.headers) ? after.headers : {};
  for (const k of new Set([...Object.keys(bh), ...Object.keys(ah)])) {
    const b = JSON.stringify(bh[k]);
    const a = JSON.stringify(ah[k]);
    if (b === a) continue;
    if (ah[k] === undefined) out.push(`− ${k}`);
    else out.push(`+ ${k}: ${Array.isArray(ah[k]) ? (ah[k] as unknown[]).join(', ') : str(ah[k])}`);
  }
  return out;
}

function headerLine(response: Obj, name: string): string {
  const headers = isObj(response.headers) ? response.headers : {};
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return ` → ${str(v) ?? ''}`;
  return '';
}

function arrayOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A server node is named by its base URL; the upstream URL carries the request path. */
function stripPath(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]+)/i.exec(url);
  return m ? m[1]! : url;
}
