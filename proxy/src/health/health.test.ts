import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteyardProxy } from '../proxy.ts';
import {
  type Backend,
  config,
  type Echo,
  entryUrl,
  send,
  startBackend,
  testProxy,
} from '../testing/backends.ts';

async function eventually(check: () => Promise<boolean>, tries = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error('condition not reached');
}

describe('active health checks, failover and timeouts', () => {
  let flaky: Backend;
  let steady: Backend;
  let slow: Backend;
  let healthy = true;
  let proxy: RouteyardProxy;
  let base: string;
  let cfg: ReturnType<typeof config>;

  beforeAll(async () => {
    flaky = await startBackend('flaky', (req, res) => {
      if (req.url === '/health') {
        res.writeHead(healthy ? 200 : 500);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ name: 'flaky' }));
    });
    steady = await startBackend('steady');
    slow = await startBackend('slow', (_req, res) => {
      setTimeout(() => res.end('late'), 1500).unref();
    });
    proxy = await testProxy();
    const hc = { path: '/health', interval: '40ms', timeout: '200ms' };
    cfg = config({
      routers: {
        'lb@file': { rule: 'Path(`/lb`)', service: 'lb@file' },
        'fo@file': { rule: 'Path(`/fo`)', service: 'fo@file' },
        'slow@file': { rule: 'Path(`/slow`)', service: 'slow@file' },
      },
      services: {
        'lb@file': { loadBalancer: { servers: [{ url: flaky.url }, { url: steady.url }], healthCheck: hc } },
        'main@file': { loadBalancer: { servers: [{ url: flaky.url }], healthCheck: hc } },
        'backup@file': { loadBalancer: { servers: [{ url: steady.url }] } },
        'fo@file': { failover: { service: 'main', fallback: 'backup' } },
        'slow@file': { loadBalancer: { servers: [{ url: slow.url }], serversTransport: 'quick' } },
      },
      serversTransports: { 'quick@file': { forwardingTimeouts: { responseHeaderTimeout: '100ms' } } },
    });
    const r = await proxy.apply(cfg);
    expect(r.ok).toBe(true);
    base = entryUrl(proxy);
  });

  afterAll(async () => {
    await proxy.stop();
    for (const b of [flaky, steady, slow]) await b.close();
  });

  const names = async (path: string, n: number) => {
    const out = new Set<string>();
    for (let i = 0; i < n; i++) out.add((JSON.parse((await send(base, path)).text) as Echo).name);
    return out;
  };

  it('takes a failing server out, fails over, and brings it back when it recovers', async () => {
    expect(await names('/lb', 4)).toEqual(new Set(['flaky', 'steady']));
    expect(await names('/fo', 2)).toEqual(new Set(['flaky']));
    healthy = false;
    // lb@file and main@file probe the same server on their own schedules: wait for both to see it fail.
    await eventually(async () => (await names('/lb', 4)).size === 1 && (await names('/fo', 1)).has('steady'));
    expect(await names('/lb', 4)).toEqual(new Set(['steady']));
    expect(await names('/fo', 2)).toEqual(new Set(['steady']));
    healthy = true;
    await eventually(async () => (await names('/lb', 4)).size === 2 && (await names('/fo', 1)).has('flaky'));
    expect(await names('/fo', 2)).toEqual(new Set(['flaky']));
  });

  it('keeps health state across a reload that keeps the server', async () => {
    healthy = false;
    await eventually(async () => (await names('/lb', 4)).size === 1);
    expect((await proxy.apply({ ...cfg, version: 'reloaded' })).ok).toBe(true);
    expect(await names('/lb', 4)).toEqual(new Set(['steady']));
    expect(proxy.healthStates().find((s) => s.key.startsWith('lb@file|') && !s.up)).toBeDefined();
    healthy = true;
    await eventually(async () => (await names('/lb', 4)).size === 2);
  });

  it('answers 504 Gateway Timeout when the server is slower than responseHeaderTimeout', async () => {
    const res = await send(base, '/slow');
    expect(res.status).toBe(504);
    expect(res.text).toBe('Gateway Timeout');
  });
});
