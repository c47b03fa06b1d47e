import type { GraphEdgeModel, GraphNodeModel, RoutingGraph } from './types.ts';

/** The graph filters; empty strings mean "any". */
export interface GraphFilter {
  namespace?: string;
  entryPoint?: string;
  host?: string;
  text?: string;
}

export function isEmptyFilter(f: GraphFilter): boolean {
  return !f.namespace && !f.entryPoint && !f.host && !f.text?.trim();
}

/** The router node ids a filter keeps. */
export function matchingRouters(graph: RoutingGraph, f: GraphFilter): string[] {
  const text = f.text?.trim().toLowerCase() ?? '';
  const host = f.host?.trim().toLowerCase() ?? '';
  return Object.entries(graph.routerFacets)
    .filter(([, facets]) => {
      if (f.namespace && facets.namespace !== f.namespace) return false;
      if (f.entryPoint && !facets.entryPoints.includes(f.entryPoint)) return false;
      if (host && !facets.hosts.some((h) => h.includes(host))) return false;
      if (text && !facets.text.includes(text)) return false;
      return true;
    })
    .map(([id]) => id);
}

/**
 * The part of the graph a filter keeps: the matching routers with everything on their paths. Without a filter,
 * the whole graph (unused middlewares and services included).
 */
export function filterGraph(
  graph: RoutingGraph,
  f: GraphFilter,
): { nodes: GraphNodeModel[]; edges: GraphEdgeModel[] } {
  if (isEmptyFilter(f)) return { nodes: graph.nodes, edges: graph.edges };
  const keepNodes = new Set<string>();
  const keepEdges = new Set<string>();
  for (const id of matchingRouters(graph, f)) {
    const path = graph.paths[id];
    if (!path) continue;
    for (const n of path.nodes) keepNodes.add(n);
    for (const e of path.edges) keepEdges.add(e);
  }
  // An entrypoint filter shows only that entrypoint, even for routers listening on several.
  if (f.entryPoint) {
    for (const n of graph.nodes) {
      if (n.data.kind === 'entrypoint' && n.data.name !== f.entryPoint) keepNodes.delete(n.id);
    }
  }
  const nodes = graph.nodes.filter((n) => keepNodes.has(n.id));
  const edges = graph.edges.filter(
    (e) => keepEdges.has(e.id) && keepNodes.has(e.source) && keepNodes.has(e.target),
  );
  return { nodes, edges };
}

/** The values offered by the filter drop-downs. */
export function filterOptions(graph: RoutingGraph): {
  namespaces: string[];
  entryPoints: string[];
  hosts: string[];
} {
  const namespaces = new Set<string>();
  const entryPoints = new Set<string>();
  const hosts = new Set<string>();
  for (const facets of Object.values(graph.routerFacets)) {
    if (facets.namespace) namespaces.add(facets.namespace);
    for (const ep of facets.entryPoints) entryPoints.add(ep);
    for (const h of facets.hosts) hosts.add(h);
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return { namespaces: sorted(namespaces), entryPoints: sorted(entryPoints), hosts: sorted(hosts) };
}
