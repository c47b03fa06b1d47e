import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAddress } from '../entrypoints/listener.ts';
import type { RouteyardProxy } from '../proxy.ts';

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

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
    const { host, port } = parseAddress(address, '127.0.0.1');
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host, port }, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
