import type { Exchange } from '../exchange.ts';
import type { HealthState } from '../health/registry.ts';
import { respondNoAvailableServer } from '../sink.ts';
import { forward, type UpstreamTarget } from '../upstream/forward.ts';
import { readCookie, type StickyCookie, setStickyCookie } from './sticky.ts';
import type { ServiceHandler } from './types.ts';
import { SmoothWeightedRoundRobin } from './wrr.ts';

/** One server of a load balancer with its health state (shared across reloads) and sticky value. */
export interface LoadBalancerServer {
  target: UpstreamTarget;
  weight: number;
  health: HealthState | undefined;
  stickyValue: string;
}

/** A `loadBalancer` service: smooth WRR over its servers, sticky cookies, health-aware. */
export class LoadBalancerService implements ServiceHandler {
  readonly name: string;
  private readonly servers: LoadBalancerServer[];
  private readonly wrr: SmoothWeightedRoundRobin<LoadBalancerServer>;
  private readonly sticky: StickyCookie | undefined;
  private readonly byStickyValue = new Map<string, number>();
  private readonly upFn: ((i: number) => boolean) | undefined;

  /** `p2c`: power of two choices on requests in flight (Traefik's p2c); anything else is smooth WRR. */
  private readonly p2c: boolean;
  private readonly inFlight: Int32Array;

  constructor(
    name: string,
    servers: LoadBalancerServer[],
    sticky: StickyCookie | undefined,
    strategy = 'wrr',
  ) {
    this.name = name;
    this.servers = servers;
    this.p2c = strategy === 'p2c' && servers.length > 1;
    this.inFlight = new Int32Array(servers.length);
    this.wrr = new SmoothWeightedRoundRobin(servers.map((s) => ({ item: s, weight: s.weight })));
    this.sticky = sticky;
    servers.forEach((s, i) => {
      this.byStickyValue.set(s.stickyValue, i);
      // Same as traefik: cookies holding the raw server URL are still honoured.
      this.byStickyValue.set(s.target.url, i);
    });
    const hasHealth = servers.some((s) => s.health !== undefined);
    this.upFn = hasHealth ? (i) => this.servers[i]?.health?.up !== false : undefined;
  }

  isUp(): boolean {
    if (this.servers.length === 0) return false;
    if (this.upFn === undefined) return true;
    for (let i = 0; i < this.servers.length; i++) if (this.upFn(i)) return true;
    return false;
  }

  /** Two distinct healthy servers at random; the one with fewer requests in flight wins. */
  private pickTwo(): number {
    const up: number[] = [];
    for (let i = 0; i < this.servers.length; i++) if (this.upFn === undefined || this.upFn(i)) up.push(i);
    if (up.length <= 1) return up[0] ?? -1;
    const a = up[Math.floor(Math.random() * up.length)] as number;
    let b = up[Math.floor(Math.random() * (up.length - 1))] as number;
    if (b === a) b = up[up.length - 1] as number;
    return (this.inFlight[b] as number) < (this.inFlight[a] as number) ? b : a;
  }

  serve(ex: Exchange): void {
    ex.service = this.name;
    let index = -1;
    const sticky = this.sticky;
    if (sticky !== undefined) {
      const value = readCookie(ex, sticky.name);
      const found = value === undefined ? undefined : this.byStickyValue.get(value);
      if (found !== undefined && (this.upFn === undefined || this.upFn(found))) {
        index = found;
        const server = this.servers[found] as LoadBalancerServer;
        if (value !== server.stickyValue) setStickyCookie(ex, sticky, server.stickyValue);
      }
    }
    if (index < 0) {
      index = this.p2c ? this.pickTwo() : this.wrr.pickIndex(this.upFn);
      if (index < 0) {
        if (ex.trace !== undefined) ex.trace.steps.push({ step: 'service', name: this.name, pick: null });
        respondNoAvailableServer(ex);
        return;
      }
      if (sticky !== undefined)
        setStickyCookie(ex, sticky, (this.servers[index] as LoadBalancerServer).stickyValue);
    }
    const server = this.servers[index] as LoadBalancerServer;
    if (this.p2c) {
      const picked = index;
      this.inFlight[picked] = (this.inFlight[picked] as number) + 1;
      const release = () => {
        this.inFlight[picked] = (this.inFlight[picked] as number) - 1;
      };
      if (ex.onDone === undefined) ex.onDone = [release];
      else ex.onDone.push(release);
    }
    if (ex.trace !== undefined)
      ex.trace.steps.push({ step: 'service', name: this.name, pick: server.target.url });
    forward(ex, server.target);
  }
}
