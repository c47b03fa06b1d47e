import { randomBytes } from 'node:crypto';
import type { RuntimeConfig } from '../core.ts';
import type { EventBus, ProxyState } from '../events.ts';

/** What `GET /api/v1/proxy/status` answers (docs/contracts.md). */
export interface ProxyStatus {
  state: ProxyState;
  servedVersion: string | null;
  configVersion: string;
  error?: string;
  entryPoints: Record<string, string>;
  /** The supervisor's view of the child: running, restarting (with the delay), disabled. */
  process: ProcessInfo;
}

/** The supervisor's view of the child process. */
export interface ProcessInfo {
  state: 'running' | 'restarting' | 'stopped' | 'disabled';
  pid?: number;
  restarts: number;
  /** Why the child last exited, with its last output line. */
  lastExit?: string;
}

/** A report the proxy posts after trying a config. */
export interface ProxyReport {
  version: string;
  state: 'applied' | 'failed';
  error?: string;
}

/**
 * The server's side of the proxy link: the per-start feed token, what the proxy last reported, and the state
 * derived from both and the current config version. Publishes `proxy` events when the state changes.
 */
export class ProxyLink {
  feedToken: string;
  private served: string | null = null;
  private lastReport: ProxyReport | undefined;
  private process: ProxyStatus['process'] = { state: 'disabled', restarts: 0 };
  private lastPublished = '';

  constructor(
    private readonly bus: EventBus,
    private readonly config: () => RuntimeConfig,
  ) {
    this.feedToken = randomBytes(24).toString('hex');
    this.lastPublished = JSON.stringify(this.event());
  }

  /** A new token per child start: a stale child can no longer read the feed. */
  rotateToken(): string {
    this.feedToken = randomBytes(24).toString('hex');
    return this.feedToken;
  }

  setProcess(p: ProxyStatus['process']): void {
    this.process = p;
    if (p.state !== 'running') {
      this.served = null;
      this.lastReport = undefined;
    }
    this.publish();
  }

  report(r: ProxyReport): void {
    this.lastReport = r;
    if (r.state === 'applied') this.served = r.version;
    this.publish();
  }

  /** Called after every config change. */
  configChanged(): void {
    this.publish();
  }

  status(): ProxyStatus {
    const config = this.config();
    const entryPoints = Object.fromEntries(
      Object.entries(config.entryPoints).map(([k, v]) => [k, v.address]),
    );
    const base = {
      servedVersion: this.served,
      configVersion: config.version,
      entryPoints,
      process: this.process,
    };
    if (this.process.state === 'disabled' || this.process.state === 'stopped')
      return { state: 'stopped', ...base };
    if (this.served === config.version) return { state: 'applied', ...base };
    const r = this.lastReport;
    if (r?.state === 'failed' && r.version === config.version) {
      return { state: 'failed', ...base, error: r.error ?? 'the proxy could not apply the configuration' };
    }
    if (this.process.state === 'restarting') {
      return { state: 'failed', ...base, error: this.process.lastExit ?? 'the proxy exited; restarting' };
    }
    return { state: 'pending', ...base };
  }

  /** The `proxy` event for the current state. */
  event(): { state: ProxyState; version: string | null; error?: string } {
    const s = this.status();
    return { state: s.state, version: s.servedVersion, ...(s.error === undefined ? {} : { error: s.error }) };
  }

  private publish(): void {
    const key = JSON.stringify(this.event());
    if (key === this.lastPublished) return;
    this.lastPublished = key;
    this.bus.publish({ type: 'proxy', data: this.event() });
  }
}
