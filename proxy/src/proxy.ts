import { compileIpChecker, type EntryPoint, type RuntimeConfig } from '../../core/index.ts';
import { createHandler, type HandlerState } from './entrypoints/handler.ts';
import { EntryPointListener } from './entrypoints/listener.ts';
import { generateDefaultCertificate, type KeyPair } from './entrypoints/tls.ts';
import { createProber } from './health/probe.ts';
import { HealthRegistry, type Prober } from './health/registry.ts';
import { AccessLog } from './observability/access-log.ts';
import { Metrics } from './observability/metrics.ts';
import { certificateExpiries } from './observability/tls-certs.ts';
import { TraceStore } from './observability/traces.ts';
import { buildRuntime, type Runtime } from './router/runtime.ts';
import { UpstreamPools } from './upstream/pools.ts';

export interface ProxyOptions {
  /**
   * The host a bare `:PORT` entrypoint address binds. Traefik binds every interface; Routeyard binds loopback
   * unless told otherwise (`0.0.0.0`), so a demo never exposes routes by accident. Default: `127.0.0.1`.
   */
  defaultHost?: string;
  /** JSON-lines access log: a file path, `-` for stdout, or undefined for none. */
  accessLog?: string;
  /** Record requests carrying `X-Routeyard-Trace: 1` from loopback. Default: true. */
  liveTrace?: boolean;
  /**
   * With live traces on, a request from another host is recorded too when it carries this value in
   * `X-Routeyard-Trace-Token`. Default: none (loopback only).
   */
  traceToken?: string;
  /** How long a graceful stop waits for requests in flight. Default: 10s. */
  drainTimeoutMs?: number;
  /** A pre-made default certificate (tests); generated at start otherwise. */
  defaultCertificate?: KeyPair;
  /** Answers health checks instead of probing (a cluster worker reads the primary's results). */
  healthProber?: Prober;
}

/** The outcome of applying one configuration. */
export type ApplyResult =
  | { ok: true; version: string; warnings: string[] }
  | { ok: false; version: string; error: string };

/**
 * The bundled proxy. `apply` builds a configuration completely (listeners, router tables, chains, services),
 * then swaps one reference; requests already running finish on the configuration they started with. A
 * configuration that fails to build is refused and the last good one keeps serving.
 */
export class RouteyardProxy {
  readonly metrics = new Metrics();
  readonly traces: TraceStore | undefined;
  private readonly state: HandlerState;
  private readonly pools = new UpstreamPools();
  private readonly prober = createProber();
  private readonly health: HealthRegistry;
  private readonly shared = new Map<string, unknown>();
  private readonly listeners = new Map<string, { address: string; listener: EntryPointListener }>();
  private readonly options: ProxyOptions;
  private readonly defaultCert: KeyPair;
  private queue: Promise<unknown> = Promise.resolve();
  private lastError: string | undefined;
  private appliedAt: string | undefined;
  private stopped = false;

  private constructor(options: ProxyOptions, defaultCert: KeyPair) {
    this.options = options;
    this.defaultCert = defaultCert;
    this.health = new HealthRegistry(options.healthProber ?? this.prober.probe);
    this.metrics.serverStates = () => this.health.serverStates();
    this.traces = options.liveTrace === false ? undefined : new TraceStore();
    this.state = {
      runtime: undefined,
      accessLog: options.accessLog ? new AccessLog(options.accessLog) : undefined,
      traces: this.traces,
      traceToken: options.traceToken ? Buffer.from(options.traceToken) : undefined,
      inFlight: 0,
      draining: false,
      trustForwarded: new Map(),
      keepConnection: new Map(),
      onIdle: undefined,
    };
  }

  static async create(options: ProxyOptions = {}): Promise<RouteyardProxy> {
    return new RouteyardProxy(options, options.defaultCertificate ?? (await generateDefaultCertificate()));
  }

  /** The version served, when it was applied, and the last refusal. */
  status(): { version: string | undefined; appliedAt: string | undefined; lastError: string | undefined } {
    return { version: this.state.runtime?.version, appliedAt: this.appliedAt, lastError: this.lastError };
  }

