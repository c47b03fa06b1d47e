import type { Exchange } from '../exchange.ts';
import { respondNoAvailableServer } from '../sink.ts';
import type { ServiceHandler } from './types.ts';

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;
const TWO_64 = 2 ** 64;

function fnv1a64(text: string): bigint {
  let h = FNV_OFFSET;
  for (const byte of Buffer.from(text)) h = ((h ^ BigInt(byte)) * FNV_PRIME) & MASK;
  return h;
}

/**
 * Same as traefik loadbalancer/hrw: rendezvous hashing on the client IP; each child scores
 * `weight / -ln(fnv1a64(ip + name) / 2^64)` and the highest score wins, so a client sticks to one child while
 * the set of children is stable.
 */
export function hrwScore(clientIP: string, name: string, weight: number): number {
  const unit = Number(fnv1a64(clientIP + name)) / TWO_64;
  return (1 / -Math.log(unit)) * weight;
}

/** A `highestRandomWeight` service. */
export class HighestRandomWeightService implements ServiceHandler {
  readonly name: string;
  private readonly children: { handler: ServiceHandler; weight: number }[];

  constructor(name: string, children: { handler: ServiceHandler; weight: number }[]) {
    this.name = name;
    this.children = children.filter((c) => c.weight > 0);
  }

  isUp(): boolean {
    return this.children.some((c) => c.handler.isUp());
  }

  serve(ex: Exchange): void {
    let best: ServiceHandler | undefined;
    let bestScore = -1;
    for (const c of this.children) {
      if (!c.handler.isUp()) continue;
      const score = hrwScore(ex.clientIP, c.handler.name, c.weight);
      if (score > bestScore) {
        bestScore = score;
        best = c.handler;
      }
    }
    if (ex.trace !== undefined)
      ex.trace.steps.push({ step: 'service', name: this.name, pick: best?.name ?? null });
    if (best === undefined) respondNoAvailableServer(ex);
    else best.serve(ex);
  }
}
