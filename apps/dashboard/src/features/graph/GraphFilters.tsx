import { useMemo } from 'react';
import type { UrlState } from '../../app/url-state.ts';
import { filterOptions, matchingRouters } from './model/filters.ts';
import type { RoutingGraph } from './model/types.ts';

export interface GraphFiltersProps {
  graph: RoutingGraph;
  state: UrlState;
  update(patch: Partial<UrlState>, replace?: boolean): void;
}

/** Namespace, entrypoint, host and free-text filters; their state lives in the URL. */
export function GraphFilters({ graph, state, update }: GraphFiltersProps) {
  const options = useMemo(() => filterOptions(graph), [graph]);
  const total = Object.keys(graph.routerFacets).length;
  const shown = useMemo(
    () =>
      matchingRouters(graph, { namespace: state.ns, entryPoint: state.ep, host: state.host, text: state.q })
        .length,
    [graph, state.ns, state.ep, state.host, state.q],
  );
  const active = Boolean(state.ns || state.ep || state.host || state.q);
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is not yet in React's DOM types; the role says the same.
    <form className="toolbar" role="search" aria-label="Graph filters" onSubmit={(e) => e.preventDefault()}>
      <input
        type="search"
        aria-label="Search the graph"
        placeholder="Search names, rules…"
        value={state.q ?? ''}
        onChange={(e) => update({ q: e.target.value || undefined }, true)}
      />
      <Select
        label="Namespace"
        value={state.ns}
        options={options.namespaces}
        onChange={(ns) => update({ ns }, true)}
      />
      <Select
        label="Entrypoint"
        value={state.ep}
        options={options.entryPoints}
        onChange={(ep) => update({ ep }, true)}
      />
      <Select
        label="Host"
        value={state.host}
        options={options.hosts}
        onChange={(host) => update({ host }, true)}
      />
      <span className="muted" aria-live="polite">
        {active ? `${shown} of ${total} routers` : `${total} routers`}
      </span>
      {active && (
        <button
          type="button"
          className="link"
          onClick={() => update({ ns: undefined, ep: undefined, host: undefined, q: undefined }, true)}
        >
          Clear filters
        </button>
      )}
      <button
        type="button"
        className="btn"
        aria-pressed={state.mw === 'collapsed'}
        onClick={() => update({ mw: state.mw === 'collapsed' ? undefined : 'collapsed' }, true)}
      >
        {state.mw === 'collapsed' ? 'Expand middlewares' : 'Collapse middlewares'}
      </button>
      <span className="muted hint">Tab to a node · arrows move · Enter opens</span>
    </form>
  );
}

function Select({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string | undefined;
  options: string[];
  onChange(value: string | undefined): void;
}) {
  return (
    <label className="select">
      <span>{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}
