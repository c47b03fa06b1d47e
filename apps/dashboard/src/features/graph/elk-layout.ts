import type { ElkNode } from 'elkjs/lib/elk-api.js';
import ELK from 'elkjs/lib/elk-api.js';
import ElkWorker from 'elkjs/lib/elk-worker.min.js?worker';
import { layerNodes, NODE_SIZE, type Point } from './model/layout-columns.ts';
import type { GraphEdgeModel, GraphNodeModel } from './model/types.ts';

/**
 * Above this many nodes the column layout stays: ELK's layered algorithm grows superlinearly and a graph of
 * thousands of nodes would keep the worker busy for many seconds for little gain over the column layout.
 */
export const ELK_MAX_NODES = 1200;

let elk: InstanceType<typeof ELK> | undefined;

function getElk(): InstanceType<typeof ELK> {
  // One worker for the page: ELK runs off the main thread, so a layout never blocks panning or typing.
  elk ??= new ELK({ workerFactory: () => new ElkWorker() });
  return elk;
}

const OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '80',
  'elk.spacing.nodeNode': '14',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.separateConnectedComponents': 'false',
  // Columns are fixed by the routing order (entrypoints, routers, middlewares in order, services, servers);
  // ELK only orders nodes inside them and places them, so a router never drifts into the middleware column.
  'elk.partitioning.activate': 'true',
};

/** Lays the graph out with ELK layered, left to right, in a web worker. */
export async function layoutWithElk(
  nodes: readonly GraphNodeModel[],
  edges: readonly GraphEdgeModel[],
): Promise<Map<string, Point>> {
  const ids = new Set(nodes.map((n) => n.id));
  const layers = layerNodes(nodes, edges);
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: OPTIONS,
    children: nodes.map((n) => ({
      id: n.id,
      ...NODE_SIZE[n.data.kind],
      layoutOptions: { 'elk.partitioning.partition': String(layers.get(n.id) ?? 0) },
    })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const result = await getElk().layout(graph);
  const positions = new Map<string, Point>();
  for (const child of result.children ?? []) positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
  return positions;
}
