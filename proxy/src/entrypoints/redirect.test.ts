import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trace } from '../../../core/index.ts';
import type { RouteyardProxy } from '../proxy.ts';
import { type Backend, config, send, startBackend, testProxy } from '../testing/backends.ts';
import { tlsGet } from '../tls/testing.ts';

/** A port free on loopback now, for an entrypoint whose configured port must be known in advance. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('entrypoint redirections on real sockets', () => {
  let backend: Backend;
  let proxy: RouteyardProxy;
  let securePort: number;

  beforeAll(async () => {
    backend = await startBackend('app');
    proxy = await testProxy();
    securePort = await freePort();
  });

  afterAll(async () => {
    await proxy.stop();
    await backend.close();
  });

  function redirecting(redirect: Record<string, unknown>) {
    return config(
      {
        routers: {
          'a@file': { rule: 'Host(`a.example.com`)', service: 'app@file', entryPoints: ['web'] },
          'secure@file': {
            rule: 'Host(`a.example.com`)',
            service: 'app@file',
            entryPoints: ['websecure', 'web'],
            tls: {},
          },
        },
        services: { 'app@file': { loadBalancer: { servers: [{ url: backend.url }] } } },
      },
      {
        entryPoints: {
          web: { address: '127.0.0.1:0', http: { redirections: { entryPoint: redirect } } },
          websecure: { address: `127.0.0.1:${securePort}` },
        },
      },
    );
  }

  const web = () => `http://${proxy.addresses().web}`;

  it('redirects every plain request to the target entrypoint, 301 by default, and the target serves it', async () => {
    const cfg = redirecting({ to: 'websecure' });
    expect((await proxy.apply(cfg)).ok).toBe(true);
    const res = await send(web(), '/p?q=1', { host: 'a.example.com' });
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe(`https://a.example.com:${securePort}/p?q=1`);
    // The tracer answers the same for the same configuration.
    const traced = trace(cfg, {
      method: 'GET',
      url: 'http://a.example.com/p?q=1',
      headers: {},
      entryPoint: 'web',
    });
    expect([traced.outcome.status, traced.outcome.responseHeaders?.Location]).toEqual([
      301,
      res.headers.location,
    ]);
    const followed = await tlsGet({ port: securePort, servername: 'a.example.com', path: '/p?q=1' });
    expect(followed.status).toBe(200);
  });

  it('permanent false answers 302 for GET and 307 for POST; scheme is taken as given', async () => {
    await proxy.apply(redirecting({ to: 'websecure', permanent: false, scheme: 'https' }));
    expect((await send(web(), '/', { host: 'a.example.com' })).status).toBe(302);
    const post = await send(web(), '/form', { host: 'a.example.com', method: 'POST', body: 'x' });
    expect(post.status).toBe(307);
  });

  it('a low priority lets a router of higher priority win, and redirects the other hosts', async () => {
    await proxy.apply(redirecting({ to: 'websecure', priority: 1 }));
    const routed = await send(web(), '/', { host: 'a.example.com' });
    expect(routed.status).toBe(200);
    const other = await send(web(), '/', { host: 'b.example.com' });
    expect([other.status, other.headers.location]).toEqual([301, `https://b.example.com:${securePort}/`]);
  });

  it('TLS connections on the redirecting entrypoint are routed, not redirected (the redirect router is plain)', async () => {
    await proxy.apply(redirecting({ to: 'websecure' }));
    const port = Number((proxy.addresses().web as string).split(':').pop());
    expect((await tlsGet({ port, servername: 'a.example.com' })).status).toBe(200);
  });

  it("the entrypoint's middlewares run before the redirection, as Traefik's entrypoint model applies", async () => {
    const cfg = redirecting({ to: 'websecure' });
    cfg.http.middlewares['stamp@file'] = { headers: { customResponseHeaders: { 'X-Stamp': 'ep' } } };
    Object.assign(cfg.entryPoints.web as object, {
      http: { redirections: { entryPoint: { to: 'websecure' } }, middlewares: ['stamp@file'] },
    });
    expect((await proxy.apply(cfg)).ok).toBe(true);
    const res = await send(web(), '/', { host: 'a.example.com' });
    expect([res.status, res.headers['x-stamp']]).toEqual([301, 'ep']);
  });

  it('a redirection without target is reported and the entrypoint routes as usual', async () => {
    const r = await proxy.apply(redirecting({ scheme: 'https' }));
    expect(r.ok && r.warnings.some((w) => w.includes('redirection'))).toBe(true);
    expect((await send(web(), '/', { host: 'a.example.com' })).status).toBe(200);
  });

  it('an explicit priority 0 ranks the redirection by its rule length, so a longer rule wins (as Traefik)', async () => {
    await proxy.apply(redirecting({ to: 'websecure', priority: 0 }));
    // Host(`a.example.com`) is longer than HostRegexp(`^.+$`): the plain router wins for its host.
    expect((await send(web(), '/', { host: 'a.example.com' })).status).toBe(200);
    expect((await send(web(), '/', { host: 'b.example.com' })).status).toBe(301);
  });

  it('a target that is neither an entrypoint nor a bare :port is refused, as Traefik refuses it', async () => {
    const r = await proxy.apply(redirecting({ to: `127.0.0.1:${securePort}` }));
    expect(r.ok && r.warnings.some((w) => w.includes('neither an entrypoint nor a port'))).toBe(true);
    expect((await send(web(), '/', { host: 'b.example.com' })).status).toBe(404);
  });
});
