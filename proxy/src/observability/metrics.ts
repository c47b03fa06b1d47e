import { renderMetrics } from './metrics-render.ts';
import { TLS_SHIFT } from './request-labels.ts';
import type { CertExpiry } from './tls-certs.ts';

/** Upper bounds of the duration histograms, in seconds: Traefik's Prometheus default `buckets` (0.1, 0.3, 1.2, 5). */
export const DURATION_BUCKETS = [0.1, 0.3, 1.2, 5];

/**
 * One label set's requests of one code, method and protocol: a count, a sum, per-bucket (not cumulative) counts,
 * and the request and response body bytes (Traefik's `_requests_bytes_total`/`_responses_bytes_total`).
 */
export interface Cell {
  count: number;
  sum: number;
  buckets: Float64Array;
  requestBytes: number;
  responseBytes: number;
}

export type SeriesKind = 'entrypoint' | 'router' | 'service';

/**
 * Counts and durations of one label set (an entrypoint; a router and its service; a service), keyed by
 * `code * TLS_SHIFT + method * 8 + protocol`, with TLS requests counted by the connection's version and cipher.
 */
export class RequestSeries {
  readonly kind: SeriesKind;
  /** The constant labels, as name/value pairs. */
  readonly base: readonly (readonly [string, string])[];
  readonly cells = new Map<number, Cell>();
  /** TLS requests by the tls part of the key (1 + an index in `tlsLabels`). */
  readonly tls = new Map<number, number>();
  /** The registry holding this series: a nested service finds its own series there (services/build.ts). */
  readonly registry: Metrics | undefined;

  constructor(kind: SeriesKind, base: readonly (readonly [string, string])[], registry?: Metrics) {
    this.kind = kind;
    this.base = base;
    this.registry = registry;
  }

  /**
   * Counts one request: `key` from `requestKey`, `code` the status (or the gRPC status for gRPC), and the body
   * bytes read from the client and written to it.
   */
  observe(key: number, code: number, seconds: number, requestBytes = 0, responseBytes = 0): void {
    const tls = key >>> 7;
    const cellKey = code * TLS_SHIFT + (key & (TLS_SHIFT - 1));
    let c = this.cells.get(cellKey);
    if (c === undefined) {
      c = {
        count: 0,
        sum: 0,
        buckets: new Float64Array(DURATION_BUCKETS.length),
        requestBytes: 0,
        responseBytes: 0,
      };
      this.cells.set(cellKey, c);
    }
    c.count += 1;
    c.sum += seconds;
    c.requestBytes += requestBytes;
    c.responseBytes += responseBytes;
    // DURATION_BUCKETS unrolled (this runs three times per request). Each bucket holds its own requests;
    // rendering adds them up into Prometheus' cumulative `le` counts.
    if (seconds <= 0.1) c.buckets[0] = (c.buckets[0] as number) + 1;
    else if (seconds <= 0.3) c.buckets[1] = (c.buckets[1] as number) + 1;
    else if (seconds <= 1.2) c.buckets[2] = (c.buckets[2] as number) + 1;
    else if (seconds <= 5) c.buckets[3] = (c.buckets[3] as number) + 1;
    if (tls !== 0) this.tls.set(tls, (this.tls.get(tls) ?? 0) + 1);
  }
}

/**
 * Stands for "metrics are on, but no service series counts this request (yet)": Traefik counts a request on
 * the loadBalancer service whose server it reaches, never on a weighted, mirroring, failover or
 * highestRandomWeight service. Never rendered: it is kept out of `Metrics.series`.
 */
class UncountedSeries extends RequestSeries {
  override observe(): void {}
}

/**
 * Where compiled middlewares find the metrics in `StepContext.shared` (retry counts its retries); a key no
 * middleware name can take.
 */
export const SHARED_METRICS_KEY = '\u0000metrics';

/** A server's health as `traefik_service_server_up` shows it. */
export interface ServerState {
  service: string;
  url: string;
  up: boolean;
}

