import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RouteyardProxy } from '../proxy.ts';
import { closeAdmin, json, listenAdmin } from './http.ts';

/**
 * The admin listener (loopback by default): `/ping`, `/metrics` (Prometheus text), `/api/version`,
 * `/api/entrypoints`, `/api/health`, `/api/traces` and `/api/traces/<id>`.
 */
export class AdminServer {
  private readonly server: Server;

  constructor(proxy: RouteyardProxy) {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        json(res, 405, { error: { code: 'method_not_allowed', message: `${req.method} is not allowed` } });
        return;
      }
      if (path === '/ping') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': 2 });
        res.end('OK');
        return;
      }
      if (path === '/metrics') {
        const text = proxy.metrics.render();
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(text);
        return;
      }
      if (path === '/api/version') {
        const s = proxy.status();
        json(res, 200, {
          version: s.version ?? null,
          appliedAt: s.appliedAt ?? null,
          ...(s.lastError !== undefined ? { lastError: s.lastError } : {}),
        });
        return;
      }
      if (path === '/api/entrypoints') {
        json(res, 200, { entryPoints: proxy.addresses() });
        return;
      }
      if (path === '/api/health') {
        json(res, 200, { items: proxy.healthStates() });
        return;
      }
      if (path === '/api/traces') {
        json(res, 200, { items: proxy.traces?.list() ?? [] });
        return;
      }
      if (path.startsWith('/api/traces/')) {
        const t = proxy.traces?.get(decodeURIComponent(path.slice('/api/traces/'.length)));
        if (t === undefined) json(res, 404, { error: { code: 'not_found', message: 'no such trace' } });
        else json(res, 200, t);
        return;
      }
      json(res, 404, { error: { code: 'not_found', message: `no admin endpoint ${path}` } });
    });
  }

  /** Listens on `host:port`; a bare `:port` binds loopback. */
  listen(address: string): Promise<AddressInfo> {
    return listenAdmin(this.server, address);
  }

  close(): Promise<void> {
    return closeAdmin(this.server);
  }
}
