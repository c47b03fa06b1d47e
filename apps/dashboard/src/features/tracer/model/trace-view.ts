import type { RequestChange, RequestSnapshot, TraceResult, TraceStep } from '../../../../../../core/index.ts';
import { nodeId } from '../../graph/model/types.ts';

/** One step as the tracer panel shows it. */
export interface TraceStepView {
  kind: TraceStep['kind'];
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
  /** What the client gets: a middleware's answer, 404, 503...; 200 when forwarded. */
  status: number;
  upstream?: string;
  router?: string;
  service?: string;
  redirect?: string;
  notFound: boolean;
  closestMisses: Miss[];
  /** Graph node ids on the traced path. */
  traced: string[];
}

/** Reads core/trace's result for the panel: a line or two per step, and the nodes to light on the graph. */
export function toTraceView(result: TraceResult): TraceView {
  const view: TraceView = {
    steps: [],
    status: result.outcome.status,
    notFound: false,
    closestMisses: [],
    traced: [],
  };
  const o = result.outcome;
  if (o.router) view.router = o.router;
  if (o.service) view.service = o.service;
  if (o.upstreamUrl) view.upstream = o.upstreamUrl;
  if (o.redirect) view.redirect = o.redirect;
  for (const step of result.steps) {
    const s = stepView(step);
    view.steps.push(s);
    if (s.node && s.tone !== 'miss') view.traced.push(s.node);
    if (step.kind === 'no-match') {
      view.notFound = true;
      view.closestMisses = step.closestMisses.map((m) => ({
        router: m.router,
        clause: m.clause.reason ? `${m.clause.text} (${m.clause.reason})` : m.clause.text,
      }));
    }
  }
  view.traced = [...new Set(view.traced)];
  return view;
}

function stepView(step: TraceStep): TraceStepView {
  switch (step.kind) {
    case 'entrypoint':
      return {
        kind: step.kind,
        title: step.name ? `entrypoint ${step.name}` : 'no entrypoint takes this request',
        lines: [
          `chosen by ${step.chosenBy}${step.address ? ` · ${step.address}` : ''}${step.tls ? ' · TLS' : ''}`,
          ...changeLines(step.changed, step.request),
          ...(step.note ? [step.note] : []),
        ],
        tone: step.name ? 'ok' : 'stop',
        ...(step.name ? { node: nodeId('entrypoint', step.name) } : {}),
      };
    case 'router':
      return {
        kind: step.kind,
        title: `router ${step.name}`,
        lines: [
          `${step.rule} · priority ${step.priority}`,
          ...(step.failed ?? []).map((f) => `failed: ${f.text}${f.reason ? ` — ${f.reason}` : ''}`),
        ],
        tone: step.verdict === 'match' ? 'ok' : 'miss',
        node: nodeId('router', step.name),
      };
    case 'routers-skipped':
      return { kind: step.kind, title: `${step.count} more routers`, lines: [step.reason], tone: 'info' };
    case 'router-disabled':
      return {
        kind: step.kind,
        title: `router ${step.name} (disabled)`,
        lines: [
          ...step.errors,
          step.wouldMatch ? 'would match if it were enabled' : 'would not match either',
        ],
        tone: 'miss',
      };
    case 'no-match':
      return { kind: step.kind, title: `no router matches: ${step.status}`, lines: [], tone: 'stop' };
    case 'middleware': {
      const lines = [
        `${step.type}${step.via.length > 0 ? ` via ${step.via.join(' → ')}` : ''}`,
        ...(step.changed && step.after ? changeLines(step.changed, step.after) : []),
        ...(step.response ? [`answers ${step.response.status}${location(step.response.headers)}`] : []),
        ...(step.call ? [`calls ${callTarget(step.call)}`] : []),
        ...(step.responseHeaders ?? []).map((h) =>
          h.op === 'delete' ? `response − ${h.name}` : `response + ${h.name}: ${h.value}`,
        ),
        ...step.notes,
      ];
      return {
        kind: step.kind,
        title: `middleware ${step.name}`,
        lines,
        tone: step.effect === 'respond' ? 'stop' : 'ok',
        node: nodeId('middleware', step.name),
      };
    }
    case 'service': {
      const lines = [
        step.type,
        ...(step.candidates ?? []).map((c) => `${c.chosen ? '→' : ' '} ${c.name} (weight ${c.weight})`),
        ...(step.mirrors ?? []).map(
          (m) => `mirror ${m.name} ${m.percent}%${m.mirrored ? ' (mirrored)' : ''}`,
        ),
        ...(step.sticky
          ? [`sticky cookie ${step.sticky.cookie}${step.sticky.honoured ? ' honoured' : ''}`]
          : []),
        ...(step.chosen && !step.candidates ? [`→ ${step.chosen}`] : []),
        ...step.notes,
      ];
      return {
        kind: step.kind,
        title: `service ${step.name}`,
        lines,
        tone: 'ok',
        node: nodeId('service', step.name),
      };
    }
    case 'server':
      return {
        kind: step.kind,
        title: `server ${step.url}`,
        lines: [`of ${step.service}${step.passHostHeader ? ' · Host passed through' : ' · Host rewritten'}`],
        tone: 'ok',
        node: nodeId('server', step.url),
      };
    case 'error':
      return {
        kind: step.kind,
        title: `error at ${step.at} ${step.name}: ${step.status}`,
        lines: [step.message],
        tone: 'stop',
      };
    case 'upstream':
      return {
        kind: step.kind,
        title: `upstream ${step.method} ${step.url}`,
        lines: [
          `Host: ${step.host}`,
          ...Object.entries(step.headers).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`),
        ],
        tone: 'ok',
      };
    case 'response':
      return {
        kind: step.kind,
        title: `response ${step.status} from ${step.from}`,
        lines: [
          ...(location(step.headers) ? [location(step.headers).slice(3)] : []),
          ...(step.body ? [step.body] : []),
        ],
        tone: step.status >= 400 ? 'stop' : 'info',
      };
    default: {
      // A step kind this dashboard does not know yet (the tracer grows): show its kind and name.
      const any = step as unknown as { kind: TraceStep['kind']; name?: string; message?: string };
      return {
        kind: any.kind,
        title: `${any.kind}${any.name ? ` ${any.name}` : ''}`,
        lines: any.message ? [any.message] : [],
        tone: 'info',
      };
    }
  }
}

function changeLines(changed: RequestChange, after: RequestSnapshot): string[] {
  const out: string[] = [];
  if (changed.method) out.push(`method ${changed.method.from} → ${changed.method.to}`);
  if (changed.url) out.push(`url ${changed.url.from} → ${changed.url.to}`);
  const headers = Object.fromEntries(Object.entries(after.headers).map(([k, v]) => [k.toLowerCase(), v]));
  for (const name of changed.headers) {
    const v = headers[name];
    out.push(v === undefined ? `− ${name}` : `+ ${name}: ${Array.isArray(v) ? v.join(', ') : v}`);
  }
  return out;
}

function location(headers: Record<string, string | string[]>): string {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === 'location') return ` → ${Array.isArray(v) ? v[0] : v}`;
  }
  return '';
}

function callTarget(call: { middleware: string } & Record<string, unknown>): string {
  const target = call.address ?? call.service;
  return `${call.middleware}${typeof target === 'string' ? ` ${target}` : ''}`;
}
