import { Agent, type Dispatcher, H2CClient, Pool } from 'undici';
import type { ServersTransport } from '../../../core/index.ts';
import { durationMs } from '../duration.ts';

/** Connection settings of one serversTransport, resolved once per configuration. */
export interface TransportSettings {
  key: string;
  insecureSkipVerify: boolean;
  rootCAs: string[];
  serverName: string | undefined;
  dialTimeoutMs: number;
  /** 0 means none, as Traefik's default `responseHeaderTimeout`. */
  responseHeaderTimeoutMs: number;
  idleConnTimeoutMs: number;
  maxIdleConnsPerHost: number;
  disableHTTP2: boolean;
}

/** Traefik's defaults: dialTimeout 30s, responseHeaderTimeout 0 (none), idleConnTimeout 90s, 200 idle conns. */
export function transportSettings(name: string, t: ServersTransport | undefined): TransportSettings {
  const ft = t?.forwardingTimeouts;
  const settings: TransportSettings = {
    key: '',
    insecureSkipVerify: t?.insecureSkipVerify === true,
    rootCAs: t?.rootCAs ?? [],
    serverName: t?.serverName || undefined,
    dialTimeoutMs: durationMs(ft?.dialTimeout) ?? 30_000,
    responseHeaderTimeoutMs: durationMs(ft?.responseHeaderTimeout) ?? 0,
    idleConnTimeoutMs: durationMs(ft?.idleConnTimeout) ?? 90_000,
    maxIdleConnsPerHost: t?.maxIdleConnsPerHost ?? 200,
    disableHTTP2: t?.disableHTTP2 === true,
  };
  // The key names every setting that shapes a connection, so an edited transport gets fresh pools.
  settings.key = `${name}|${JSON.stringify({ ...settings, key: undefined })}`;
  return settings;
}

interface PoolEntry {
  dispatcher: Dispatcher;
  /** The configuration generation that last used this pool. */
  generation: number;
}

/**
 * Upstream connection pools keyed by origin and transport. They live outside any one configuration so that a
 * reload keeps warm keep-alive connections; pools no configuration uses any more are closed by `retire`.
 */
export class UpstreamPools {
  private readonly pools = new Map<string, PoolEntry>();
  private generation = 0;

  /** Starts a new configuration generation; pools touched by `get` during its build stay open. */
  beginGeneration(): number {
    this.generation += 1;
    return this.generation;
  }

  get(origin: string, scheme: string, t: TransportSettings): Dispatcher {
    const key = `${scheme}|${origin}|${t.key}`;
    const found = this.pools.get(key);
    if (found !== undefined) {
      found.generation = this.generation;
      return found.dispatcher;
    }
    const dispatcher = createDispatcher(origin, scheme, t);
    this.pools.set(key, { dispatcher, generation: this.generation });
    return dispatcher;
  }

  /** Closes the pools the given generation no longer uses, letting their in-flight requests finish. */
  retire(keepGeneration: number): void {
    for (const [key, entry] of this.pools) {
      if (entry.generation < keepGeneration) {
        this.pools.delete(key);
        entry.dispatcher.close().catch(() => undefined);
      }
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(all.map((e) => e.dispatcher.destroy().catch(() => undefined)));
  }
}

function createDispatcher(origin: string, scheme: string, t: TransportSettings): Dispatcher {
  const common = {
    headersTimeout: t.responseHeaderTimeoutMs,
    bodyTimeout: 0,
    keepAliveTimeout: Math.min(t.idleConnTimeoutMs, 60_000),
    connectTimeout: t.dialTimeoutMs,
  };
  if (scheme === 'h2c') return new H2CClient(origin, { ...common, connect: { timeout: t.dialTimeoutMs } });
  const connect =
    scheme === 'https'
      ? {
          timeout: t.dialTimeoutMs,
          rejectUnauthorized: !t.insecureSkipVerify,
          ...(t.rootCAs.length > 0 ? { ca: t.rootCAs } : {}),
          ...(t.serverName !== undefined ? { servername: t.serverName } : {}),
        }
      : { timeout: t.dialTimeoutMs };
  return new Pool(origin, {
    ...common,
    // Go's maxIdleConnsPerHost caps idle connections only, never concurrent ones: Traefik opens as many as the
    // requests in flight need. undici's `connections` is a hard cap that would queue requests instead.
    connections: null,
    pipelining: 1,
    allowH2: scheme === 'https' && !t.disableHTTP2,
    connect,
  });
}

/** A client used for health checks and forwardAuth calls: one shared agent, short timeouts set per call. */
export function createSideAgent(): Agent {
  return new Agent({ keepAliveTimeout: 10_000, connect: { rejectUnauthorized: false } });
}
