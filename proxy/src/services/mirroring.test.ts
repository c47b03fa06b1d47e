import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteyardProxy } from '../proxy.ts';
import { type Backend, config, entryUrl, send, startBackend, testProxy } from '../testing/backends.ts';

describe('mirroring with request bodies', () => {
  let main: Backend;
  let copy: Backend;
  const copies: string[] = [];
  let proxy: RouteyardProxy;
  let base: string;

  beforeAll(async () => {
    main = await startBackend('main', (_req, res, body) => {
      res.end(`main got ${body.length}`);
    });
    copy = await startBackend('copy', (_req, res, body) => {
      copies.push(body);
      res.end('ignored');
    });
    proxy = await testProxy();
    await proxy.apply(
      config({
        routers: { 'r@file': { rule: 'PathPrefix(`/`)', service: 'm@file' } },
        services: {
          'main@file': { loadBalancer: { servers: [{ url: main.url }] } },
          'copy@file': { loadBalancer: { servers: [{ url: copy.url }] } },
          'm@file': {
            mirroring: { service: 'main', maxBodySize: 16, mirrors: [{ name: 'copy', percent: 100 }] },
          },
        },
      }),
    );
    base = entryUrl(proxy);
  });

  afterAll(async () => {
    await proxy.stop();
    await main.close();
    await copy.close();
  });

  it('copies a small body to the mirror and answers from the main service', async () => {
    const res = await send(base, '/', { method: 'POST', body: 'hello mirror' });
    expect(res.text).toBe('main got 12');
    for (let i = 0; i < 50 && copies.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(copies).toEqual(['hello mirror']);
  });

  it('serves a body over maxBodySize without mirroring it', async () => {
    const res = await send(base, '/', { method: 'POST', body: 'x'.repeat(1000) });
    expect(res.text).toBe('main got 1000');
    await new Promise((r) => setTimeout(r, 100));
    expect(copies).toHaveLength(1);
  });
});
