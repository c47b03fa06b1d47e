/**
 * Smooth weighted round robin, exactly nginx's (ngx_http_upstream_get_peer): on each pick every eligible peer's
 * current weight grows by its weight, the largest (first on ties) wins and drops by the eligible total. Weights
 * 5, 1, 1 give a a b a c a a. Peers that are down neither grow nor count in the total, as in nginx. Traefik
 * itself schedules by earliest deadline first (pkg/server/service/loadbalancer/wrr), same shares in another order;
 * the proxy's issue asks for nginx's sequence (proxy/README.md).
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

/** Requests a seed stands for are taken modulo this, to keep a trace's simulation bounded. */
const MAX_PICKS = 100_000;

/**
 * The item a fresh balancer picks for its request number `seed + 1` (seed 0: the first request), every peer up:
 * what the tracer's `seed` means for weighted services and `wrr` load balancers, so a trace names the server the
 * proxy picks for that request.
 */
export function swrrPickAt(items: readonly { name: string; weight: number }[], seed: number): string {
  const wrr = new SmoothWeightedRoundRobin(items.map((i) => ({ item: i.name, weight: i.weight })));
  // With integer weights the sequence repeats every `total` picks (every current weight is back to 0).
  const total = items.reduce((n, i) => n + Math.max(0, i.weight), 0);
  const period = items.every((i) => Number.isInteger(i.weight)) && total > 0 ? total : MAX_PICKS;
  const picks = (Math.max(0, Math.trunc(seed)) % Math.min(period, MAX_PICKS)) + 1;
  let chosen: string | undefined;
  for (let k = 0; k < picks; k++) chosen = wrr.pick();
  // Callers pass at least one positive weight; the first item stands in otherwise.
  return chosen ?? items[0]?.name ?? '';
}
