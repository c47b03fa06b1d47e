import type { GraphEdgeModel, GraphNodeModel } from './types.ts';

/**
 * Collapses middleware chains: middleware nodes go, and each router's chain becomes one edge to its service,
 * labelled with how many middlewares it runs (`2 MW`). For overviews of large graphs; expanding restores the chains.
 */
export function collapseMiddlewares(
  nodes: readonly GraphNodeModel[],
  edges: readonly GraphEdgeModel[],
): { nodes: GraphNodeModel[]; edges: GraphEdgeModel[] } {
  const kindOf = new Map(nodes.map((n) => [n.id, n.data.kind]));
  const isMiddleware = (id: string) => kindOf.get(id) === 'middleware';
  const chains = new Map<string, GraphEdgeModel[]>();
  const kept: GraphEdgeModel[] = [];
  for (const e of edges) {
    const hash = e.id.lastIndexOf('#');
    if (e.kind === 'chain' && hash >= 0) {
      const router = e.id.slice(hash + 1);
      const list = chains.get(router);
      if (list) list.push(e);
      else chains.set(router, [e]);
    } else if (!isMiddleware(e.source) && !isMiddleware(e.target)) kept.push(e);
  }
  for (const [router, chain] of chains) {
    const start = chain.find((e) => !isMiddleware(e.source));
    const end = chain.find((e) => !isMiddleware(e.target));
    if (!start || !end) continue;
    // A chain middleware runs nothing itself: only the leaves of the numbering (2.1, 2.2, not 2) are counted.
    const labels = chain.filter((e) => isMiddleware(e.target)).map((e) => e.label ?? '');
    const count = labels.filter((l) => !labels.some((o) => o.startsWith(`${l}.`))).length;
    kept.push({
      id: `${start.source}->${end.target}#${router}`,
      source: start.source,
      target: end.target,
      kind: 'chain',
      ...(count > 0 ? { label: `${count} MW` } : {}),
    });
  }
  return { nodes: nodes.filter((n) => !isMiddleware(n.id)), edges: kept };
}
