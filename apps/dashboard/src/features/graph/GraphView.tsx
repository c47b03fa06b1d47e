import {
  Background,
  Controls,
  type EdgeTypes,
  MiniMap,
  type NodeTypes,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CanvasMiniMap } from './CanvasMiniMap.tsx';
import { decorateEdges, decorateNodes, toFlowEdges, toFlowNodes } from './decorate.ts';
import { ELK_MAX_NODES, layoutWithElk } from './elk-layout.ts';
import { type GraphActions, GraphActionsContext } from './graph-actions.ts';
import { type Lit, LitContext } from './lit-context.ts';
import { collapseMiddlewares } from './model/collapse.ts';
import { filterGraph, type GraphFilter } from './model/filters.ts';
import { highlightThrough, indexRoutersByNode } from './model/highlight.ts';
import { type Direction, neighbour } from './model/keyboard.ts';
import { layoutColumns, type Point } from './model/layout-columns.ts';
import type { RoutingGraph } from './model/types.ts';
import GraphNode, { type FlowNode } from './nodes/GraphNode.tsx';
import RoutingEdge, { type FlowEdge } from './RoutingEdge.tsx';

// Module scope: a nodeTypes object recreated per render re-mounts every node (xyflow error002).
const nodeTypes: NodeTypes = { routing: GraphNode };
const edgeTypes: EdgeTypes = { routing: RoutingEdge };

const NO_NODES: FlowNode[] = [];
const NO_EDGES: FlowEdge[] = [];
/** Above this many nodes the graph opens on its first columns instead of fitting everything. */
const LARGE_GRAPH = 300;
const LARGE_START = { x: 24, y: 24, zoom: 0.85 };
/** The zoom below which node text gets too small to read (12px names at 0.75 are 9px on screen). */
const READABLE_ZOOM = 0.75;

const ARROWS: Record<string, Direction> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

export interface GraphViewProps {
  graph: RoutingGraph;
  filter: GraphFilter;
  selected?: string;
  traced: ReadonlySet<string>;
  /** Draws each router's middleware chain as one edge. */
  collapsed?: boolean;
  onOpen(id: string): void;
}

/** The routing graph: column layout at once, ELK's layered layout when its worker answers. */
export function GraphView(props: GraphViewProps) {
  return (
    <ReactFlowProvider>
      <GraphCanvas {...props} />
    </ReactFlowProvider>
  );
}

