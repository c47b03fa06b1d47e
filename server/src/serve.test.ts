import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedHostFor, isLoopback, type Serving, serve } from './serve.ts';
import { SHOP, tempFolder } from './testing/fixture.ts';

let folder: Awaited<ReturnType<typeof tempFolder>>;
let serving: Serving | undefined;
const FAKE = fileURLToPath(new URL('./testing/fake-proxy.mjs', import.meta.url));

beforeEach(async () => {
  folder = await tempFolder({
    'shop.yaml': SHOP,
    'traefik.yml': 'entryPoints:\n  web:\n    address: ":18000"\n',
  });
});

afterEach(async () => {
  await serving?.close();
  serving = undefined;
  await folder.remove();
});

function until(ok: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const off = serving!.server.ctx.bus.subscribe(() => {
      if (!ok()) return;
      off();
      resolve();
    });
    if (ok()) {
      off();
      resolve();
    }
  });
}

/** Serves the folder on loopback with the fake proxy as its child; returns the child's output lines as they come. */
async function serveWithFakeProxy(
  extra: { proxyWorkers?: number } = {},
): Promise<{ lines: string[]; served: Serving }> {
  const lines: string[] = [];
  const served = await serve({
    dir: folder.dir,
    port: 0,
    host: '127.0.0.1',
    proxy: true,
    proxyAdminPort: 0,
    proxyCommand: [process.execPath, FAKE],
    log: (l) => lines.push(l),
    ...extra,
  });
  serving = served;
  return { lines, served };
}

describe('serve', () => {
  it('uses <dir>/traefik.yml, feeds the proxy child, and stops it on close', async () => {
    const { lines, served } = await serveWithFakeProxy();
    expect(served.token).toBeUndefined();
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const link = served.server.ctx.proxy;
    await until(() => link.status().state === 'applied');
    expect(link.status().entryPoints).toEqual({ web: ':18000' });
    // traefik.yml is the static configuration, not a manifest: no "not a Kubernetes object" finding for it.
    expect(served.server.ctx.workspace.diagnostics.filter((d) => d.source.file === 'traefik.yml')).toEqual(
      [],
    );
    expect(lines).toContain('[proxy] fake proxy connected');

    // A new config reaches the child, which reports it applied.
    const before = link.status().servedVersion;
    await writeFile(join(folder.dir, 'shop.yaml'), SHOP.replace('shop.example.com', 'store.example.com'));
    await until(() => link.status().state === 'applied' && link.status().servedVersion !== before);

    await served.close();
    expect(link.status().state).toBe('stopped');
  });

  it('passes the proxy its worker count', async () => {
    const { lines } = await serveWithFakeProxy({ proxyWorkers: 3 });
    // The child's output and its report travel on different pipes: wait for the line itself (bounded).
    const argsLine = () => lines.find((l) => l.startsWith('[proxy] fake proxy args:'));
    for (let i = 0; i < 100 && argsLine() === undefined; i++) await new Promise((r) => setTimeout(r, 50));
    expect(argsLine()).toMatch(/ --workers 3$/);
  });

  it('requires the given token even on loopback', async () => {
    serving = await serve({ dir: folder.dir, port: 0, host: '127.0.0.1', proxy: false, token: 'tok' });
    const health = `${serving.url}api/v1/healthz`;
    expect((await fetch(health)).status).toBe(401);
    expect((await fetch(health, { headers: { authorization: 'Bearer tok' } })).status).toBe(200);
    expect(serving.server.ctx.proxy.status().state).toBe('stopped');
  });

  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['0.0.0.0', '127.0.0.1'],
    ['::', '127.0.0.1'],
    ['localhost', '127.0.0.1'],
    ['::1', '[::1]'],
    ['192.168.1.10', '192.168.1.10'],
  ])('the proxy reaches a server bound to %s at %s', (host, expected) => {
    expect(feedHostFor(host)).toBe(expected);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
  ])('isLoopback(%s) is %s', (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});
