import type { Point } from './layout-columns.ts';
import type { GraphEdgeModel } from './types.ts';

export type Direction = 'left' | 'right' | 'up' | 'down';

/**
 * The node keyboard focus moves to: right follows an outgoing edge, left an incoming one, up and down move
 * within the same column (same x) to the nearest node above or below.
 */
export function neighbour(
  id: string,
  direction: Direction,
  edges: readonly GraphEdgeModel[],
  positions: ReadonlyMap<string, Point>,
): string | undefined {
  const here = positions.get(id);
  if (!here) return undefined;
  if (direction === 'right' || direction === 'left') {
    const candidates = edges
      .filter((e) => (direction === 'right' ? e.source === id : e.target === id))
      .map((e) => (direction === 'right' ? e.target : e.source))
      .filter((n) => positions.has(n));
    // The vertically closest neighbour feels like "straight across".
    candidates.sort(
      (a, b) => Math.abs(positions.get(a)!.y - here.y) - Math.abs(positions.get(b)!.y - here.y),
    );
    return candidates[0];
  }
  let best: string | undefined;
  let bestDy = Number.POSITIVE_INFINITY;
  for (const [other, p] of positions) {
    if (other === id || Math.abs(p.x - here.x) > 1) continue;
    const dy = direction === 'down' ? p.y - here.y : here.y - p.y;
    if (dy > 0 && dy < bestDy) {
      bestDy = dy;
      best = other;
    }
  }
  return best;
}
