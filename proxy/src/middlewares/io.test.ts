import { gunzipSync } from 'node:zlib';
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

describe('middlewares with I/O on real sockets', () => {
  let app: Backend;
  let auth: Backend;
  let pages: Backend;
  let big: Backend;
  let flaky: Backend;
  let proxy: RouteyardProxy;
  let base: string;
  let failNext = 0;

  beforeAll(async () => {
    app = await startBackend('app', (req, res, body) => {
      const status = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('status') ?? 200);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ name: 'app', url: req.url, headers: req.headers, body }));
    });
    auth = await startBackend('auth', (req, res) => {
      if (req.headers.authorization === 'Bearer good') {
        res.writeHead(200, { 'x-auth-user': 'alice', 'set-cookie': 'session=1; Path=/' });
        res.end();
      } else {
        res.writeHead(401, { 'www-authenticate': 'Bearer', location: '/login' });
        res.end('denied');
      }
    });
    pages = await startBackend('pages', (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`page for ${req.url}`);
    });
    big = await startBackend('big', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('x'.repeat(4096));
    });
    flaky = await startBackend('flaky', (_req, res) => {
      if (failNext > 0) {
        failNext -= 1;
        res.socket?.destroy();
        return;
      }
      res.end('recovered');
    });
    proxy = await testProxy();
    const svc = (b: Backend) => ({ loadBalancer: { servers: [{ url: b.url }] } });
    const r = await proxy.apply(
      config({
        routers: {
          'auth@file': { rule: 'PathPrefix(`/auth`)', service: 'app@file', middlewares: ['fa'] },
          'errors@file': { rule: 'PathPrefix(`/errors`)', service: 'app@file', middlewares: ['pages'] },
          'limit@file': { rule: 'PathPrefix(`/limit`)', service: 'app@file', middlewares: ['rl'] },
          'gzip@file': { rule: 'PathPrefix(`/gzip`)', service: 'big@file', middlewares: ['gz'] },
          'buffer@file': { rule: 'PathPrefix(`/buffer`)', service: 'app@file', middlewares: ['buf'] },
          'retry@file': { rule: 'PathPrefix(`/retry`)', service: 'flaky@file', middlewares: ['again'] },
          'chain@file': { rule: 'PathPrefix(`/chain`)', service: 'app@file', middlewares: ['both'] },
        },
        middlewares: {
          'fa@file': {
            forwardAuth: {
              address: `${auth.url}/check`,
              authResponseHeaders: ['X-Auth-User'],
              addAuthCookiesToResponse: ['session'],
            },
          },
          'pages@file': { errors: { status: ['500-599'], service: 'pages', query: '/{status}.html' } },
          'rl@file': { rateLimit: { average: 1, period: '1m', burst: 2 } },
          'gz@file': { compress: {} },
          'buf@file': { buffering: { maxRequestBodyBytes: 10 } },
          'again@file': { retry: { attempts: 3, initialInterval: '1ms' } },
          'strip@file': { stripPrefix: { prefixes: ['/chain'] } },
          'hdr@file': {
            headers: {
              customRequestHeaders: { 'X-Chained': 'yes' },
              customResponseHeaders: { 'X-Out': 'done' },
            },
          },
          'both@file': { chain: { middlewares: ['strip', 'hdr'] } },
        },
        services: {
          'app@file': svc(app),
          'pages@file': svc(pages),
          'big@file': svc(big),
          'flaky@file': svc(flaky),
        },
      }),
    );
    expect(r).toMatchObject({ ok: true, warnings: [] });
    base = entryUrl(proxy);
  });

  afterAll(async () => {
    await proxy.stop();
    for (const b of [app, auth, pages, big, flaky]) await b.close();
  });

  it('forwardAuth: a 2xx copies the auth headers and cookies, anything else is the answer', async () => {
    const ok = await send(base, '/auth/x', { headers: { authorization: 'Bearer good' } });
    expect(ok.status).toBe(200);
    expect((JSON.parse(ok.text) as Echo).headers['x-auth-user']).toBe('alice');
    expect(String(ok.headers['set-cookie'])).toContain('session=1');
    const denied = await send(base, '/auth/x');
    expect(denied.status).toBe(401);
    expect(denied.text).toBe('denied');
    expect(denied.headers.location).toBe(`${auth.url}/login`);
  });

  it('errors: a 5xx answer is replaced by the error page, keeping the status', async () => {
    const res = await send(base, '/errors/x?status=503');
    expect(res.status).toBe(503);
    expect(res.text).toBe('page for /503.html');
    const fine = await send(base, '/errors/x?status=404');
    expect(fine.status).toBe(404);
    expect((JSON.parse(fine.text) as Echo).name).toBe('app');
  });

  it('rateLimit: the burst passes, the next request gets 429 with Retry-After', async () => {
    expect((await send(base, '/limit')).status).toBe(200);
    expect((await send(base, '/limit')).status).toBe(200);
    const limited = await send(base, '/limit');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('compress: gzips a large answer for a client that accepts it', async () => {
    const { request } = await import('undici');
    const res = await request(`${base}/gzip`, { headers: { 'accept-encoding': 'gzip' } });
    const body = Buffer.from(await res.body.arrayBuffer());
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(body).toString()).toBe('x'.repeat(4096));
  });

  it('buffering: a body over maxRequestBodyBytes gets 413, a small one goes through whole', async () => {
    const small = await send(base, '/buffer', { method: 'POST', body: 'hello' });
    expect(JSON.parse(small.text).body).toBe('hello');
    const large = await send(base, '/buffer', { method: 'POST', body: 'x'.repeat(100) });
    expect(large.status).toBe(413);
  });

  it('retry: a failed attempt is sent again', async () => {
    failNext = 2;
    const res = await send(base, '/retry');
    expect(res.status).toBe(200);
    expect(res.text).toBe('recovered');
  });

  it('chain: expands its middlewares in order (stripPrefix, then headers both ways)', async () => {
    const res = await send(base, '/chain/items');
    const echo = JSON.parse(res.text) as Echo;
    expect(echo.url).toBe('/items');
    expect(echo.headers['x-chained']).toBe('yes');
    expect(echo.headers['x-forwarded-prefix']).toBe('/chain');
    expect(res.headers['x-out']).toBe('done');
  });
});
