import { MarkerType, type NodeHandle, Position } from '@xyflow/react';
import { NODE_SIZE, type Point } from './model/layout-columns.ts';
import type { GraphEdgeModel, GraphNodeModel } from './model/types.ts';
import type { FlowNode } from './nodes/GraphNode.tsx';
import type { FlowEdge } from './RoutingEdge.tsx';

/** Above this many edges, labels and arrowheads are dropped: they cost more than they tell at that scale. */
const DETAIL_EDGE_LIMIT = 400;

/**
 * The handles each node kind has, at known places. Given with `measured`, React Flow needs no DOM measurement
 * before drawing edges, so nodes outside the viewport are never rendered, not even once to be measured.
 */
const HANDLES = Object.fromEntries(
  Object.entries(NODE_SIZE).map(([kind, { width, height }]) => [
    kind,
    [
      { type: 'target', position: Position.Left, x: -3, y: height / 2 - 3, width: 6, height: 6 },
      { type: 'source', position: Position.Right, x: width - 3, y: height / 2 - 3, width: 6, height: 6 },
    ] satisfies NodeHandle[],
  ]),
) as Record<keyof typeof NODE_SIZE, NodeHandle[]>;

/** React Flow nodes from the view model, at fixed sizes so nothing waits on measuring. */
export function toFlowNodes(
  nodes: readonly GraphNodeModel[],
  positions: ReadonlyMap<string, Point>,
): FlowNode[] {
  return nodes.map((n) => {
    const size = NODE_SIZE[n.data.kind];
    return {
      measured: size,
      handles: HANDLES[n.data.kind],
      id: n.id,
      type: 'routing',
      position: positions.get(n.id) ?? { x: 0, y: 0 },
      data: n.data,
      width: size.width,
      height: size.height,
      draggable: false,
      connectable: false,
      focusable: false,
    };
  });
}

export function toFlowEdges(edges: readonly GraphEdgeModel[]): FlowEdge[] {
  const detailed = edges.length <= DETAIL_EDGE_LIMIT;
  return edges.map((e) => {
    const showLabel = e.label !== undefined && (detailed || e.kind !== 'chain');
    // In a large graph an entrypoint fans out to hundreds of routers: those edges show only when lit or traced,
    // and each router names its entrypoints instead.
    const hidden = !detailed && e.kind === 'entry';
    return {
      ...(hidden ? { hidden: true } : {}),
      id: e.id,
      type: 'routing',
      source: e.source,
      target: e.target,
      className: `edge-${e.kind}`,
      focusable: false,
      selectable: false,
      ...(showLabel ? { label: e.label, labelShowBg: true } : {}),
      ...(detailed ? { markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14 } } : {}),
    };
  });
}

/**
 * Applies trace and selection state (both rare), returning the same objects for untouched nodes so React Flow
 * only re-renders what changed. Hover goes through LitContext instead.
 */
export function decorateNodes(
  nodes: FlowNode[],
  traced: ReadonlySet<string>,
  selected: string | undefined,
): FlowNode[] {
  if (traced.size === 0 && selected === undefined) return nodes;
  return nodes.map((n) => {
    const isTraced = traced.has(n.id);
    const isSelected = n.id === selected;
    if (!isTraced && !isSelected) return n;
    return {
      ...n,
      className: [isTraced ? 'traced' : '', isSelected ? 'chosen' : ''].filter(Boolean).join(' '),
      data: isTraced ? { ...n.data, traced: true } : n.data,
    };
  });
}

/** Marks the traced path's edges, returning the same objects for the others. */
export function decorateEdges(edges: FlowEdge[], traced: ReadonlySet<string>): FlowEdge[] {
  if (traced.size === 0) return edges;
  return edges.map((e) => {
    if (!traced.has(e.source) || !traced.has(e.target)) return e;
    return { ...e, hidden: false, zIndex: 1, data: { traced: true } };
  });
}
