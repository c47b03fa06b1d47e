// The primary's one build of each configuration: it refuses what cannot serve before any worker sees it, and
// gives the health targets the primary probes on the workers' behalf.
import type { RuntimeConfig } from '../../../core/index.ts';
import { parseAddress } from '../entrypoints/listener.ts';
import type { KeyPair } from '../entrypoints/tls.ts';
import { HealthRegistry, type HealthTarget } from '../health/registry.ts';
import { Metrics } from '../observability/metrics.ts';
import { buildRuntime } from '../router/runtime.ts';
import { UpstreamPools } from '../upstream/pools.ts';

export type Validation =
  | { ok: true; targets: HealthTarget[]; warnings: string[] }
  | { ok: false; error: string };

/** Builds configurations without serving them (no listener, no request ever reaches these pools). */
export class Validator {
  private readonly pools = new UpstreamPools();
  private readonly health = new HealthRegistry(() => Promise.resolve(true));
  private readonly metrics = new Metrics();
  private readonly defaultCert: KeyPair;

  constructor(defaultCert: KeyPair) {
    this.defaultCert = defaultCert;
  }

  check(config: RuntimeConfig): Validation {
    const version = String(config?.version ?? '');
    try {
      const runtime = buildRuntime(config, {
        pools: this.pools,
        health: this.health,
        metrics: this.metrics,
        // Middleware state (rate limits, circuit breakers) lives in each worker; this build throws its copy away.
        shared: new Map(),
        defaultCert: this.defaultCert,
      });
      this.pools.retire(runtime.poolGeneration);
      for (const [name, ep] of Object.entries(config.entryPoints ?? {})) {
        try {
          parseAddress(ep.address, '127.0.0.1');
        } catch (err) {
          return { ok: false, error: `entrypoint "${name}": ${(err as Error).message}` };
        }
      }
      return { ok: true, targets: runtime.healthTargets, warnings: runtime.warnings };
    } catch (err) {
      return { ok: false, error: `configuration ${version} cannot be built: ${(err as Error).message}` };
    }
  }

  close(): Promise<void> {
    return this.pools.closeAll();
  }
}
