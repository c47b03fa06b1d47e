import { providerOf, qualifyName, type RuntimeConfig, type Service } from '../../../core/index.ts';
import { type HealthRegistry, type HealthTarget, healthTarget } from '../health/registry.ts';
import type { UpstreamTarget } from '../upstream/forward.ts';
import { transportSettings, type UpstreamPools } from '../upstream/pools.ts';
import { FailoverService } from './failover.ts';
import { HighestRandomWeightService } from './hrw.ts';
import { type LoadBalancerServer, LoadBalancerService } from './load-balancer.ts';
import { MirroringService } from './mirroring.ts';
import { compileSticky, stickyValue } from './sticky.ts';
import type { ServiceHandler } from './types.ts';
import { WeightedService } from './weighted.ts';

const STRATEGIES = new Set(['wrr', 'p2c', 'hrw', 'leasttime']);

/** Builds services on demand, each once, and collects the health checks the configuration asks for. */
export class ServiceBuilder {
  readonly healthTargets: HealthTarget[] = [];
  private readonly built = new Map<string, ServiceHandler>();
  private readonly failed = new Map<string, string>();
  private readonly building = new Set<string>();
  private readonly config: RuntimeConfig;
  private readonly pools: UpstreamPools;
  private readonly health: HealthRegistry;

  constructor(config: RuntimeConfig, pools: UpstreamPools, health: HealthRegistry) {
    this.config = config;
    this.pools = pools;
    this.health = health;
  }

  /** The service `name` (qualified with `provider` when bare), or the reason it cannot serve. */
  get(name: string, provider: string | undefined): ServiceHandler | string {
    const qualified = qualifyName(this.config.http.services, name, provider);
    const done = this.built.get(qualified);
    if (done !== undefined) return done;
    const failure = this.failed.get(qualified);
    if (failure !== undefined) return failure;
    const svc = this.config.http.services[qualified];
    if (svc === undefined) return this.fail(qualified, `service "${qualified}" does not exist`);
    if (svc.status === 'disabled') return this.fail(qualified, `service "${qualified}" is disabled`);
    if (this.building.has(qualified)) return this.fail(qualified, `service "${qualified}" refers to itself`);
    this.building.add(qualified);
    const result = this.build(qualified, svc);
    this.building.delete(qualified);
    if (typeof result === 'string') return this.fail(qualified, result);
    this.built.set(qualified, result);
    return result;
  }

  private fail(name: string, reason: string): string {
    this.failed.set(name, reason);
    return reason;
  }

  private child(name: string, parent: string): ServiceHandler | string {
    return this.get(name, providerOf(parent));
  }

  private build(name: string, svc: Service): ServiceHandler | string {
    if (svc.loadBalancer !== undefined) return this.loadBalancer(name, svc);
    if (svc.weighted !== undefined) {
      const children: { handler: ServiceHandler; weight: number }[] = [];
      for (const ref of svc.weighted.services ?? []) {
        const h = this.child(ref.name, name);
        if (typeof h === 'string') return h;
        const weight = ref.weight ?? 1;
        if (weight > 0) children.push({ handler: h, weight });
      }
      return new WeightedService(
        name,
        children,
        compileSticky(svc.weighted.sticky, name),
        svc.weighted.healthCheck !== undefined,
      );
    }
    if (svc.mirroring !== undefined) {
      const main = this.child(svc.mirroring.service, name);
      if (typeof main === 'string') return main;
      const mirrors: { handler: ServiceHandler; percent: number }[] = [];
      for (const m of svc.mirroring.mirrors ?? []) {
        const h = this.child(m.name, name);
        if (typeof h === 'string') return h;
        mirrors.push({ handler: h, percent: m.percent ?? 0 });
      }
      return new MirroringService(
        name,
        main,
        mirrors,
        svc.mirroring.mirrorBody !== false,
        svc.mirroring.maxBodySize,
      );
    }
    if (svc.failover !== undefined) {
      const main = this.child(svc.failover.service, name);
      if (typeof main === 'string') return main;
      const fallback = this.child(svc.failover.fallback, name);
      if (typeof fallback === 'string') return fallback;
      return new FailoverService(name, main, fallback);
    }
    if (svc.highestRandomWeight !== undefined) {
      const children: { handler: ServiceHandler; weight: number }[] = [];
      for (const ref of svc.highestRandomWeight.services ?? []) {
        const h = this.child(ref.name, name);
        if (typeof h === 'string') return h;
        children.push({ handler: h, weight: ref.weight ?? 1 });
      }
      return new HighestRandomWeightService(name, children);
    }
    return `service "${name}" sets no known kind`;
  }

  private loadBalancer(name: string, svc: Service): ServiceHandler | string {
    const lb = svc.loadBalancer;
    if (lb === undefined) return `service "${name}" has no loadBalancer`;
    const transportName = lb.serversTransport
      ? qualifyName(this.config.http.serversTransports ?? {}, lb.serversTransport, providerOf(name))
      : 'default@internal';
    const transport = this.config.http.serversTransports?.[transportName];
    if (lb.serversTransport && transport === undefined)
      return `serversTransport "${transportName}" does not exist`;
    // Same as traefik's service manager: an unknown strategy fails the service.
    if (lb.strategy && !STRATEGIES.has(lb.strategy))
      return `service "${name}": unsupported load-balancer strategy "${lb.strategy}"`;
    const settings = transportSettings(transportName, transport);
    const servers: LoadBalancerServer[] = [];
    for (const server of lb.servers ?? []) {
      const weight = server.weight ?? 1;
      if (weight <= 0) continue;
      let url: URL;
      try {
        url = new URL(server.url);
      } catch {
        return `service "${name}": invalid server URL "${server.url}"`;
      }
      const scheme = url.protocol.slice(0, -1);
      if (scheme !== 'http' && scheme !== 'https' && scheme !== 'h2c') {
        return `service "${name}": unsupported scheme "${scheme}" in "${server.url}"`;
      }
      const origin = `${scheme === 'h2c' ? 'http' : scheme}://${url.host}`;
      const target: UpstreamTarget = {
        url: server.url,
        origin,
        host: url.host,
        basePath: url.pathname === '/' ? '' : url.pathname,
        preservePath: server.preservePath === true,
        passHostHeader: lb.passHostHeader !== false,
        dispatcher: this.pools.get(origin, scheme, settings),
      };
      let health: LoadBalancerServer['health'];
      if (lb.healthCheck !== undefined) {
        const t = healthTarget(name, server.url, lb.healthCheck);
        t.insecureSkipVerify = settings.insecureSkipVerify;
        this.healthTargets.push(t);
        health = this.health.state(t.key);
      }
      servers.push({ target, weight, health, stickyValue: stickyValue(server.url) });
    }
    return new LoadBalancerService(name, servers, compileSticky(lb.sticky, name), lb.strategy);
  }
}
