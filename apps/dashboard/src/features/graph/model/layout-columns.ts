import type { GraphEdgeModel, GraphNodeModel, NodeKind } from './types.ts';

export interface Point {
  x: number;
  y: number;
}

/** Node sizes per kind; the node components render at exactly these sizes so layout never waits on measuring. */
export const NODE_SIZE: Record<NodeKind, { width: number; height: number }> = {
  entrypoint: { width: 200, height: 56 },
  router: { width: 280, height: 78 },
  middleware: { width: 220, height: 64 },
  service: { width: 240, height: 64 },
  server: { width: 220, height: 44 },
};

const COLUMN_GAP = 80;
const ROW_GAP = 14;

/**
 * Longest-path layering of the graph: each node sits one column right of its furthest predecessor, servers in
 * the last column. Linear in nodes + edges, so a 1,000-router graph gets positions at once while ELK refines the
 * layout in its worker.
 */
export function layerNodes(
  nodes: readonly GraphNodeModel[],
  edges: readonly GraphEdgeModel[],
): Map<string, number> {
  const ids = new Set(nodes.map((n) => n.id));
  const outgoing = new Map<string, string[]>();
  const indegree = new Map<string, number>();
  for (const n of nodes) indegree.set(n.id, 0);
  for (const e of edges) {
    if (!ids.has(e.source) || !ids.has(e.target) || e.source === e.target) continue;
    const list = outgoing.get(e.source);
    if (list) list.push(e.target);
    else outgoing.set(e.source, [e.target]);
    indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
  }
  const layer = new Map<string, number>();
  const queue: string[] = [];
  for (const n of nodes) {
    if (indegree.get(n.id) === 0) {
      queue.push(n.id);
      layer.set(n.id, n.data.kind === 'entrypoint' ? 0 : n.data.kind === 'router' ? 1 : 2);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    const l = layer.get(id)!;
    for (const t of outgoing.get(id) ?? []) {
      layer.set(t, Math.max(layer.get(t) ?? 0, l + 1));
      const d = indegree.get(t)! - 1;
      indegree.set(t, d);
      if (d === 0) queue.push(t);
    }
  }
  // Nodes on a cycle (a misconfigured service tree) never reach indegree 0; they go right of their layer.
  for (const n of nodes) if (!layer.has(n.id)) layer.set(n.id, 2);
  let max = 0;
  for (const l of layer.values()) max = Math.max(max, l);
  for (const n of nodes) if (n.data.kind === 'server') layer.set(n.id, max);
  return layer;
}

/**
 * Column layout: layers left to right, and inside a column nodes ordered by the mean position of their
 * predecessors (one barycenter sweep), so edges mostly run straight.
 */
export function layoutColumns(
  nodes: readonly GraphNodeModel[],
  edges: readonly GraphEdgeModel[],
): Map<string, Point> {
  const layer = layerNodes(nodes, edges);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const incoming = new Map<string, string[]>();
  for (const e of edges) {
    const list = incoming.get(e.target);
    if (list) list.push(e.source);
    else incoming.set(e.target, [e.source]);
  }
  const columns: string[][] = [];
  for (const n of nodes) {
    const l = layer.get(n.id)!;
    const column = columns[l];
    if (column) column.push(n.id);
    else columns[l] = [n.id];
  }
  const positions = new Map<string, Point>();
  const centerY = new Map<string, number>();
  let x = 0;
  columns.forEach((column = []) => {
    const width = Math.max(0, ...column.map((id) => NODE_SIZE[byId.get(id)!.data.kind].width));
    const keyed = column.map((id, i) => {
      const preds = (incoming.get(id) ?? [])
        .map((p) => centerY.get(p))
        .filter((v): v is number => v !== undefined);
      const bary =
        preds.length > 0 ? preds.reduce((a, b) => a + b, 0) / preds.length : Number.NEGATIVE_INFINITY;
      return { id, bary, i };
    });
    keyed.sort((a, b) => (a.bary === b.bary ? a.i - b.i : a.bary - b.bary));
    let y = 0;
    for (const { id, bary } of keyed) {
      const size = NODE_SIZE[byId.get(id)!.data.kind];
      const wanted = Number.isFinite(bary) ? bary - size.height / 2 : y;
      const top = Math.max(y, wanted);
      positions.set(id, { x, y: top });
      centerY.set(id, top + size.height / 2);
      y = top + size.height + ROW_GAP;
    }
    x += width + COLUMN_GAP;
  });
  return positions;
}
