/** Upper bounds of the duration histograms, in seconds (Traefik's defaults: 0.1, 0.3, 1.2, 5). */
export const DURATION_BUCKETS = [0.1, 0.3, 1.2, 5];

/** Counts and durations of one label set (entrypoint, router, service) by status code. */
export class RequestSeries {
  readonly labels: string;
  readonly byCode = new Map<number, { count: number; sum: number; buckets: Float64Array }>();

  constructor(labels: string) {
    this.labels = labels;
  }

  observe(code: number, seconds: number): void {
    let s = this.byCode.get(code);
    if (s === undefined) {
      s = { count: 0, sum: 0, buckets: new Float64Array(DURATION_BUCKETS.length) };
      this.byCode.set(code, s);
    }
    s.count += 1;
    s.sum += seconds;
    for (let i = 0; i < DURATION_BUCKETS.length; i++)
      if (seconds <= (DURATION_BUCKETS[i] as number)) s.buckets[i] = (s.buckets[i] as number) + 1;
  }
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * Prometheus metrics, kept outside any one configuration so that counters survive reloads. Series are created
 * when a configuration is built and handed to its compiled routes: a request only bumps numbers.
 */
export class Metrics {
  private readonly series = new Map<
    string,
    { kind: 'entrypoint' | 'router' | 'service'; s: RequestSeries }
  >();
  readonly openConnections = new Map<string, number>();
  reloads = 0;
  reloadFailures = 0;
  lastReloadSuccess = 0;

  entryPoint(name: string): RequestSeries {
    return this.get('entrypoint', `entrypoint="${escapeLabel(name)}"`);
  }

  router(entryPoint: string, router: string, service: string): RequestSeries {
    return this.get(
      'router',
      `entrypoint="${escapeLabel(entryPoint)}",router="${escapeLabel(router)}",service="${escapeLabel(service)}"`,
    );
  }

  service(service: string): RequestSeries {
    return this.get('service', `service="${escapeLabel(service)}"`);
  }

  connectionOpened(entryPoint: string): void {
    this.openConnections.set(entryPoint, (this.openConnections.get(entryPoint) ?? 0) + 1);
  }

  connectionClosed(entryPoint: string): void {
    this.openConnections.set(entryPoint, (this.openConnections.get(entryPoint) ?? 1) - 1);
  }

  private get(kind: 'entrypoint' | 'router' | 'service', labels: string): RequestSeries {
    const key = `${kind}|${labels}`;
    let found = this.series.get(key);
    if (found === undefined) {
      found = { kind, s: new RequestSeries(labels) };
      this.series.set(key, found);
    }
    return found.s;
  }

  /** The Prometheus text exposition (format 0.0.4). */
  render(): string {
    const out: string[] = [];
    for (const kind of ['entrypoint', 'router', 'service'] as const) {
      const rows = [...this.series.values()].filter((x) => x.kind === kind).map((x) => x.s);
      const total = `routeyard_${kind}_requests_total`;
      const hist = `routeyard_${kind}_request_duration_seconds`;
      out.push(`# HELP ${total} How many HTTP requests were processed, by ${kind} and status code.`);
      out.push(`# TYPE ${total} counter`);
      for (const s of rows)
        for (const [code, v] of s.byCode) out.push(`${total}{${s.labels},code="${code}"} ${v.count}`);
      out.push(`# HELP ${hist} How long HTTP requests took, by ${kind} and status code.`);
      out.push(`# TYPE ${hist} histogram`);
      for (const s of rows) {
        for (const [code, v] of s.byCode) {
          const l = `${s.labels},code="${code}"`;
          DURATION_BUCKETS.forEach((b, i) => {
            out.push(`${hist}_bucket{${l},le="${b}"} ${v.buckets[i]}`);
          });
          out.push(`${hist}_bucket{${l},le="+Inf"} ${v.count}`);
          out.push(`${hist}_sum{${l}} ${v.sum}`);
          out.push(`${hist}_count{${l}} ${v.count}`);
        }
      }
    }
    out.push('# HELP routeyard_open_connections How many connections are open, by entrypoint.');
    out.push('# TYPE routeyard_open_connections gauge');
    for (const [ep, n] of this.openConnections)
      out.push(`routeyard_open_connections{entrypoint="${escapeLabel(ep)}"} ${n}`);
    out.push('# HELP routeyard_config_reloads_total How many configurations were applied.');
    out.push('# TYPE routeyard_config_reloads_total counter');
    out.push(`routeyard_config_reloads_total ${this.reloads}`);
    out.push('# HELP routeyard_config_reload_failures_total How many configurations were refused.');
    out.push('# TYPE routeyard_config_reload_failures_total counter');
    out.push(`routeyard_config_reload_failures_total ${this.reloadFailures}`);
    out.push(
      '# HELP routeyard_config_last_reload_success_timestamp_seconds When the last configuration was applied.',
    );
    out.push('# TYPE routeyard_config_last_reload_success_timestamp_seconds gauge');
    out.push(`routeyard_config_last_reload_success_timestamp_seconds ${this.lastReloadSuccess}`);
    return `${out.join('\n')}\n`;
  }
}
