import type { RoutingGraph } from './types.ts';

export interface Highlight {
  nodes: Set<string>;
  edges: Set<string>;
}

/** Precomputed reverse index: which routers' paths go through each node. */
export function indexRoutersByNode(graph: RoutingGraph): Map<string, string[]> {
  const byNode = new Map<string, string[]>();
  for (const [routerId, path] of Object.entries(graph.paths)) {
    for (const n of path.nodes) {
      const list = byNode.get(n);
      if (list) list.push(routerId);
      else byNode.set(n, [routerId]);
    }
  }
  return byNode;
}

/** The paths through a node: the union of the paths of every router whose path contains it. */
export function highlightThrough(
  graph: RoutingGraph,
  byNode: Map<string, string[]>,
  nodeIdValue: string,
): Highlight {
  const nodes = new Set<string>([nodeIdValue]);
  const edges = new Set<string>();
  const routers = byNode.get(nodeIdValue) ?? [];
  for (const r of routers) {
    const path = graph.paths[r]!;
    // Through a router only its own path lights; through a shared service every router using it lights,
    // but each router's edges stay its own, so the picture shows who reaches the node.
    for (const n of path.nodes) nodes.add(n);
    for (const e of path.edges) edges.add(e);
  }
  return { nodes, edges };
}
