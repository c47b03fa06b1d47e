import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RouteyardServer } from './server.ts';
import { SHOP, tempFolder } from './testing/fixture.ts';

let folder: Awaited<ReturnType<typeof tempFolder>>;
let dashboard: Awaited<ReturnType<typeof tempFolder>>;
let server: RouteyardServer;

beforeAll(async () => {
  folder = await tempFolder({ 'shop.yaml': SHOP });
  dashboard = await tempFolder({
    'index.html': '<!doctype html><title>Routeyard</title>',
    'assets/app-1a2b.js': 'ok()',
  });
  server = await createServer({ dir: folder.dir, watch: false, dashboardDir: dashboard.dir });
});

afterAll(async () => {
  await server.close();
  await folder.remove();
  await dashboard.remove();
});

describe('dashboard', () => {
  it.each([
    { desc: 'root', url: '/', status: 200, type: 'text/html', body: 'Routeyard' },
    {
      desc: 'client route falls back to index.html',
      url: '/resources/IngressRoute/x',
      status: 200,
      type: 'text/html',
    },
    { desc: 'hashed asset', url: '/assets/app-1a2b.js', status: 200, type: 'text/javascript', body: 'ok()' },
    {
      desc: 'missing asset is a 404, not HTML',
      url: '/assets/missing.js',
      status: 404,
      type: 'application/json',
    },
    { desc: 'traversal', url: '/..%2f..%2fetc%2fpasswd', status: 404, type: 'application/json' },
    { desc: 'unknown API route is a JSON 404', url: '/api/v1/nope', status: 404, type: 'application/json' },
  ])('$desc', async ({ url, status, type, body }) => {
    const res = await server.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain(type);
    if (body !== undefined) expect(res.body).toContain(body);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('caches hashed assets for good and revalidates index.html', async () => {
    const asset = await server.app.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await server.app.inject({ method: 'GET', url: '/' })).headers['cache-control']).toBe('no-cache');
  });
});
