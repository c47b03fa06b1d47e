import { useMemo } from 'react';
import type { Diagnostic, RuntimeConfig } from '../../../../../core/index.ts';
import type { StatusFilter, UrlState, View } from '../../app/url-state.ts';
import type { RoutingGraph } from '../graph/model/types.ts';
import { buildTable, selectRows, statusCounts } from './model/tables.ts';

export interface ListViewProps {
  view: Exclude<View, 'graph'>;
  state: UrlState;
  update(patch: Partial<UrlState>, replace?: boolean): void;
  config: RuntimeConfig;
  diagnostics: readonly Diagnostic[];
  graph: RoutingGraph;
  onGraph(id: string): void;
  onEdit(id: string): void;
}

const TABS: { key: StatusFilter; label: string }[] = [
  { key: 'all', label: 'All' },
  { key: 'error', label: 'Errors' },
  { key: 'warning', label: 'Warnings' },
  { key: 'ok', label: 'OK' },
];

/** What an empty list means, per view: an empty table should say whether that is good news or a missing setup. */
const EMPTY: Record<ListViewProps['view'], string> = {
  routers: 'No routers yet: add an IngressRoute (New) or point Routeyard at a folder of manifests.',
  services: 'No services yet: routers create them from the Kubernetes Services they name.',
  middlewares: 'No middlewares yet: create one with New.',
  entrypoints: 'No entrypoints: the static configuration (traefik.yml) defines none.',
  tls: 'No certificates: no IngressRoute references a TLS secret.',
  diagnostics: 'No problems found: the configuration resolves cleanly.',
};

/** A sortable, filterable table whose state lives in the URL; each row links to the graph and the editor. */
export function ListView({
  view,
  state,
  update,
  config,
  diagnostics,
  graph,
  onGraph,
  onEdit,
}: ListViewProps) {
  const table = useMemo(
    () => buildTable(view, config, diagnostics, graph, Date.now()),
    [view, config, diagnostics, graph],
  );
  const counts = useMemo(() => statusCounts(table), [table]);
  const rows = useMemo(
    () => selectRows(table, { q: state.q, status: state.status, sort: state.sort, dir: state.dir }),
    [table, state.q, state.status, state.sort, state.dir],
  );
  const ids = useMemo(() => new Set(graph.nodes.map((n) => n.id)), [graph]);
  const linkable = (id: string) => ids.has(id);
  return (
    <section className="list" aria-label={`${view} list`}>
      <div className="toolbar">
        <div className="tabs" role="tablist" aria-label="Status">
          {TABS.map((t) => (
            <button
              type="button"
              role="tab"
              key={t.key}
              aria-selected={(state.status ?? 'all') === t.key}
              className={`tab tab-${t.key}${counts[t.key] === 0 ? ' tab-none' : ''}`}
              onClick={() => update({ status: t.key === 'all' ? undefined : t.key })}
            >
              {t.label} ({counts[t.key]})
            </button>
          ))}
        </div>
        <input
          type="search"
          aria-label={`Filter ${view}`}
          placeholder="Filter…"
          value={state.q ?? ''}
          onChange={(e) => update({ q: e.target.value || undefined }, true)}
        />
        <span className="muted">
          {rows.length} of {table.rows.length}
        </span>
      </div>
      {table.rows.length === 0 ? (
        <p className="app-empty">{EMPTY[view]}</p>
      ) : rows.length === 0 ? (
        <p className="app-empty">
          No {view === 'tls' ? 'certificates' : view} match these filters.{' '}
          <button type="button" className="link" onClick={() => update({ q: undefined, status: undefined })}>
            Show all {table.rows.length}
          </button>
        </p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {table.columns.map((c) => {
                  const sorted = state.sort === c.key;
                  const dir = sorted ? (state.dir ?? 'asc') : undefined;
                  return (
                    <th
                      key={c.key}
                      aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
                      className={c.numeric ? 'num' : undefined}
                    >
                      <button
                        type="button"
                        className="th-sort"
                        onClick={() => update({ sort: c.key, dir: sorted && dir === 'asc' ? 'desc' : 'asc' })}
                      >
                        {c.label}
                        <span aria-hidden="true">{dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ''}</span>
                      </button>
                    </th>
                  );
                })}
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id + row.cells.location} className={`tr-${row.status}`}>
                  {table.columns.map((c) => (
                    <td key={c.key} className={[c.mono ? 'mono' : '', c.numeric ? 'num' : ''].join(' ')}>
                      {c.key === 'status' || c.key === 'severity' ? (
                        <span className={`pill pill-${row.status}`}>{row.cells[c.key]}</span>
                      ) : (
                        <span className="cell" title={row.cells[c.key]}>
                          {row.cells[c.key]}
                        </span>
                      )}
                      {c.key === 'name' && row.error && <div className="row-error">{row.error}</div>}
                    </td>
                  ))}
                  <td className="actions">
                    {linkable(row.id) && (
                      <button type="button" className="link" onClick={() => onGraph(row.id)}>
                        Graph
                      </button>
                    )}
                    {row.editable && (
                      <button type="button" className="link" onClick={() => onEdit(row.id)}>
                        Edit
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
