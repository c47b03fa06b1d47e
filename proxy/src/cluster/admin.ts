// The cluster's admin listener, in the primary: the same endpoints as the single process, answered from the
// primary's state (version, health) or by asking every worker (metrics summed, traces gathered).
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeAdmin, json, listenAdmin } from '../admin/http.ts';
import { mergeMetrics, PRIMARY_OWN } from './merge-metrics.ts';
import type { ClusterPrimary } from './primary.ts';

/** The primary's own series: reloads (each configuration counted once, not once per worker), health, workers. */
function primaryMetrics(primary: ClusterPrimary, workers: number): string {
  const own = primary.metrics
    .render()
    .split('\n')
    .filter((l) => PRIMARY_OWN.test(l.startsWith('# ') ? (l.split(' ')[2] ?? '') : l));
  return [
    ...own,
    '# HELP routeyard_cluster_workers How many worker processes answered this scrape.',
    '# TYPE routeyard_cluster_workers gauge',
    `routeyard_cluster_workers ${workers}`,
    '# HELP routeyard_cluster_worker_restarts_total How many workers died and were replaced.',
    '# TYPE routeyard_cluster_worker_restarts_total counter',
    `routeyard_cluster_worker_restarts_total ${primary.restarts}`,
  ].join('\n');
}

/**
 * `/ping`, `/metrics` (the workers' series summed, plus the primary's reload and worker counters),
 * `/api/version`, `/api/entrypoints`, `/api/health` (the primary runs the checks), `/api/traces[/<id>]`
 * (gathered from every worker) and `/api/workers` (pid, version served and requests counted by each worker).
 */
export class ClusterAdmin {
  private readonly server: Server;

  constructor(primary: ClusterPrimary) {
    this.server = createServer((req, res) => {
      void this.handle(primary, req.method ?? 'GET', (req.url ?? '/').split('?')[0] ?? '/', res).catch(
        (err: Error) => json(res, 500, { error: { code: 'internal', message: err.message } }),
      );
    });
  }

  private async handle(primary: ClusterPrimary, method: string, path: string, res: ServerResponse) {
    if (method !== 'GET' && method !== 'HEAD') {
      json(res, 405, { error: { code: 'method_not_allowed', message: `${method} is not allowed` } });
      return;
    }
    if (path === '/ping') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': 2 });
      res.end('OK');
    } else if (path === '/metrics') {
      const texts = (await primary.ask('metrics')) as string[];
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(`${mergeMetrics(texts)}\n${primaryMetrics(primary, texts.length)}\n`);
    } else if (path === '/api/version') {
      json(res, 200, {
        version: primary.version() ?? null,
        appliedAt: primary.appliedAt ?? null,
        ...(primary.lastError !== undefined ? { lastError: primary.lastError } : {}),
      });
    } else if (path === '/api/entrypoints') {
      json(res, 200, { entryPoints: await primary.addresses() });
    } else if (path === '/api/health') {
      json(res, 200, { items: primary.health.snapshot() });
    } else if (path === '/api/workers') {
      json(res, 200, { items: await primary.workers() });
    } else if (path === '/api/traces') {
      json(res, 200, { items: ((await primary.ask('traces')) as unknown[][]).flat() });
    } else if (path.startsWith('/api/traces/')) {
      const id = decodeURIComponent(path.slice('/api/traces/'.length));
      const found = (await primary.ask('trace', id)).find((t) => t !== null);
      if (found === undefined) json(res, 404, { error: { code: 'not_found', message: 'no such trace' } });
      else json(res, 200, found);
    } else json(res, 404, { error: { code: 'not_found', message: `no admin endpoint ${path}` } });
  }

  /** Listens on `host:port`; a bare `:port` binds loopback. */
  listen(address: string): Promise<AddressInfo> {
    return listenAdmin(this.server, address);
  }

  close(): Promise<void> {
    return closeAdmin(this.server);
  }
}
