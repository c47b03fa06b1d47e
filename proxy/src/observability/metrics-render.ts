// The Prometheus text exposition of `Metrics`, laid out as Traefik's registry (Go's client_golang) writes it:
// families sorted by name, only families with samples, label names sorted within a sample, `le` last.
import type { Metrics, RequestSeries, SeriesKind } from './metrics.ts';
import { DURATION_BUCKETS } from './metrics.ts';
import { METHOD_SHIFT, METHODS, PROTOCOLS, TLS_SHIFT, tlsLabels } from './request-labels.ts';

type Pair = readonly [string, string];

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** `{a="1",b="2"}` with the names sorted, as Go's client sorts label pairs. */
export function labelText(pairs: readonly Pair[]): string {
  const sorted = [...pairs].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return sorted.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',');
}

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  lines: string[];
}

const WHAT: Record<SeriesKind, string> = {
  entrypoint: 'on an entrypoint',
  router: 'by a router',
  service: 'by a service',
};

/** The code, method and protocol labels of a cell key (`code * TLS_SHIFT + method * 8 + protocol`). */
function cellPairs(cellKey: number): Pair[] {
  const code = Math.floor(cellKey / TLS_SHIFT);
  const rest = cellKey % TLS_SHIFT;
  return [
    ['code', String(code)],
    ['method', METHODS[Math.floor(rest / METHOD_SHIFT)] ?? 'EXTENSION_METHOD'],
    ['protocol', PROTOCOLS[rest % METHOD_SHIFT] ?? 'http'],
  ];
}

function requestFamilies(kind: SeriesKind, rows: RequestSeries[]): Family[] {
  const prefix = `traefik_${kind}`;
  const total: Family = {
    name: `${prefix}_requests_total`,
    help: `How many HTTP requests were processed ${WHAT[kind]}, by status code, protocol and method.`,
    type: 'counter',
    lines: [],
  };
  const tls: Family = {
    name: `${prefix}_requests_tls_total`,
    help: `How many HTTPS requests were processed ${WHAT[kind]}, by TLS version and cipher.`,
    type: 'counter',
    lines: [],
  };
  const hist: Family = {
    name: `${prefix}_request_duration_seconds`,
    help: `How long HTTP requests processed ${WHAT[kind]} took, by status code, protocol and method.`,
    type: 'histogram',
    lines: [],
  };
  // Traefik adds to both byte counters for every request, zero included, so each cell has a sample.
  const reqBytes: Family = {
    name: `${prefix}_requests_bytes_total`,
    help: `The total size of HTTP request bodies processed ${WHAT[kind]}, by status code, protocol and method.`,
    type: 'counter',
    lines: [],
  };
  const resBytes: Family = {
    name: `${prefix}_responses_bytes_total`,
    help: `The total size of HTTP response bodies processed ${WHAT[kind]}, by status code, protocol and method.`,
    type: 'counter',
    lines: [],
  };
  for (const s of rows) {
    const cells = [...s.cells.entries()]
      .map(([key, c]) => ({ labels: labelText([...s.base, ...cellPairs(key)]), c }))
      .sort((a, b) => (a.labels < b.labels ? -1 : a.labels > b.labels ? 1 : 0));
    for (const { labels, c } of cells) {
      total.lines.push(`${total.name}{${labels}} ${c.count}`);
      reqBytes.lines.push(`${reqBytes.name}{${labels}} ${c.requestBytes}`);
      resBytes.lines.push(`${resBytes.name}{${labels}} ${c.responseBytes}`);
      let cumulative = 0;
      DURATION_BUCKETS.forEach((bound, i) => {
        cumulative += c.buckets[i] as number;
        hist.lines.push(`${hist.name}_bucket{${labels},le="${bound}"} ${cumulative}`);
      });
      hist.lines.push(`${hist.name}_bucket{${labels},le="+Inf"} ${c.count}`);
      hist.lines.push(`${hist.name}_sum{${labels}} ${c.sum}`);
      hist.lines.push(`${hist.name}_count{${labels}} ${c.count}`);
    }
    for (const [index, n] of s.tls) {
      const l = tlsLabels[index - 1];
      if (l === undefined) continue;
      const labels = labelText([...s.base, ['tls_version', l.version], ['tls_cipher', l.cipher]]);
      tls.lines.push(`${tls.name}{${labels}} ${n}`);
    }
  }
  return [total, tls, hist, reqBytes, resBytes];
}

export function renderMetrics(m: Metrics): string {
  const byKind: Record<SeriesKind, RequestSeries[]> = { entrypoint: [], router: [], service: [] };
  for (const s of m.series.values()) byKind[s.kind].push(s);
  const families: Family[] = [
    ...requestFamilies('entrypoint', byKind.entrypoint),
    ...requestFamilies('router', byKind.router),
    ...requestFamilies('service', byKind.service),
    {
      name: 'traefik_open_connections',
      help: 'How many connections are open, by entrypoint and protocol.',
      type: 'gauge',
      lines: [...m.openConnections].map(
        ([ep, n]) =>
          `traefik_open_connections{${labelText([
            ['entrypoint', ep],
            ['protocol', 'TCP'],
          ])}} ${n}`,
      ),
    },
    {
      name: 'traefik_config_reloads_total',
      help: 'How many configurations were applied.',
      type: 'counter',
      lines: [`traefik_config_reloads_total ${m.reloads}`],
    },
    {
      // Traefik v2's name: v3 dropped the failure metrics (traefik#9660); Routeyard keeps counting refusals.
      name: 'traefik_config_reloads_failure_total',
      help: 'How many configurations were refused.',
      type: 'counter',
      lines: [`traefik_config_reloads_failure_total ${m.reloadFailures}`],
    },
    {
      name: 'traefik_config_last_reload_success',
      help: 'When the last configuration was applied, in Unix seconds.',
      type: 'gauge',
      lines: [`traefik_config_last_reload_success ${m.lastReloadSuccess}`],
    },
    {
      name: 'traefik_service_retries_total',
      help: 'How many request retries happened, by service.',
      type: 'counter',
      lines: [...m.retries].map(
        ([service, n]) => `traefik_service_retries_total{${labelText([['service', service]])}} ${n}`,
      ),
    },
    {
      name: 'traefik_service_server_up',
      help: 'Whether a health-checked server is up (1) or down (0), by service and URL.',
      type: 'gauge',
      lines: [...(m.serverStates?.() ?? [])].map(
        (s) =>
          `traefik_service_server_up{${labelText([
            ['service', s.service],
            ['url', s.url],
          ])}} ${s.up ? 1 : 0}`,
      ),
    },
    {
      name: 'traefik_tls_certs_not_after',
      help: 'When a configured certificate expires, in Unix seconds.',
      type: 'gauge',
      lines: m.certificates.map(
        (c) =>
          `traefik_tls_certs_not_after{${labelText([
            ['cn', c.cn],
            ['serial', c.serial],
            ['sans', c.sans],
          ])}} ${c.notAfter}`,
      ),
    },
  ];
  const out: string[] = [];
  for (const f of families.filter((x) => x.lines.length > 0).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    out.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
    for (const line of f.lines) out.push(line);
  }
  return `${out.join('\n')}\n`;
}
