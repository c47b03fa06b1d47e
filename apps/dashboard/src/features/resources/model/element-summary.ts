import type { RuntimeConfig, SourceLink } from '../../../../../../core/index.ts';
import type { ResourceRef } from '../../../api/types.ts';
import { middlewareType, serviceType } from '../../graph/model/essentials.ts';
import {
  effectivePriority,
  isDefaultPriority,
  type RuleClause,
  splitRuleClauses,
} from '../../graph/model/rule-text.ts';
import { type GraphNodeData, nodeId } from '../../graph/model/types.ts';

export interface Field {
  label: string;
  value: string;
  mono?: boolean;
}

export interface LinkItem {
  id: string;
  label: string;
}

/** What the side panel shows for one node. */
export interface ElementSummary {
  title: string;
  source?: SourceLink;
  resource?: ResourceRef;
  clauses?: RuleClause[];
  priority?: { value: string; derived: boolean };
  fields: Field[];
  uses: LinkItem[];
  usedBy: LinkItem[];
  /** The element's own configuration, for the raw view. */
  raw?: unknown;
}

const ROUTEYARD_KEYS = new Set(['source', 'status', 'errors', 'error', 'usedBy']);

/** The resource a source link points at, when it can be edited through the API. */
export function resourceOf(source: SourceLink | undefined): ResourceRef | undefined {
  if (!source?.kind || !source.name) return undefined;
  return { kind: source.kind, namespace: source.namespace ?? 'default', name: source.name };
}

/** Builds the side panel's summary for a graph node from the resolved configuration. */
export function summarize(
  config: RuntimeConfig,
  data: GraphNodeData,
  usedByRouters: readonly string[],
): ElementSummary {
  const http = config.http;
  const routerLink = (name: string): LinkItem => ({ id: nodeId('router', name), label: name });
  const usedBy = usedByRouters.map((id) => routerLink(id.replace(/^router:/, '')));
  switch (data.kind) {
    case 'router': {
      const r = http.routers[data.name];
      if (!r) break;
      const prio = r.priority as number | string | undefined;
      const fields: Field[] = [
        { label: 'Entrypoints', value: (r.entryPoints ?? []).join(', ') || 'default entrypoints' },
        { label: 'TLS', value: r.tls ? tlsText(r.tls) : 'no' },
      ];
      return {
        title: data.name,
        source: r.source,
        resource: resourceOf(r.source),
        clauses: splitRuleClauses(r.rule ?? ''),
        priority: { value: effectivePriority(prio, r.rule ?? ''), derived: isDefaultPriority(prio) },
        fields,
        uses: [
          ...(r.middlewares ?? []).map((m, i) => ({ id: nodeId('middleware', m), label: `${i + 1}. ${m}` })),
          { id: nodeId('service', r.service), label: r.service },
        ],
        usedBy: [],
        raw: strip(r),
      };
    }
    case 'middleware': {
      const m = http.middlewares[data.name];
      if (!m) break;
      return {
        title: data.name,
        source: m.source,
        resource: resourceOf(m.source),
        fields: [{ label: 'Type', value: middlewareType(m) }],
        uses: (m.chain?.middlewares ?? []).map((c, i) => ({
          id: nodeId('middleware', c),
          label: `${i + 1}. ${c}`,
        })),
        usedBy,
        raw: strip(m),
      };
    }
    case 'service': {
      const s = http.services[data.name];
      if (!s) break;
      const children = [
        ...(s.weighted?.services ?? []).map((c) => c.name),
        ...(s.mirroring ? [s.mirroring.service, ...(s.mirroring.mirrors ?? []).map((m) => m.name)] : []),
        ...(s.failover ? [s.failover.service, s.failover.fallback] : []),
        ...(s.highestRandomWeight?.services ?? []).map((c) => c.name),
      ];
      const fields: Field[] = [{ label: 'Type', value: serviceType(s) }];
      if (s.loadBalancer) {
        fields.push(
          { label: 'Servers', value: s.loadBalancer.servers.map((x) => x.url).join('\n'), mono: true },
          { label: 'Pass Host header', value: s.loadBalancer.passHostHeader === false ? 'no' : 'yes' },
          {
            label: 'Health check',
            value: s.loadBalancer.healthCheck
              ? `${s.loadBalancer.healthCheck.path ?? '/'} every ${s.loadBalancer.healthCheck.interval ?? '30s'}`
              : 'none',
          },
        );
      }
      return {
        title: data.name,
        source: s.source,
        resource: resourceOf(s.source),
        fields,
        uses: [
          ...children.map((c) => ({ id: nodeId('service', c), label: c })),
          ...(s.loadBalancer?.servers ?? []).map((x) => ({ id: nodeId('server', x.url), label: x.url })),
        ],
        usedBy,
        raw: strip(s),
      };
    }
    case 'entrypoint': {
      const ep = config.entryPoints[data.name];
      return {
        title: data.name,
        fields: [
          { label: 'Address', value: ep?.address ?? 'not defined', mono: true },
          { label: 'Default', value: ep?.asDefault ? 'yes' : 'no' },
        ],
        uses: [],
        usedBy: [],
        raw: ep,
      };
    }
    default:
      break;
  }
  return { title: data.name, fields: [], uses: [], usedBy };
}

function tlsText(tls: NonNullable<RuntimeConfig['http']['routers'][string]['tls']>): string {
  const parts = ['yes'];
  if (tls.options) parts.push(`options ${tls.options}`);
  if (tls.certResolver) parts.push(`resolver ${tls.certResolver}`);
  const domains = (tls.domains ?? []).map((d) => d.main).filter(Boolean);
  if (domains.length > 0) parts.push(domains.join(', '));
  return parts.join(' · ');
}

function strip(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => !ROUTEYARD_KEYS.has(k)));
}
