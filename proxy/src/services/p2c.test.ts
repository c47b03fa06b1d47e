import { describe, expect, it } from 'vitest';
import { config, entryUrl, send, startBackend, testProxy } from '../testing/backends.ts';

describe('loadBalancer strategy p2c', () => {
  it('sends new requests to the server with fewer requests in flight', async () => {
    const handler =
      (name: string) =>
      (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
        if (req.url === '/slow') setTimeout(() => res.end(name), 300).unref();
        else res.end(name);
      };
    const a = await startBackend('a', handler('a'));
    const b = await startBackend('b', handler('b'));
    const proxy = await testProxy();
    await proxy.apply(
      config({
        routers: { 'r@file': { rule: 'PathPrefix(`/`)', service: 's@file' } },
        services: {
          's@file': { loadBalancer: { strategy: 'p2c', servers: [{ url: a.url }, { url: b.url }] } },
        },
      }),
    );
    const base = entryUrl(proxy);
    const slow = send(base, '/slow');
    await new Promise((r) => setTimeout(r, 50));
    const fast: string[] = [];
    for (let i = 0; i < 5; i++) fast.push((await send(base, '/fast')).text);
    const busy = (await slow).text;
    expect(new Set(fast)).toEqual(new Set([busy === 'a' ? 'b' : 'a']));
    await proxy.stop();
    await a.close();
    await b.close();
  });
});
