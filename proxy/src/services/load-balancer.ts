import type { Exchange } from '../exchange.ts';
import type { HealthState } from '../health/registry.ts';
import { respondNoAvailableServer } from '../sink.ts';
import { forward, type UpstreamTarget } from '../upstream/forward.ts';
import { hrwScore } from './hrw.ts';
import { LeastTime } from './least-time.ts';
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

/** A `loadBalancer` service: smooth WRR (or p2c, hrw, leasttime) over its servers, sticky cookies, health-aware. */
export class LoadBalancerService implements ServiceHandler {
  readonly name: string;
  private readonly servers: LoadBalancerServer[];
  private readonly wrr: SmoothWeightedRoundRobin<LoadBalancerServer>;
  private readonly sticky: StickyCookie | undefined;
  private readonly byStickyValue = new Map<string, number>();
  private readonly upFn: ((i: number) => boolean) | undefined;

  /** `p2c`: power of two choices on requests in flight (Traefik's p2c); `wrr` (the default) is smooth WRR. */
  private readonly p2c: boolean;
  private readonly inFlight: Int32Array;
  /** `leasttime` (least-time.ts). */
  private readonly leastTime: LeastTime | undefined;
  /** `hrw`: rendezvous hashing of the client IP over the servers, named by URL; Traefik's hrw takes no sticky. */
  private readonly hrw: boolean;

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
    this.leastTime = strategy === 'leasttime' ? new LeastTime(servers.map((s) => s.weight)) : undefined;
    this.wrr = new SmoothWeightedRoundRobin(servers.map((s) => ({ item: s, weight: s.weight })));
    this.hrw = strategy === 'hrw';
    this.sticky = this.hrw ? undefined : sticky;
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

  /** Same as traefik hrw (hrw.ts), its servers named by their URL as Traefik adds them: the highest score wins. */
  private pickHrw(clientIP: string): number {
    let best = -1;
    let bestScore = -1;
    for (let i = 0; i < this.servers.length; i++) {
      if (this.upFn !== undefined && !this.upFn(i)) continue;
      const server = this.servers[i] as LoadBalancerServer;
      const score = hrwScore(clientIP, server.target.url, server.weight);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return best;
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
      const lt = this.leastTime;
      if (lt !== undefined) index = lt.pick(this.upFn);
      else if (this.p2c) index = this.pickTwo();
      else if (this.hrw) index = this.pickHrw(ex.clientIP);
      else index = this.wrr.pickIndex(this.upFn);
      if (index < 0) {
        if (ex.trace !== undefined) ex.trace.steps.push({ step: 'service', name: this.name, pick: null });
        respondNoAvailableServer(ex);
        return;
      }
      if (sticky !== undefined)
        setStickyCookie(ex, sticky, (this.servers[index] as LoadBalancerServer).stickyValue);
      // Same as traefik: a request its sticky cookie placed is neither counted nor timed.
      lt?.track(ex, index);
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