function GraphCanvas({ graph, filter, selected, traced, collapsed = false, onOpen }: GraphViewProps) {
  const flow = useReactFlow();
  const visible = useMemo(() => {
    const kept = filterGraph(graph, filter);
    return collapsed ? collapseMiddlewares(kept.nodes, kept.edges) : kept;
  }, [graph, filter, collapsed]);
  const columnPositions = useMemo(() => layoutColumns(visible.nodes, visible.edges), [visible]);
  const [elkPositions, setElkPositions] = useState<{ for: typeof visible; positions: Map<string, Point> }>();
  const positions = elkPositions?.for === visible ? elkPositions.positions : columnPositions;
  const byNode = useMemo(() => indexRoutersByNode(graph), [graph]);
  const [hovered, setHovered] = useState<string>();

  useEffect(() => {
    if (visible.nodes.length === 0 || visible.nodes.length > ELK_MAX_NODES) return;
    let current = true;
    layoutWithElk(visible.nodes, visible.edges)
      .then((p) => {
        if (current) setElkPositions({ for: visible, positions: p });
      })
      .catch(() => {
        // The column layout stays; it is a complete layout, ELK only makes it nicer.
      });
    return () => {
      current = false;
    };
  }, [visible]);

  const baseNodes = useMemo(() => toFlowNodes(visible.nodes, positions), [visible, positions]);
  const baseEdges = useMemo(() => toFlowEdges(visible.edges), [visible]);
  const lit = useMemo(
    () => (hovered ? highlightThrough(graph, byNode, hovered) : undefined),
    [graph, byNode, hovered],
  );
  const nodes = useMemo(() => decorateNodes(baseNodes, traced, selected), [baseNodes, traced, selected]);
  const edges = useMemo(() => decorateEdges(baseEdges, traced), [baseEdges, traced]);
  const litValue = useMemo<Lit>(() => (lit ? { nodes: lit.nodes, edges: lit.edges } : {}), [lit]);

  // React Flow renders every node until it has measured its pane; nodes are handed over only once it is ready.
  const [ready, setReady] = useState(false);
  const [showMiniMap, setShowMiniMap] = useState(false);
  const many = visible.nodes.length > LARGE_GRAPH;
  const canvas = useRef<HTMLDivElement>(null);
  const fit = useCallback(() => {
    // A thousand routers fitted at once are unreadable dots; a large graph starts on its first columns.
    if (many) {
      void flow.setViewport(LARGE_START, { duration: 0 });
      return;
    }
    const el = canvas.current;
    const bounds = flow.getNodesBounds(flow.getNodes());
    if (!el || bounds.width === 0) {
      void flow.fitView({ padding: 0.08, maxZoom: 1.2 });
      return;
    }
    const pad = 24;
    const z = Math.min(
      1.2,
      (el.clientWidth - 2 * pad) / bounds.width,
      (el.clientHeight - 2 * pad) / bounds.height,
    );
    if (z >= READABLE_ZOOM) {
      void flow.fitView({ padding: 0.08, maxZoom: 1.2 });
      return;
    }
    // Fitting a wide graph would shrink its text below legibility: it opens readable, on its first columns (where
    // requests enter), vertically centred; the minimap and panning show the rest, the fit button all of it.
    const zoom = READABLE_ZOOM;
    const h = bounds.height * zoom;
    const y = h < el.clientHeight - 2 * pad ? (el.clientHeight - h) / 2 : pad;
    // The zoom controls sit at the bottom left: the first column starts right of them.
    const left = 56;
    void flow.setViewport({ x: left - bounds.x * zoom, y: y - bounds.y * zoom, zoom }, { duration: 0 });
  }, [flow, many]);
  const fitAll = useCallback(() => {
    if (many) void flow.setViewport(LARGE_START, { duration: 0 });
    else void flow.fitView({ padding: 0.08, maxZoom: 1.2 });
  }, [flow, many]);
  useEffect(() => {
    if (!ready) return;
    // The minimap draws every node: it comes after the first paint, not before.
    const t = setTimeout(() => setShowMiniMap(true), 50);
    return () => clearTimeout(t);
  }, [ready]);

  // Refit when the set of nodes or the layout source changes, not on hover or selection.
  const layoutKey = `${ready}:${visible.nodes.length}:${elkPositions?.for === visible ? 'elk' : 'col'}`;
  const fitRef = useRef(fit);
  fitRef.current = fit;
  // Fitting an empty graph would queue a fit that React Flow runs when nodes arrive, over all of them.
  const canFit = ready && visible.nodes.length > 0;
  useEffect(() => {
    void layoutKey;
    if (!canFit) return;
    const t = setTimeout(() => fitRef.current(), 0);
    return () => clearTimeout(t);
  }, [layoutKey, canFit]);

  const stateRef = useRef({ positions, edges: visible.edges, onOpen });
  stateRef.current = { positions, edges: visible.edges, onOpen };
  const actions = useMemo<GraphActions>(
    () => ({
      hover: setHovered,
      onKey(id: string, event: KeyboardEvent<HTMLElement>) {
        const { positions: pos, edges: es, onOpen: open } = stateRef.current;
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          open(id);
          return;
        }
        const dir = ARROWS[event.key];
        if (!dir) return;
        event.preventDefault();
        const next = neighbour(id, dir, es, pos);
        if (!next) return;
        const p = pos.get(next)!;
        void flow.setCenter(p.x + 110, p.y + 30, { zoom: Math.max(flow.getZoom(), 0.8), duration: 150 });
        focusNode(next);
      },
    }),
    [flow],
  );

  return (
    <GraphActionsContext.Provider value={actions}>
      <LitContext.Provider value={litValue}>
        <div ref={canvas} className={`graph-canvas${hovered ? ' hovering' : ''}`} data-testid="graph">
          <ReactFlow
            nodes={ready ? nodes : NO_NODES}
            edges={ready ? edges : NO_EDGES}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onInit={() => setReady(true)}
            defaultViewport={LARGE_START}
            onNodeClick={(_, node) => onOpen(node.id)}
            // Small graphs render every node, so all of them stay reachable by role when some are off-screen.
            onlyRenderVisibleElements={many}
            nodesDraggable={false}
            nodesConnectable={false}
            nodesFocusable={false}
            edgesFocusable={false}
            elementsSelectable={false}
            disableKeyboardA11y
            // Space-to-pan swallows every space typed outside plain inputs (the Monaco editor among them); drag pans.
            panActivationKeyCode={null}
            minZoom={0.05}
            maxZoom={2}
            proOptions={{ hideAttribution: true }}
            colorMode="system"
          >
            <Background gap={24} size={1} />
            <Controls showInteractive={false} onFitView={fitAll} />
            {showMiniMap &&
              (many ? (
                <CanvasMiniMap nodes={baseNodes} />
              ) : (
                <MiniMap
                  pannable
                  zoomable
                  style={{ width: 168, height: 112 }}
                  nodeClassName={(n) => `mm-${String(n.data.status)}`}
                />
              ))}
          </ReactFlow>
          {visible.nodes.length === 0 && <p className="graph-empty">No routers match these filters.</p>}
        </div>
      </LitContext.Provider>
    </GraphActionsContext.Provider>
  );
}

/** Focuses a node once it is rendered (it may be off-screen, hence not in the DOM, until the viewport moves). */
function focusNode(id: string, attempts = 10): void {
  const el = document.querySelector<HTMLElement>(
    `.react-flow__node[data-id="${CSS.escape(id)}"] [role="button"]`,
  );
  if (el) el.focus({ preventScroll: true });
  else if (attempts > 0) requestAnimationFrame(() => focusNode(id, attempts - 1));
}
