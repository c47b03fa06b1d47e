import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminServer } from './admin/server.ts';
import type { RouteyardProxy } from './proxy.ts';
import { type Backend, config, entryUrl, send, startBackend, testProxy } from './testing/backends.ts';

describe('reloads, admin and graceful stop', () => {
  let a: Backend;
  let b: Backend;
  let proxy: RouteyardProxy;
  let admin: AdminServer;
  let adminUrl: string;

  const version = (i: number) =>
    config({
      routers: {
        'main@file': { rule: 'PathPrefix(`/`)', service: i % 2 === 0 ? 'a@file' : 'b@file' },
        [`extra-${i}@file`]: { rule: `Path(\`/extra/${i}\`)`, service: 'a@file', middlewares: ['h'] },
      },
      middlewares: { 'h@file': { headers: { customResponseHeaders: { 'X-Gen': String(i) } } } },
      services: {
        'a@file': { loadBalancer: { servers: [{ url: a.url }] } },
        'b@file': { loadBalancer: { servers: [{ url: b.url }] } },
      },
    });

  beforeAll(async () => {
    a = await startBackend('a');
    b = await startBackend('b', (_req, res) => {
      // Slower answers keep requests in flight across swaps.
      setTimeout(() => res.end('b'), 2).unref();
    });
    proxy = await testProxy();
    expect((await proxy.apply(version(0))).ok).toBe(true);
    admin = new AdminServer(proxy);
    const addr = await admin.listen('127.0.0.1:0');
    adminUrl = `http://127.0.0.1:${addr.port}`;
  });

  afterAll(async () => {
    await admin.close();
    await proxy.stop();
    await a.close();
    await b.close();
  });

  it('serves every request while the configuration is replaced 100 times', async () => {
    const base = entryUrl(proxy);
    let running = true;
    const failures: string[] = [];
    let served = 0;
    const client = async () => {
      while (running) {
        const res = await send(base, '/any').catch((err: Error) => ({ status: 0, text: err.message }));
        if (res.status !== 200) failures.push(`${res.status} ${res.text}`);
        served += 1;
      }
    };
    const clients = [client(), client(), client(), client()];
    let last = '';
    for (let i = 1; i <= 100; i++) {
      const next = version(i);
      last = next.version;
      const r = await proxy.apply(next);
      expect(r.ok).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    running = false;
    await Promise.all(clients);
    expect(failures).toEqual([]);
    expect(served).toBeGreaterThan(100);
    expect(proxy.status().version).toBe(last);
  });

  it('refuses a configuration that cannot be built and keeps serving the last good one', async () => {
    const before = proxy.status().version;
    const bad = { ...version(200), entryPoints: { web: { address: 'not an address' } } };
    const r = await proxy.apply(bad);
    expect(r.ok).toBe(false);
    expect(proxy.status().version).toBe(before);
    expect(proxy.status().lastError).toContain('invalid entrypoint address');
    expect((await send(entryUrl(proxy), '/any')).status).toBe(200);
  });

  it('answers /ping, /api/version, /metrics and live traces on the admin listener', async () => {
    const ping = await request(`${adminUrl}/ping`);
    expect(await ping.body.text()).toBe('OK');
    const ver = (await (await request(`${adminUrl}/api/version`)).body.json()) as {
      version: string;
      lastError?: string;
    };
    expect(ver.version).toBe(proxy.status().version);
    expect(ver.lastError).toContain('invalid entrypoint address');
    const traced = await send(entryUrl(proxy), '/extra/100', { headers: { 'x-routeyard-trace': '1' } });
    const id = String(traced.headers['x-routeyard-trace-id']);
    const trace = (await (await request(`${adminUrl}/api/traces/${id}`)).body.json()) as {
      steps: { step: string; name?: string }[];
    };
    expect(trace.steps.map((s) => s.step)).toEqual([
      'entryPoint',
      'router',
      'middleware',
      'service',
      'upstream',
      'response',
    ]);
    expect(trace.steps[1]?.name).toBe('extra-100@file');
    const metrics = await (await request(`${adminUrl}/metrics`)).body.text();
    expect(metrics).toMatch(
      /traefik_router_requests_total\{code="200",method="GET",protocol="http",router="extra-100@file",service="a@file"\} 1/,
    );
    expect(metrics).toMatch(/traefik_config_reloads_total 101/);
    expect(metrics).toMatch(/traefik_config_reloads_failure_total 1/);
    expect(metrics).toMatch(/traefik_open_connections\{entrypoint="web",protocol="TCP"\} \d+/);
  });

  it('keeps the trace token from the backend and out of the recorded request', async () => {
    const traced = await send(entryUrl(proxy), '/extra/100', {
      headers: { 'x-routeyard-trace': '1', 'x-routeyard-trace-token': 's3cret' },
    });
    const seen = JSON.parse(traced.text) as { headers: Record<string, string> };
    expect(seen.headers['x-routeyard-trace-token']).toBeUndefined();
    expect(seen.headers['x-routeyard-trace']).toBeUndefined();
    const id = String(traced.headers['x-routeyard-trace-id']);
    const trace = (await (await request(`${adminUrl}/api/traces/${id}`)).body.text()) as string;
    expect(trace).not.toContain('s3cret');
    expect(JSON.parse(trace).request.headers['x-routeyard-trace-token']).toBe('<redacted>');
  });

  it('drains requests in flight on stop and refuses new connections', async () => {
    const slow = await startBackend('slow', (_req, res) => {
      setTimeout(() => res.end('finished'), 200).unref();
    });
    const p = await testProxy();
    await p.apply(
      config({
        routers: { 'r@file': { rule: 'PathPrefix(`/`)', service: 's@file' } },
        services: { 's@file': { loadBalancer: { servers: [{ url: slow.url }] } } },
      }),
    );
    const base = entryUrl(p);
    const inFlight = send(base, '/');
    await new Promise((r) => setTimeout(r, 50));
    const drained = p.stop();
    const res = await inFlight;
    expect(res.text).toBe('finished');
    expect(await drained).toBe(true);
    await expect(send(base, '/')).rejects.toThrow();
    await slow.close();
  });
});
