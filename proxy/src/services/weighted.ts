import type { Exchange } from '../exchange.ts';
import { respondNoAvailableServer } from '../sink.ts';
import { readCookie, type StickyCookie, setStickyCookie, stickyValue } from './sticky.ts';
import type { ServiceHandler } from './types.ts';
import { SmoothWeightedRoundRobin } from './wrr.ts';

interface Child {
  handler: ServiceHandler;
  stickyValue: string;
}

/** A `weighted` service: smooth WRR across child services, with an optional sticky cookie. */
export class WeightedService implements ServiceHandler {
  readonly name: string;
  private readonly children: Child[];
  private readonly wrr: SmoothWeightedRoundRobin<Child>;
  private readonly sticky: StickyCookie | undefined;
  private readonly upFn: ((i: number) => boolean) | undefined;

  /** `healthAware`: the service set `healthCheck: {}`, so children that are down are skipped (Traefik). */
  constructor(
    name: string,
    children: { handler: ServiceHandler; weight: number }[],
    sticky: StickyCookie | undefined,
    healthAware: boolean,
  ) {
    this.name = name;
    this.children = children.map((c) => ({ handler: c.handler, stickyValue: stickyValue(c.handler.name) }));
    this.wrr = new SmoothWeightedRoundRobin(
      this.children.map((c, i) => ({ item: c, weight: children[i]?.weight ?? 1 })),
    );
    this.sticky = sticky;
    this.upFn = healthAware ? (i) => this.children[i]?.handler.isUp() === true : undefined;
  }

  isUp(): boolean {
    if (this.upFn === undefined) return this.children.length > 0;
    return this.children.some((_, i) => this.upFn?.(i));
  }

  serve(ex: Exchange): void {
    let child: Child | undefined;
    const sticky = this.sticky;
    if (sticky !== undefined) {
      const value = readCookie(ex, sticky.name);
      if (value !== undefined) {
        const i = this.children.findIndex((c) => c.stickyValue === value || c.handler.name === value);
        if (i >= 0 && (this.upFn === undefined || this.upFn(i))) child = this.children[i];
      }
    }
    if (child === undefined) {
      child = this.wrr.pick(this.upFn);
      if (child === undefined) {
        respondNoAvailableServer(ex);
        return;
      }
      if (sticky !== undefined) setStickyCookie(ex, sticky, child.stickyValue);
    }
    if (ex.trace !== undefined)
      ex.trace.steps.push({ step: 'service', name: this.name, pick: child.handler.name });
    child.handler.serve(ex);
  }
}
