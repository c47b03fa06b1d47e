import { useMemo } from 'react';
import { useConfig, useDiagnostics } from '../../api/hooks.ts';
import { buildGraph } from './model/build-graph.ts';
import { indexRoutersByNode } from './model/highlight.ts';
import type { RoutingGraph } from './model/types.ts';

const EMPTY: RoutingGraph = { nodes: [], edges: [], paths: {}, routerFacets: {} };

/** The routing graph of the current configuration, rebuilt only when the config or diagnostics change. */
export function useRoutingGraph() {
  const config = useConfig();
  const diagnostics = useDiagnostics();
  const items = diagnostics.data?.items;
  const graph = useMemo(
    () => (config.data ? buildGraph(config.data.config, items ?? []) : EMPTY),
    [config.data, items],
  );
  const byNode = useMemo(() => indexRoutersByNode(graph), [graph]);
  return { config, diagnostics, graph, byNode };
}
