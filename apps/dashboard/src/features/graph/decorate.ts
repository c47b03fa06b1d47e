import { type Edge, MarkerType } from '@xyflow/react';
import { NODE_SIZE, type Point } from './model/layout-columns.ts';
import type { GraphEdgeModel, GraphNodeModel } from './model/types.ts';
import type { FlowNode } from './nodes/GraphNode.tsx';

/** Above this many edges, labels and arrowheads are dropped: they cost more than they tell at that scale. */
const DETAIL_EDGE_LIMIT = 400;

/** React Flow nodes from the view model, at fixed sizes so nothing waits on measuring. */
export function toFlowNodes(
  nodes: readonly GraphNodeModel[],
  positions: ReadonlyMap<string, Point>,
): FlowNode[] {
  return nodes.map((n) => {
    const size = NODE_SIZE[n.data.kind];
    return {
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

export function toFlowEdges(edges: readonly GraphEdgeModel[]): Edge[] {
  const detailed = edges.length <= DETAIL_EDGE_LIMIT;
  return edges.map((e) => {
    const showLabel = e.label !== undefined && (detailed || e.kind !== 'chain');
    return {
      id: e.id,
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
 * Applies hover, trace and selection state, returning the same objects for untouched nodes so React Flow only
 * re-renders what changed.
 */
export function decorateNodes(
  nodes: FlowNode[],
  lit: ReadonlySet<string> | undefined,
  traced: ReadonlySet<string>,
  selected: string | undefined,
): FlowNode[] {
  return nodes.map((n) => {
    const isLit = lit?.has(n.id) ?? false;
    const isTraced = traced.has(n.id);
    const isSelected = n.id === selected;
    if (!isLit && !isTraced && !isSelected) return n;
    const classes = [isLit ? 'lit' : '', isTraced ? 'traced' : '', isSelected ? 'chosen' : ''].filter(
      Boolean,
    );
    return {
      ...n,
      className: classes.join(' '),
      data: isTraced ? { ...n.data, traced: true } : n.data,
    };
  });
}

export function decorateEdges(
  edges: Edge[],
  lit: ReadonlySet<string> | undefined,
  traced: ReadonlySet<string>,
): Edge[] {
  return edges.map((e) => {
    const isLit = lit?.has(e.id) ?? false;
    const isTraced = traced.has(e.source) && traced.has(e.target);
    if (!isLit && !isTraced) return e;
    return {
      ...e,
      className: `${e.className ?? ''}${isLit ? ' lit' : ''}${isTraced ? ' traced' : ''}`,
      zIndex: 1,
      animated: isTraced,
    };
  });
}
