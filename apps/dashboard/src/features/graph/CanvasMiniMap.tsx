import { Panel, type ReactFlowState, useReactFlow, useStore } from '@xyflow/react';
import { type PointerEvent, useEffect, useMemo, useRef } from 'react';
import type { FlowNode } from './nodes/GraphNode.tsx';

const WIDTH = 168;
const HEIGHT = 112;

const viewportOf = (s: ReactFlowState) => ({ t: s.transform, w: s.width, h: s.height });
const sameViewport = (a: ReturnType<typeof viewportOf>, b: ReturnType<typeof viewportOf>) =>
  a.w === b.w && a.h === b.h && a.t[0] === b.t[0] && a.t[1] === b.t[1] && a.t[2] === b.t[2];

/**
 * A minimap for large graphs, drawn once on a canvas. React Flow's SVG minimap keeps one store subscription and
 * one SVG rect per node, which with thousands of nodes costs more per pan frame than the graph itself; here a pan
 * only moves the viewport frame.
 */
export function CanvasMiniMap({ nodes }: { nodes: readonly FlowNode[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const flow = useReactFlow();
  const vp = useStore(viewportOf, sameViewport);
  const bounds = useMemo(() => {
    let x0 = Number.POSITIVE_INFINITY;
    let y0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (const n of nodes) {
      x0 = Math.min(x0, n.position.x);
      y0 = Math.min(y0, n.position.y);
      x1 = Math.max(x1, n.position.x + (n.width ?? 0));
      y1 = Math.max(y1, n.position.y + (n.height ?? 0));
    }
    // Scaled per axis: a large graph is a few columns thousands of nodes tall, and a uniform scale would shrink
    // it to a thin line. The frame uses the same scales, so it still shows where the view is.
    return { x0, y0, sx: WIDTH / Math.max(1, x1 - x0), sy: HEIGHT / Math.max(1, y1 - y0) };
  }, [nodes]);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const css = getComputedStyle(document.documentElement);
    const color = (name: string) => css.getPropertyValue(name).trim() || '#888';
    const fill = { ok: color('--border'), warning: color('--warn'), error: color('--err') };
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    for (const n of nodes) {
      ctx.fillStyle = fill[n.data.status];
      ctx.fillRect(
        (n.position.x - bounds.x0) * bounds.sx,
        (n.position.y - bounds.y0) * bounds.sy,
        Math.max(1, (n.width ?? 0) * bounds.sx),
        Math.max(1, (n.height ?? 0) * bounds.sy - 0.5),
      );
    }
  }, [nodes, bounds]);

  const [tx, ty, zoom] = vp.t;
  const frame = {
    left: (-tx / zoom - bounds.x0) * bounds.sx,
    top: (-ty / zoom - bounds.y0) * bounds.sy,
    width: Math.max(3, (vp.w / zoom) * bounds.sx),
    height: Math.max(3, (vp.h / zoom) * bounds.sy),
  };

  const panTo = (event: PointerEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = (event.clientX - rect.left) / bounds.sx + bounds.x0;
    const y = (event.clientY - rect.top) / bounds.sy + bounds.y0;
    void flow.setCenter(x, y, { zoom });
  };

  return (
    <Panel position="bottom-right" className="canvas-minimap">
      <div
        className="canvas-minimap-box"
        style={{ width: WIDTH, height: HEIGHT }}
        aria-hidden="true"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          panTo(e);
        }}
        onPointerMove={(e) => {
          if (e.buttons === 1) panTo(e);
        }}
      >
        <canvas ref={canvas} width={WIDTH} height={HEIGHT} />
        <div className="canvas-minimap-frame" style={frame} />
      </div>
    </Panel>
  );
}
