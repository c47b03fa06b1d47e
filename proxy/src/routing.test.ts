import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteyardProxy } from './proxy.ts';
import {
  type Backend,
  config,
  type Echo,
  entryUrl,
  send,
  startBackend,
  testProxy,
} from './testing/backends.ts';

describe('routing on real sockets', () => {
  let a: Backend;
  let b: Backend;
  let proxy: RouteyardProxy;
  let base: string;

  beforeAll(async () => {
    a = await startBackend('a');
    b = await startBackend('b');
    proxy = await testProxy();
    const r = await proxy.apply(
      config({
        routers: {
          'api@file': {
            rule: 'Host(`a.example.com`) && PathPrefix(`/api`)',
            service: 'svc-a@file',
            entryPoints: ['web'],
          },
          'hdr@file': { rule: 'Header(`X-Team`, `blue`)', service: 'svc-b@file', entryPoints: ['web'] },
          'off@file': { rule: 'PathPrefix(`/`)', service: 'svc-b@file', status: 'disabled' },
        },
        services: {
          'svc-a@file': { loadBalancer: { servers: [{ url: a.url }] } },
          'svc-b@file': { loadBalancer: { servers: [{ url: b.url }] } },
        },
      }),
    );
    expect(r.ok).toBe(true);
    base = entryUrl(proxy);
  });

  afterAll(async () => {
    await proxy.stop();
    await a.close();
    await b.close();
  });

  it.each([
    {
      desc: 'host and path prefix',
      host: 'a.example.com',
      path: '/api/x',
      headers: {} as Record<string, string>,
      backend: 'a',
    },
    {
      desc: 'header match',
      host: 'other.example.com',
      path: '/',
      headers: { 'x-team': 'blue' },
      backend: 'b',
    },
  ])('routes by $desc', async ({ host, path, headers, backend }) => {
    const res = await send(base, path, { host, headers });
    expect(res.status).toBe(200);
    expect((JSON.parse(res.text) as Echo).name).toBe(backend);
  });

  it('answers 404 with Traefik body when nothing matches, and skips disabled routers', async () => {
    const res = await send(base, '/nothing', { host: 'z.example.com' });
    expect(res.status).toBe(404);
    expect(res.text).toBe('404 page not found\n');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('sets X-Forwarded-* and X-Real-Ip as Traefik does, dropping spoofed values', async () => {
    const res = await send(base, '/api/h?q=1', {
      host: 'a.example.com',
      headers: { 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '6.6.6.6', 'x-forwarded-host': 'evil' },
    });
    const echo = JSON.parse(res.text) as Echo;
    expect(echo.url).toBe('/api/h?q=1');
    expect(echo.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(echo.headers['x-real-ip']).toBe('127.0.0.1');
    expect(echo.headers['x-forwarded-host']).toBe('a.example.com');
    expect(echo.headers['x-forwarded-proto']).toBe('http');
    expect(echo.headers['x-forwarded-port']).toBe('80');
    expect(echo.headers['x-forwarded-server']).toBeTruthy();
    expect(echo.headers.host).toBe('a.example.com');
  });
});

describe('forwardedHeaders.trustedIPs on an entrypoint', () => {
  it('keeps the X-Forwarded-* headers of a trusted peer and appends to X-Forwarded-For', async () => {
    const a = await startBackend('a');
    const proxy = await testProxy();
    await proxy.apply(
      config(
        {
          routers: { 'r@file': { rule: 'PathPrefix(`/`)', service: 's@file' } },
          services: { 's@file': { loadBalancer: { servers: [{ url: a.url }] } } },
        },
        {
          entryPoints: {
            web: { address: '127.0.0.1:0', forwardedHeaders: { trustedIPs: ['127.0.0.0/8'] } } as never,
          },
        },
      ),
    );
    const res = await send(entryUrl(proxy), '/', {
      headers: { 'x-forwarded-for': '6.6.6.6', 'x-forwarded-proto': 'https', 'x-real-ip': '6.6.6.6' },
    });
    const echo = JSON.parse(res.text) as Echo;
    expect(echo.headers['x-forwarded-for']).toBe('6.6.6.6, 127.0.0.1');
    expect(echo.headers['x-forwarded-proto']).toBe('https');
    // Same as traefik: the Host header's port wins over the scheme's default.
    expect(echo.headers['x-forwarded-port']).toBe(entryUrl(proxy).split(':').pop());
    expect(echo.headers['x-real-ip']).toBe('6.6.6.6');
    await proxy.stop();
    await a.close();
  });
});
