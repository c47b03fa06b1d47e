import { providerOf, qualifyName, type RuntimeConfig, type Service } from '../../../core/index.ts';
import { statusForUpstreamError } from '../errors.ts';
import type { Exchange, ResponseSink } from '../exchange.ts';
import { type HealthRegistry, type HealthTarget, healthTarget } from '../health/registry.ts';
import type { Metrics, RequestSeries } from '../observability/metrics.ts';
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
  private readonly metrics: Metrics | undefined;

  /**
   * `metrics` lets each loadBalancer look its series up now; without it, each looks it up on its first
   * counted request, through the registry of the series the router hands down (see `CountedLoadBalancer`).
   */
  constructor(config: RuntimeConfig, pools: UpstreamPools, health: HealthRegistry, metrics?: Metrics) {
    this.config = config;
    this.pools = pools;
    this.health = health;
    this.metrics = metrics;
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
    // Same as traefik: only a loadBalancer's servers carry service metrics (internal services count nowhere).
    const handler =
      svc.loadBalancer !== undefined && !qualified.endsWith('@internal')
        ? new CountedLoadBalancer(result, this.metrics)
        : new UncountedService(result);
    this.built.set(qualified, handler);
    return handler;
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
        mirrors.push({ handler: new MirrorCopyCounter(h), percent: m.percent ?? 0 });
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

/**
 * A loadBalancer service as Traefik's metrics see it: they wrap each of its servers, so its series counts the
 * requests it hands to a server, whether it is the router's service or nested under others, and a request it
 * answers 503 for want of a healthy server counts on no service. The series is found once per registry (at
 * build time, or on the first counted request): a request only compares a reference and sets a field.
 */
class CountedLoadBalancer implements ServiceHandler {
  readonly name: string;
  private readonly lb: ServiceHandler;
  private registry: Metrics | undefined;
  private series: RequestSeries | undefined;

  constructor(lb: ServiceHandler, metrics: Metrics | undefined) {
    this.name = lb.name;
    this.lb = lb;
    if (metrics !== undefined) this.bind(metrics);
  }

  private bind(registry: Metrics): RequestSeries {
    const series = registry.service(this.name);
    this.registry = registry;
    this.series = series;
    return series;
  }

  isUp(): boolean {
    return this.lb.isUp();
  }

  serve(ex: Exchange): void {
    // No series at all: the router keeps out of metrics, and so does everything under it.
    const registry = ex.serviceSeries?.registry;
    if (registry !== undefined) {
      const own = registry === this.registry ? (this.series as RequestSeries) : this.bind(registry);
      // isUp is false exactly when the balancer will find no server and answer 503 itself.
      ex.serviceSeries = this.lb.isUp() ? own : registry.uncounted;
    }
    this.lb.serve(ex);
  }
}

/**
 * A weighted, mirroring, failover or highestRandomWeight service: Traefik builds no metrics around them
 * ("TODO Handle accesslog and metrics with multiple service name"), so a request counts on the loadBalancer it
 * reaches below, or on no service.
 */
class UncountedService implements ServiceHandler {
  readonly name: string;
  private readonly inner: ServiceHandler;

  constructor(inner: ServiceHandler) {
    this.name = inner.name;
    this.inner = inner;
  }

  isUp(): boolean {
    return this.inner.isUp();
  }

  serve(ex: Exchange): void {
    const registry = ex.serviceSeries?.registry;
    if (registry !== undefined) ex.serviceSeries = registry.uncounted;
    this.inner.serve(ex);
  }
}

/**
 * A mirror target. Traefik's mirror copy goes through the target's server handlers, so it counts on the
 * loadBalancer it reaches with its own status and duration; the proxy's copy completes into a sink that drops
 * the answer, so its series is observed here when that answer ends. Only mirrored requests pay for the sink.
 */
class MirrorCopyCounter implements ServiceHandler {
  readonly name: string;
  private readonly inner: ServiceHandler;

  constructor(inner: ServiceHandler) {
    this.name = inner.name;
    this.inner = inner;
  }

  isUp(): boolean {
    return this.inner.isUp();
  }

  serve(copy: Exchange): void {
    if (copy.serviceSeries === undefined) {
      this.inner.serve(copy);
      return;
    }
    const start = performance.now();
    const drop = copy.sink;
    let status = 0;
    let responseBytes = 0;
    let counted = false;
    const count = (code: number): void => {
      if (counted) return;
      counted = true;
      const seconds = (performance.now() - start) / 1000;
      copy.serviceSeries?.observe(copy.metricsKey, code, seconds, copy.requestBytes, responseBytes);
    };
    const sink: ResponseSink = {
      head(s, headers) {
        status = s;
        drop.head(s, headers);
      },
      data(chunk) {
        responseBytes += chunk.length;
        return drop.data(chunk);
      },
      end() {
        drop.end();
        count(status);
      },
      fail(err) {
        drop.fail(err);
        count(status || statusForUpstreamError(err));
      },
      onDrain: (fn) => drop.onDrain(fn),
    };
    copy.sink = sink;
    this.inner.serve(copy);
  }
}