  /** Bound addresses by entrypoint name, e.g. `{ web: '127.0.0.1:8000' }`. */
  addresses(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, { listener }] of this.listeners) {
      const a = listener.address();
      if (a !== undefined)
        out[name] = a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
    }
    return out;
  }

  healthStates(): { key: string; up: boolean }[] {
    return this.health.snapshot();
  }

  /** Sets a server's health as probed elsewhere (the cluster primary), without waiting for the next check. */
  setHealth(key: string, up: boolean): void {
    this.health.state(key).up = up;
  }

  /** Applies configurations one at a time, in the order given. */
  apply(config: RuntimeConfig): Promise<ApplyResult> {
    const next = this.queue.then(() => this.applyNow(config));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async applyNow(config: RuntimeConfig): Promise<ApplyResult> {
    const version = String(config?.version ?? '');
    if (this.stopped) return { ok: false, version, error: 'the proxy is stopping' };
    let runtime: Runtime;
    try {
      runtime = buildRuntime(config, {
        pools: this.pools,
        health: this.health,
        metrics: this.metrics,
        shared: this.shared,
        defaultCert: this.defaultCert,
      });
    } catch (err) {
      return this.refuse(version, `configuration ${version} cannot be built: ${(err as Error).message}`);
    }
    // Bind new or moved entrypoints before the swap, so that a port in use refuses the whole configuration.
    const created: { name: string; address: string; listener: EntryPointListener }[] = [];
    const entryPoints = config.entryPoints ?? {};
    try {
      for (const [name, ep] of Object.entries(entryPoints)) {
        if (this.listeners.get(name)?.address === ep.address) continue;
        const listener = new EntryPointListener(name, this.listenerHandlers(name));
        await listener.listen(ep.address, this.options.defaultHost ?? '127.0.0.1');
        created.push({ name, address: ep.address, listener });
      }
    } catch (err) {
      for (const c of created) c.listener.stopAccepting();
      return this.refuse(version, (err as Error).message);
    }
    const retired: EntryPointListener[] = [];
    for (const c of created) {
      const old = this.listeners.get(c.name);
      if (old !== undefined) retired.push(old.listener);
      this.listeners.set(c.name, { address: c.address, listener: c.listener });
    }
    for (const [name, entry] of this.listeners) {
      if (!(name in entryPoints)) {
        retired.push(entry.listener);
        this.listeners.delete(name);
      }
    }
    this.state.trustForwarded = trustedPeers(entryPoints);
    this.state.keepConnection = keptConnectionHeaders(entryPoints);
    this.state.runtime = runtime;
    this.appliedAt = new Date().toISOString();
    this.lastError = undefined;
    this.metrics.reloads += 1;
    // Traefik sets it from time.Now().Unix(): whole seconds.
    this.metrics.lastReloadSuccess = Math.floor(Date.now() / 1000);
    this.metrics.certificates = certificateExpiries(config);
    for (const l of retired) l.stopAccepting();
    this.health.sync(runtime.healthTargets);
    this.pools.retire(runtime.poolGeneration);
    return { ok: true, version, warnings: runtime.warnings };
  }

  /** Records a configuration refused before it reached the proxy (a source that failed to load). */
  refuseExternal(version: string, error: string): ApplyResult {
    return this.refuse(version, error);
  }

  private refuse(version: string, error: string): ApplyResult {
    this.lastError = error;
    this.metrics.reloadFailures += 1;
    return { ok: false, version, error };
  }

  private listenerHandlers(name: string) {
    const handler = createHandler(this.state, name);
    return {
      request: handler.request,
      upgrade: handler.upgrade,
      certificates: () => this.state.runtime?.certs,
      connectionOpened: () => this.metrics.connectionOpened(name),
      connectionClosed: () => this.metrics.connectionClosed(name),
    };
  }

  /**
   * Graceful stop: stops accepting, lets requests in flight finish (up to `drainTimeoutMs`), then closes
   * everything. Resolves true when every request finished in time. `drainTimeoutMs` overrides the option.
   */
  async stop(drainTimeoutMs = this.options.drainTimeoutMs ?? 10_000): Promise<boolean> {
    this.stopped = true;
    this.state.draining = true;
    for (const { listener } of this.listeners.values()) listener.stopAccepting();
    const drained = await new Promise<boolean>((resolve) => {
      if (this.state.inFlight === 0) {
        resolve(true);
        return;
      }
      const timer = setTimeout(() => resolve(false), drainTimeoutMs);
      this.state.onIdle = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
    await Promise.all([...this.listeners.values()].map(({ listener }) => listener.destroyAll()));
    this.listeners.clear();
    this.health.stopAll();
    await this.pools.closeAll();
    await this.prober.close();
    await this.state.accessLog?.close();
    return drained;
  }
}

/** Traefik's `entryPoints.<name>.forwardedHeaders`: `insecure` trusts every peer, `trustedIPs` some. */
function trustedPeers(entryPoints: Record<string, EntryPoint>): Map<string, (ip: string) => boolean> {
  const out = new Map<string, (ip: string) => boolean>();
  for (const [name, ep] of Object.entries(entryPoints)) {
    const fh = (ep as { forwardedHeaders?: { insecure?: boolean; trustedIPs?: string[] } }).forwardedHeaders;
    if (fh?.insecure === true) out.set(name, () => true);
    else if (fh?.trustedIPs?.length) {
      const { checker } = compileIpChecker(fh.trustedIPs);
      out.set(name, (ip) => checker.contains(ip));
    }
  }
  return out;
}

/** Traefik's `entryPoints.<name>.forwardedHeaders.connection`: headers a Connection option may not remove. */
function keptConnectionHeaders(entryPoints: Record<string, EntryPoint>): Map<string, ReadonlySet<string>> {
  const out = new Map<string, ReadonlySet<string>>();
  for (const [name, ep] of Object.entries(entryPoints)) {
    const list = (ep as { forwardedHeaders?: { connection?: unknown } }).forwardedHeaders?.connection;
    if (Array.isArray(list) && list.length > 0)
      out.set(
        name,
        new Set(list.filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase())),
      );
  }
  return out;
}
