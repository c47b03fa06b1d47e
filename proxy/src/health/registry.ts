import type { HealthCheck } from '../../../core/index.ts';
import { durationMs } from '../duration.ts';

/** A server's health, shared by every configuration that names the same service and URL. */
export interface HealthState {
  up: boolean;
}

/** A compiled health check of one server. */
export interface HealthTarget {
  /** `service|url`: the key that makes the state survive reloads. */
  key: string;
  service: string;
  serverUrl: string;
  /** The URL probed. */
  url: string;
  method: string;
  hostname: string | undefined;
  headers: Record<string, string>;
  /** Expected status; 0 means any 2xx or 3xx (Traefik's default). */
  status: number;
  intervalMs: number;
  unhealthyIntervalMs: number;
  timeoutMs: number;
  followRedirects: boolean;
  insecureSkipVerify: boolean;
}

/** Probes one target; resolves true when healthy. */
export type Prober = (target: HealthTarget) => Promise<boolean>;

interface Running {
  target: HealthTarget;
  state: HealthState;
  timer: NodeJS.Timeout | undefined;
  stopped: boolean;
}

/** Listener told when a server goes out or comes back. */
export type HealthListener = (target: HealthTarget, up: boolean) => void;

/**
 * Active health checks, kept outside any one configuration (caddy's `hosts` pool): a reload that keeps a
 * service's server keeps its state and its probe schedule; servers that disappear stop being probed.
 */
export class HealthRegistry {
  private readonly running = new Map<string, Running>();
  private readonly prober: Prober;
  private readonly listener: HealthListener | undefined;

  constructor(prober: Prober, listener?: HealthListener) {
    this.prober = prober;
    this.listener = listener;
  }

  /** The state object for a target; created up (Traefik starts servers as healthy). */
  state(key: string): HealthState {
    return this.running.get(key)?.state ?? this.pending.get(key) ?? this.newPending(key);
  }

  private readonly pending = new Map<string, HealthState>();

  private newPending(key: string): HealthState {
    const s = { up: true };
    this.pending.set(key, s);
    return s;
  }

  /** Makes the probed set exactly `targets`: starts new ones, restarts changed ones, stops the rest. */
  sync(targets: HealthTarget[]): void {
    const wanted = new Map(targets.map((t) => [t.key, t]));
    // A changed check restarts its probe but keeps the state object the new configuration already holds.
    const carried = new Map<string, HealthState>();
    for (const [key, run] of this.running) {
      const next = wanted.get(key);
      if (next === undefined || JSON.stringify(next) !== JSON.stringify(run.target)) {
        this.stop(run);
        this.running.delete(key);
        if (next !== undefined) carried.set(key, run.state);
      }
    }
    for (const [key, target] of wanted) {
      if (this.running.has(key)) continue;
      const state = carried.get(key) ?? this.pending.get(key) ?? { up: true };
      const run: Running = { target, state, timer: undefined, stopped: false };
      this.running.set(key, run);
      this.schedule(run, 0);
    }
    this.pending.clear();
  }

  /** Current states, for the admin API. */
  snapshot(): { key: string; up: boolean }[] {
    return [...this.running.values()].map((r) => ({ key: r.target.key, up: r.state.up }));
  }

  /** Every probed server with its state, for `traefik_service_server_up`. */
  serverStates(): { service: string; url: string; up: boolean }[] {
    return [...this.running.values()].map((r) => ({
      service: r.target.service,
      url: r.target.serverUrl,
      up: r.state.up,
    }));
  }

  stopAll(): void {
    for (const run of this.running.values()) this.stop(run);
    this.running.clear();
  }

  private stop(run: Running): void {
    run.stopped = true;
    if (run.timer !== undefined) clearTimeout(run.timer);
  }

  private schedule(run: Running, delayMs: number): void {
    run.timer = setTimeout(() => {
      void this.probe(run);
    }, delayMs);
    run.timer.unref();
  }

  private async probe(run: Running): Promise<void> {
    let ok = false;
    try {
      ok = await this.prober(run.target);
    } catch {
      ok = false;
    }
    if (run.stopped) return;
    if (ok !== run.state.up) {
      run.state.up = ok;
      this.listener?.(run.target, ok);
    }
    this.schedule(run, ok ? run.target.intervalMs : run.target.unhealthyIntervalMs);
  }
}

/** Compiles a load balancer server's health check as Traefik reads `healthCheck` (defaults: 30s, 5s). */
export function healthTarget(service: string, serverUrl: string, hc: HealthCheck): HealthTarget {
  const base = new URL(serverUrl);
  const scheme = hc.scheme ?? (base.protocol === 'https:' ? 'https' : 'http');
  const port = hc.port !== undefined && hc.port > 0 ? String(hc.port) : base.port;
  const path = hc.path ?? '/';
  const url = `${scheme}://${base.hostname.includes(':') ? `[${base.hostname}]` : base.hostname}${port ? `:${port}` : ''}${path.startsWith('/') ? path : `/${path}`}`;
  const intervalMs = durationMs(hc.interval) ?? 30_000;
  return {
    key: `${service}|${serverUrl}`,
    service,
    serverUrl,
    url,
    method: hc.method ?? 'GET',
    hostname: hc.hostname || undefined,
    headers: hc.headers ?? {},
    status: hc.status ?? 0,
    intervalMs,
    unhealthyIntervalMs: durationMs(hc.unhealthyInterval) ?? intervalMs,
    timeoutMs: durationMs(hc.timeout) ?? 5_000,
    followRedirects: hc.followRedirects !== false,
    insecureSkipVerify: false,
  };
}
