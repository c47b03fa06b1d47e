import type { Diagnostic, RuntimeConfig } from '../../../../../../core/index.ts';
// Straight from the module, not core/index.ts: through the index the bundler keeps the `yaml` package (~35 KB
// gzipped) in the first load, which this table never needs.
import { readCertificatePem } from '../../../../../../core/resources/x509.ts';
import type { StatusFilter, View } from '../../../app/url-state.ts';
import { middlewareType, serviceType } from '../../graph/model/essentials.ts';
import { indexRoutersByNode } from '../../graph/model/highlight.ts';
import { effectivePriority } from '../../graph/model/rule-text.ts';
import { type NodeStatus, nodeId, type RoutingGraph } from '../../graph/model/types.ts';

export interface Column {
  key: string;
  label: string;
  mono?: boolean;
  numeric?: boolean;
}

/** One table row: display cells, its status, and where it links (graph node, editable or not). */
export interface Row {
  id: string;
  status: NodeStatus;
  cells: Record<string, string>;
  error?: string;
  editable: boolean;
}

export interface Table {
  columns: Column[];
  rows: Row[];
}

type ListView = Exclude<View, 'graph'>;

/** Builds the table for a list view from the configuration; statuses come from the graph so both agree. */
export function buildTable(
  view: ListView,
  config: RuntimeConfig,
  diagnostics: readonly Diagnostic[],
  graph: RoutingGraph,
  now = 0,
): Table {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n.data]));
  const statusOf = (id: string): Pick<Row, 'status' | 'error'> => {
    const d = nodes.get(id);
    return d ? { status: d.status, ...(d.errors[0] ? { error: d.errors[0] } : {}) } : { status: 'ok' };
  };
  const byNode = indexRoutersByNode(graph);
  const usedBy = (id: string) => String(byNode.get(id)?.length ?? 0);
  switch (view) {
    case 'routers':
      return {
        columns: [
          { key: 'name', label: 'Name', mono: true },
          { key: 'status', label: 'Status' },
          { key: 'rule', label: 'Rule', mono: true },
          { key: 'priority', label: 'Priority', numeric: true },
          { key: 'entryPoints', label: 'Entrypoints' },
          { key: 'service', label: 'Service', mono: true },
          { key: 'tls', label: 'TLS' },
          { key: 'source', label: 'Source' },
        ],
        rows: Object.entries(config.http.routers).map(([name, r]) => {
          const id = nodeId('router', name);
          const st = statusOf(id);
          return {
            id,
            ...st,
            editable: Boolean(r.source),
            cells: {
              name,
              status: st.status,
              rule: r.rule ?? '',
              priority: effectivePriority(r.priority as number | string | undefined, r.rule ?? ''),
              entryPoints: (r.entryPoints ?? []).join(', '),
              service: r.service,
              tls: r.tls ? 'TLS' : 'no TLS',
              source: sourceText(r.source),
            },
          };
        }),
      };
    case 'services':
      return {
        columns: [
          { key: 'name', label: 'Name', mono: true },
          { key: 'status', label: 'Status' },
          { key: 'type', label: 'Type' },
          { key: 'servers', label: 'Servers', numeric: true },
          { key: 'usedBy', label: 'Used by', numeric: true },
          { key: 'source', label: 'Source' },
        ],
        rows: Object.entries(config.http.services).map(([name, s]) => {
          const id = nodeId('service', name);
          const st = statusOf(id);
          return {
            id,
            ...st,
            editable: Boolean(s.source),
            cells: {
              name,
              status: st.status,
              type: serviceType(s),
              servers: String(s.loadBalancer?.servers.length ?? 0),
              usedBy: usedBy(id),
              source: sourceText(s.source),
            },
          };
        }),
      };
    case 'middlewares':
      return {
        columns: [
          { key: 'name', label: 'Name', mono: true },
          { key: 'status', label: 'Status' },
          { key: 'type', label: 'Type' },
          { key: 'usedBy', label: 'Used by', numeric: true },
          { key: 'source', label: 'Source' },
        ],
        rows: Object.entries(config.http.middlewares).map(([name, m]) => {
          const id = nodeId('middleware', name);
          const st = statusOf(id);
          return {
            id,
            ...st,
            editable: Boolean(m.source),
            cells: {
              name,
              status: st.status,
              type: middlewareType(m),
              usedBy: usedBy(id),
              source: sourceText(m.source),
            },
          };
        }),
      };
    case 'entrypoints':
      return {
        columns: [
          { key: 'name', label: 'Name', mono: true },
          { key: 'address', label: 'Address', mono: true },
          { key: 'routers', label: 'Routers', numeric: true },
        ],
        rows: Object.entries(config.entryPoints).map(([name, ep]) => {
          const id = nodeId('entrypoint', name);
          return {
            id,
            status: 'ok' as const,
            editable: false,
            cells: { name, address: ep.address, routers: usedBy(id) },
          };
        }),
      };
    case 'tls':
      return {
        columns: [
          { key: 'name', label: 'Certificate', mono: true },
          { key: 'status', label: 'Status' },
          { key: 'expiry', label: 'Expires' },
          { key: 'domains', label: 'Domains' },
          { key: 'stores', label: 'Stores' },
        ],
        rows: config.tls.certificates.map((c, i) => {
          const info = certificateInfo(c.certFile, now);
          const diags = diagnostics.filter(
            (d) => d.code.startsWith('TLS') && c.source && d.object?.name === c.source.name,
          );
          const status: NodeStatus =
            info.expired || diags.some((d) => d.severity === 'error')
              ? 'error'
              : diags.length > 0 || c.status === 'warning'
                ? 'warning'
                : c.status === 'disabled'
                  ? 'error'
                  : 'ok';
          return {
            id: `certificate:${i}`,
            status,
            ...(diags[0] ? { error: diags[0].message } : {}),
            editable: false,
            cells: {
              name: c.source ? `${c.source.namespace ?? ''}/${c.source.name}` : `certificate ${i + 1}`,
              status,
              expiry: info.expiry,
              domains: info.domains,
              stores: (c.stores ?? ['default']).join(', '),
            },
          };
        }),
      };
    case 'diagnostics':
      return {
        columns: [
          { key: 'severity', label: 'Severity' },
          { key: 'code', label: 'Code', mono: true },
          { key: 'message', label: 'Message' },
          { key: 'object', label: 'Object' },
          { key: 'location', label: 'Location', mono: true },
        ],
        rows: diagnostics.map((d, i) => ({
          id: diagnosticTarget(d, config) ?? `diagnostic:${i}`,
          status: d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'ok',
          editable: diagnosticTarget(d, config) !== undefined,
          cells: {
            severity: d.severity,
            code: d.code,
            message: d.message,
            object: d.object
              ? `${d.object.kind} ${d.object.namespace ? `${d.object.namespace}/` : ''}${d.object.name}`
              : '',
            location: `${d.source.file ?? ''}:${d.source.line}:${d.source.column}`,
          },
        })),
      };
  }
}

