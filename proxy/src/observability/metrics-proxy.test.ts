import { connect as h2connect } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteyardProxy } from '../proxy.ts';
import { type Backend, config, entryUrl, send, startBackend, testProxy } from '../testing/backends.ts';

function httpsGet(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port, path, rejectUnauthorized: false, minVersion: 'TLSv1.3' },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A gRPC-Web call over HTTP/2 and TLS; resolves the Grpc-Status trailer the client received. */
function h2GrpcWeb(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const session = h2connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false });
    session.on('error', reject);
    const stream = session.request({
      ':method': 'POST',
      ':path': '/grpc',
      'content-type': 'application/grpc-web+proto',
    });
    let status = '';
    stream.on('trailers', (t) => {
      status = String(t['grpc-status']);
    });
    stream.resume();
    stream.on('end', () => {
      session.close();
      resolve(status);
    });
    stream.on('error', reject);
    stream.end();
  });
}

/** A loopback port nothing listens on: connections to it are refused. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('metrics of requests through the proxy', () => {
  let backend: Backend;
  let proxy: RouteyardProxy;
  let text = '';

  beforeAll(async () => {
    backend = await startBackend('app', (req, res) => {
      if (req.url === '/grpc') {
        // A gRPC answer: status 200 and the gRPC status in the trailers.
        res.writeHead(200, { 'content-type': 'application/grpc', trailer: 'grpc-status' });
        res.addTrailers({ 'grpc-status': '7' });
        res.end();
        return;
      }
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
    proxy = await testProxy();
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const applied = await proxy.apply(
      config({
        routers: {
          'app@file': { rule: 'PathPrefix(`/`)', service: 'app@file' },
          'secure@file': { rule: 'PathPrefix(`/`)', service: 'app@file', tls: {} },
          'deny@file': {
            rule: 'Path(`/deny`)',
            service: 'app@file',
            priority: 100,
            middlewares: ['deny@file'],
          },
          'quiet@file': {
            rule: 'Path(`/quiet`)',
            service: 'app@file',
            priority: 100,
            observability: { metrics: false },
          },
          'dead@file': {
            rule: 'Path(`/dead`)',
            service: 'dead@file',
            middlewares: ['retry@file'],
            priority: 100,
          },
        },
        middlewares: {
          'retry@file': { retry: { attempts: 3, initialInterval: '1ms' } },
          'deny@file': { ipAllowList: { sourceRange: ['10.0.0.0/8'] } },
        },
        services: {
          'app@file': {
            loadBalancer: {
              servers: [{ url: backend.url }],
              healthCheck: { path: '/health', interval: '1h' },
            },
          },
          'dead@file': { loadBalancer: { servers: [{ url: dead }] } },
        },
      }),
    );
    expect(applied.ok).toBe(true);
    const base = entryUrl(proxy);
    expect((await send(base, '/a')).status).toBe(200);
    expect((await send(base, '/missing')).status).toBe(404);
    expect((await send(base, '/a', { method: 'PROPFIND' })).status).toBe(200);
    expect((await send(base, '/a', { headers: { accept: 'text/event-stream' } })).status).toBe(200);
    const grpc = await send(base, '/grpc', {
      method: 'POST',
      headers: { 'content-type': 'application/grpc', te: 'trailers' },
      body: '',
    });
    expect(grpc.status).toBe(200);
    expect((await send(base, '/dead')).status).toBe(502);
    expect((await send(base, '/quiet')).status).toBe(200);
    expect((await send(base, '/deny')).status).toBe(403);
    const port = Number(base.slice(base.lastIndexOf(':') + 1));
    expect(await httpsGet(port, '/a')).toBe(200);
    expect(await h2GrpcWeb(port)).toBe('7');
    text = proxy.metrics.render();
  });

  afterAll(async () => {
    await proxy.stop();
    await backend.close();
  });

  it('counts by code, method and protocol on the entrypoint, router and service', () => {
    const ep = (labels: string) => `traefik_entrypoint_requests_total{${labels}}`;
    // The TLS request counts with the others: same code, method and protocol.
    expect(text).toContain(`${ep('code="200",entrypoint="web",method="GET",protocol="http"')} 2`);
    expect(text).toContain(`${ep('code="404",entrypoint="web",method="GET",protocol="http"')} 1`);
    expect(text).toContain(
      `${ep('code="200",entrypoint="web",method="EXTENSION_METHOD",protocol="http"')} 1`,
    );
    expect(text).toContain(`${ep('code="200",entrypoint="web",method="GET",protocol="sse"')} 1`);
    expect(text).toContain(
      'traefik_router_requests_total{code="200",method="GET",protocol="http",router="app@file",service="app@file"} 1',
    );
    expect(text).toContain(
      'traefik_router_requests_total{code="200",method="GET",protocol="http",router="secure@file",service="app@file"} 1',
    );
    expect(text).toContain(
      'traefik_service_requests_total{code="200",method="GET",protocol="http",service="app@file"} 2',
    );
    expect(text).toMatch(
      /traefik_service_request_duration_seconds_count\{code="200",method="GET",protocol="http",service="app@file"\} 2/,
    );
  });

  it('counts a request a middleware answered on its router, not on the service', () => {
    expect(text).toContain(
      'traefik_router_requests_total{code="403",method="GET",protocol="http",router="deny@file",service="app@file"} 1',
    );
    expect(text).toContain(
      'traefik_entrypoint_requests_total{code="403",entrypoint="web",method="GET",protocol="http"} 1',
    );
    expect(text).not.toMatch(/traefik_service_requests_total\{code="403"/);
  });

  it('leaves out a router with observability.metrics false, even on its entrypoint', () => {
    expect(text).not.toContain('router="quiet@file"');
  });

  it('labels a gRPC request with the Grpc-Status of its trailers', () => {
    expect(text).toContain(
      'traefik_entrypoint_requests_total{code="7",entrypoint="web",method="POST",protocol="grpc"} 1',
    );
  });

  it('labels a gRPC-Web request over HTTP/2 with its Grpc-Status', () => {
    expect(text).toContain(
      'traefik_entrypoint_requests_total{code="7",entrypoint="web",method="POST",protocol="grpc-web"} 1',
    );
  });

  it('counts retries by service and shows health-checked servers', () => {
    expect(text).toContain('traefik_service_retries_total{service="dead@file"} 2');
    expect(text).toContain(`traefik_service_server_up{service="app@file",url="${backend.url}"} 1`);
  });

  it('counts TLS requests by TLS version and cipher', () => {
    expect(text).toMatch(
      /traefik_entrypoint_requests_tls_total\{entrypoint="web",tls_cipher="TLS_[A-Z0-9_]+",tls_version="1\.3"\} 2/,
    );
    expect(text).toMatch(
      /traefik_router_requests_tls_total\{router="secure@file",service="app@file",tls_cipher="TLS_[A-Z0-9_]+",tls_version="1\.3"\} 2/,
    );
    expect(text).toMatch(/traefik_open_connections\{entrypoint="web",protocol="TCP"\} \d+/);
  });
});