/**
 * Prometheus metrics named and labelled as Traefik v3's, kept outside any one configuration so that counters
 * survive reloads. Series are created when a configuration is built and handed to its compiled routes: a request
 * only bumps numbers; `render` builds every label string.
 */
export class Metrics {
  readonly series = new Map<string, RequestSeries>();
  /** Open connections by entrypoint (Traefik's `protocol` label is "TCP" for HTTP entrypoints). */
  readonly openConnections = new Map<string, number>();
  /** Retried attempts by service. */
  readonly retries = new Map<string, number>();
  reloads = 0;
  reloadFailures = 0;
  /** Unix seconds of the last configuration applied; 0 before the first. */
  lastReloadSuccess = 0;
  /** Where `traefik_service_server_up` comes from: the health registry of this process, if it runs checks. */
  serverStates: (() => Iterable<ServerState>) | undefined;
  /** The configured certificates of the configuration applied last. */
  certificates: CertExpiry[] = [];
  /** The service series of a request no loadBalancer server took (see `UncountedSeries`). */
  readonly uncounted: RequestSeries = new UncountedSeries('service', [], this);

  entryPoint(name: string): RequestSeries {
    return this.get('entrypoint', [['entrypoint', name]]);
  }

  /** Traefik's router series carry the router and its service, not the entrypoint. */
  router(router: string, service: string): RequestSeries {
    return this.get('router', [
      ['router', router],
      ['service', service],
    ]);
  }

  service(service: string): RequestSeries {
    return this.get('service', [['service', service]]);
  }

  connectionOpened(entryPoint: string): void {
    this.openConnections.set(entryPoint, (this.openConnections.get(entryPoint) ?? 0) + 1);
  }

  connectionClosed(entryPoint: string): void {
    this.openConnections.set(entryPoint, (this.openConnections.get(entryPoint) ?? 1) - 1);
  }

  retried(service: string): void {
    this.retries.set(service, (this.retries.get(service) ?? 0) + 1);
  }

  /** Requests counted by every entrypoint, all codes. */
  entryPointRequests(): number {
    let n = 0;
    for (const s of this.series.values())
      if (s.kind === 'entrypoint') for (const c of s.cells.values()) n += c.count;
    return n;
  }

  private get(kind: SeriesKind, base: [string, string][]): RequestSeries {
    const id = `${kind}\u0000${base.map((p) => p[1]).join('\u0000')}`;
    let found = this.series.get(id);
    if (found === undefined) {
      found = new RequestSeries(kind, base, this);
      this.series.set(id, found);
    }
    return found;
  }

  /** The Prometheus text exposition (format 0.0.4). */
  render(): string {
    return renderMetrics(this);
  }
}

/** The series one compiled route counts in. */
export interface RouteSeries {
  epSeries: RequestSeries | undefined;
  series: RequestSeries | undefined;
  serviceSeries: RequestSeries | undefined;
}

/**
 * Traefik's `ShouldAddMetrics`: none for a router whose service is `@internal` (`addInternals` is off by
 * default) or that set `observability.metrics: false`, not even on its entrypoint, since Traefik builds the
 * entrypoint's metrics into each router's chain.
 *
 * The service series starts as `uncounted`: it only says that metrics are on. Traefik wraps no service
 * metrics around the router's service; they sit around each server of a loadBalancer service
 * (pkg/server/service/service.go), so the loadBalancer a request reaches, top-level or nested under
 * weighted/mirroring/failover/highestRandomWeight services, puts its own series there (services/build.ts).
 */
export function routeMetrics(
  metrics: Metrics,
  entryPoint: string,
  router: string,
  service: string,
  observed = true,
): RouteSeries {
  if (!observed || service.endsWith('@internal'))
    return { epSeries: undefined, series: undefined, serviceSeries: undefined };
  return {
    epSeries: metrics.entryPoint(entryPoint),
    series: metrics.router(router, service),
    serviceSeries: metrics.uncounted,
  };
}
