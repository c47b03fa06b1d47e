import { describe, expect, it } from 'vitest';
import { config, type Echo, entryUrl, send, startBackend, testProxy } from '../testing/backends.ts';
import { hrwScore } from './hrw.ts';

describe('loadBalancer strategies', () => {
  it('hrw sends one client to the server with the highest score, and sets no sticky cookie', async () => {
    const a = await startBackend('a');
    const b = await startBackend('b');
    const c = await startBackend('c');
    const proxy = await testProxy();
    const servers = [a, b, c].map((s) => ({ url: s.url }));
    const r = await proxy.apply(
      config({
        routers: { 'r@file': { rule: 'PathPrefix(`/`)', service: 's@file' } },
        services: { 's@file': { loadBalancer: { strategy: 'hrw', servers, sticky: { cookie: {} } } } },
      }),
    );
    expect(r.ok).toBe(true);
    const best = [a, b, c].reduce((x, y) =>
      hrwScore('127.0.0.1', y.url, 1) > hrwScore('127.0.0.1', x.url, 1) ? y : x,
    );
    const base = entryUrl(proxy);
    for (let i = 0; i < 4; i++) {
      const res = await send(base, '/');
      expect((JSON.parse(res.text) as Echo).name).toBe(best.name);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    await proxy.stop();
    for (const s of [a, b, c]) await s.close();
  });

  it('an unknown strategy fails the service, as Traefik', async () => {
    const a = await startBackend('a');
    const proxy = await testProxy();
    const r = await proxy.apply(
      config({
        routers: { 'r@file': { rule: 'PathPrefix(`/`)', service: 's@file' } },
        services: { 's@file': { loadBalancer: { strategy: 'random', servers: [{ url: a.url }] } } },
      }),
    );
    expect(r.ok && r.warnings.join('\n')).toContain('unsupported load-balancer strategy "random"');
    expect((await send(entryUrl(proxy), '/')).status).toBe(404);
    await proxy.stop();
    await a.close();
  });
});
