import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../program.ts';
import { capture, shopDir } from './fixtures/shop-dir.ts';
import { runTrace } from './trace.ts';

let dir: string;
beforeAll(async () => {
  dir = await shopDir();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('routeyard trace', () => {
  it('prints the steps and the outcome', async () => {
    const c = capture();
    expect(
      await runTrace(
        dir,
        'GET',
        'http://shop.example.com/api/cart?x=1',
        { header: ['Cookie: a=b'], clientIp: '10.1.2.3' },
        c.io,
      ),
    ).toBe(0);
    const out = c.out();
    expect(out).toMatch(/^GET http:\/\/shop\.example\.com\/api\/cart\?x=1\n/);
    expect(out).toContain('entrypoint web (:8000), chosen by scheme');
    expect(out).toMatch(/router +✓ shop-storefront-[0-9a-f]+@kubernetescrd/);
    expect(out).toContain('middleware shop-strip-api@kubernetescrd (stripPrefix)');
    expect(out).toContain('X-Forwarded-Prefix: /api');
    expect(out).toMatch(
      /=> 200 forwarded to http:\/\/10\.0\.0\.5:8080\/cart\?x=1 \(shop-storefront-[0-9a-f]+@kubernetescrd\)/,
    );
    expect(out).not.toContain('\x1b[');
  });

  it('prints the trace object with --json', async () => {
    const c = capture();
    await runTrace(dir, 'GET', 'http://blog.example.com/', { json: true, entrypoint: 'web' }, c.io);
    const json = JSON.parse(c.out());
    expect(json.outcome).toMatchObject({
      status: 200,
      entryPoint: 'web',
      upstreamUrl: 'http://10.0.1.1:8081/',
    });
    expect(json.steps[0]).toMatchObject({ kind: 'entrypoint', name: 'web', chosenBy: 'request' });
  });

  it('shows a 404 with the closest misses', async () => {
    const c = capture();
    await runTrace(dir, 'GET', 'http://shop.example.org/', {}, c.io);
    expect(c.out()).toContain('no router  404');
    expect(c.out()).toMatch(
      /closest: shop-storefront-[0-9a-f]+@kubernetescrd fails only Host\(`shop.example.com`\)/,
    );
  });

  it.each([
    { desc: 'a relative URL', url: '/x', opts: {} },
    { desc: 'a malformed header', url: 'http://a.com/', opts: { header: ['nocolon'] } },
    { desc: 'a bad client IP', url: 'http://a.com/', opts: { clientIp: 'example.com' } },
  ])('refuses $desc with a usage error', async ({ url, opts }) => {
    await expect(runTrace(dir, 'GET', url, opts, capture().io)).rejects.toBeInstanceOf(UsageError);
  });

  it('refuses a folder that does not exist', async () => {
    await expect(runTrace(`${dir}/nope`, 'GET', 'http://a.com/', {}, capture().io)).rejects.toThrow(
      /is not a folder/,
    );
  });
});
