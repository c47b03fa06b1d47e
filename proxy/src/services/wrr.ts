/**
 * Smooth weighted round robin, exactly nginx's (ngx_http_upstream_get_peer): on each pick every eligible peer's
 * current weight grows by its weight, the largest (first on ties) wins and drops by the eligible total. Weights
 * 5, 1, 1 give a a b a c a a. Peers that are down neither grow nor count in the total, as in nginx.
 */
export class SmoothWeightedRoundRobin<T> {
  readonly items: readonly T[];
  private readonly weights: Int32Array;
  private readonly current: Float64Array;

  constructor(items: readonly { item: T; weight: number }[]) {
    this.items = items.map((i) => i.item);
    this.weights = Int32Array.from(items.map((i) => i.weight));
    this.current = new Float64Array(items.length);
  }

  /** The next peer, or undefined when none is eligible. `isUp` may be omitted when every peer is eligible. */
  pick(isUp?: (index: number) => boolean): T | undefined {
    const index = this.pickIndex(isUp);
    return index < 0 ? undefined : this.items[index];
  }

  pickIndex(isUp?: (index: number) => boolean): number {
    const n = this.weights.length;
    if (n === 1) return isUp === undefined || isUp(0) ? 0 : -1;
    let best = -1;
    let total = 0;
    const current = this.current;
    for (let i = 0; i < n; i++) {
      if (isUp !== undefined && !isUp(i)) continue;
      const w = this.weights[i] as number;
      current[i] = (current[i] as number) + w;
      total += w;
      if (best < 0 || (current[i] as number) > (current[best] as number)) best = i;
    }
    if (best >= 0) current[best] = (current[best] as number) - total;
    return best;
  }
}