/** The graph node a diagnostic is about: the first element whose source is the diagnostic's object. */
function diagnosticTarget(d: Diagnostic, config: RuntimeConfig): string | undefined {
  if (!d.object) return undefined;
  const o = d.object;
  const same = (s: { kind: string; namespace?: string; name: string } | undefined) =>
    s !== undefined && s.kind === o.kind && s.name === o.name && (s.namespace ?? '') === (o.namespace ?? '');
  for (const [name, r] of Object.entries(config.http.routers)) {
    if (same(r.source) && (!r.source?.path || !d.source.path || d.source.path.startsWith(r.source.path))) {
      return nodeId('router', name);
    }
  }
  for (const [name, m] of Object.entries(config.http.middlewares))
    if (same(m.source)) return nodeId('middleware', name);
  for (const [name, s] of Object.entries(config.http.services))
    if (same(s.source)) return nodeId('service', name);
  return undefined;
}

const DAY_MS = 86_400_000;

/** Expiry and names of a certificate from its PEM (the server redacts keys, never certificates). */
export function certificateInfo(
  pem: string,
  now: number,
): { expiry: string; domains: string; expired: boolean } {
  const r = readCertificatePem(pem);
  if (!r.ok) return { expiry: 'unreadable', domains: r.error, expired: false };
  const c = r.certificate;
  const days = Math.floor((c.notAfterMs - now) / DAY_MS);
  const when = now === 0 ? '' : days < 0 ? ` (expired ${-days} days ago)` : ` (in ${days} days)`;
  return {
    expiry: `${c.notAfter.slice(0, 10)}${when}`,
    domains: [...c.sans, ...c.ipAddresses].join(', ') || c.subjectCN || '',
    expired: now !== 0 && c.notAfterMs < now,
  };
}

function sourceText(
  s: { file?: string; line?: number; namespace?: string; name: string } | undefined,
): string {
  if (!s) return '';
  return s.file ? `${s.file}${s.line ? `:${s.line}` : ''}` : `${s.namespace ?? ''}/${s.name}`;
}

/** Compares cells: numbers (int64 strings included) numerically, the rest as text. */
export function compareCells(a: string, b: string, numeric: boolean): number {
  if (numeric && /^-?\d+$/.test(a) && /^-?\d+$/.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a.localeCompare(b, undefined, { numeric: true });
}

const STATUS_RANK: Record<NodeStatus, number> = { error: 0, warning: 1, ok: 2 };

/** Filters by status and text, then sorts; problems first when no sort is chosen. */
export function selectRows(
  table: Table,
  opts: { q?: string; status?: StatusFilter; sort?: string; dir?: 'asc' | 'desc' },
): Row[] {
  const q = opts.q?.trim().toLowerCase() ?? '';
  let rows = table.rows;
  if (opts.status && opts.status !== 'all') rows = rows.filter((r) => r.status === opts.status);
  if (q) rows = rows.filter((r) => Object.values(r.cells).some((v) => v.toLowerCase().includes(q)));
  const col = table.columns.find((c) => c.key === opts.sort);
  const sign = opts.dir === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (!col)
      return (
        STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
        compareCells(a.cells.name ?? '', b.cells.name ?? '', false)
      );
    return sign * compareCells(a.cells[col.key] ?? '', b.cells[col.key] ?? '', col.numeric ?? false);
  });
}

/** Counts per status, for the filter tabs ("Errors (1)"). */
export function statusCounts(table: Table): Record<StatusFilter, number> {
  const counts = { all: table.rows.length, error: 0, warning: 0, ok: 0 };
  for (const r of table.rows) counts[r.status]++;
  return counts;
}

const LIST_VIEWS: ListView[] = ['routers', 'services', 'middlewares', 'entrypoints', 'tls', 'diagnostics'];

/** Totals and error counts per list view, for the navigation badges; computed from the same rows the lists show. */
export function viewCounts(
  config: RuntimeConfig,
  diagnostics: readonly Diagnostic[],
  graph: RoutingGraph,
  now = 0,
): Partial<Record<View, { total: number; errors: number }>> {
  const out: Partial<Record<View, { total: number; errors: number }>> = {};
  for (const view of LIST_VIEWS) {
    const c = statusCounts(buildTable(view, config, diagnostics, graph, now));
    out[view] = { total: c.all, errors: c.error };
  }
  return out;
}
