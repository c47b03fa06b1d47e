// Service series of services nested under weighted, mirroring and failover services, through a real proxy.
// Traefik (pkg/server/service/service.go) wraps service metrics around each server of a loadBalancer service
// only: a request counts on the loadBalancer it reaches, never on the services above it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteyardProxy } from '../proxy.ts';
import { type Backend, config, entryUrl, send, startBackend, testProxy } from '../testing/backends.ts';

/** Sum of `traefik_service_requests_total` for one service (and method, code when given). */
function serviceCount(text: string, service: string, method?: string, code?: string): number {
  let n = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('traefik_service_requests_total{')) continue;
    if (!line.includes(`service="${service}"`)) continue;
    if (method !== undefined && !line.includes(`method="${method}"`)) continue;
    if (code !== undefined && !line.includes(`code="${code}"`)) continue;
    n += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return n;
}

describe('service metrics of nested services', () => {
  const backends: Backend[] = [];
  let proxy: RouteyardProxy;
  let base: string;

  beforeAll(async () => {
    for (const name of ['a', 'b', 'c']) backends.push(await startBackend(name));
    const [a, b, c] = backends as [Backend, Backend, Backend];
    const lb = (url: string) => ({ loadBalancer: { servers: [{ url }] } });
    proxy = await testProxy();
    const applied = await proxy.apply(
      config({
        routers: {
          'split@file': { rule: 'Path(`/split`)', service: 'split@file' },
          'nested@file': { rule: 'Path(`/nested`)', service: 'nested@file' },
          'mirror@file': { rule: 'Path(`/mirror`)', service: 'mirrored@file' },
          'failover@file': { rule: 'Path(`/failover`)', service: 'fo@file' },
          'none@file': { rule: 'Path(`/none`)', service: 'none@file' },
          'empty@file': { rule: 'Path(`/empty`)', service: 'empty@file' },
          'quiet@file': {
            rule: 'Path(`/quiet`)',
            service: 'split@file',
            observability: { metrics: false },
          },
        },
        services: {
          'a@file': lb(a.url),
          'b@file': lb(b.url),
          'c@file': lb(c.url),
          'empty@file': { loadBalancer: { servers: [] } },
          'split@file': {
            weighted: {
              services: [
                { name: 'a', weight: 1 },
                { name: 'b', weight: 1 },
              ],
            },
          },
          'nested@file': { weighted: { services: [{ name: 'split', weight: 1 }] } },
          'mirrored@file': { mirroring: { service: 'a', mirrors: [{ name: 'c', percent: 100 }] } },
          'fo@file': { failover: { service: 'empty', fallback: 'b' } },
          'none@file': { weighted: { services: [{ name: 'empty', weight: 1 }] } },
        },
      }),
    );
    expect(applied).toMatchObject({ ok: true, warnings: [] });
    base = entryUrl(proxy);
  });

  afterAll(async () => {
    await proxy.stop();
    for (const b of backends) await b.close();
  });

  it('counts a weighted service’s requests on the children it picked, not on itself', async () => {
    for (let i = 0; i < 4; i++) expect((await send(base, '/split')).status).toBe(200);
    const text = proxy.metrics.render();
    expect(serviceCount(text, 'a@file', 'GET', '200')).toBe(2);
    expect(serviceCount(text, 'b@file', 'GET', '200')).toBe(2);
    expect(serviceCount(text, 'split@file')).toBe(0);
    expect(text).not.toMatch(/traefik_service_\w+\{[^}]*service="split@file"/);
    // The router's series keeps the router's own service, as Traefik's router metrics do.
    expect(text).toContain(
      'traefik_router_requests_total{code="200",method="GET",protocol="http",router="split@file",service="split@file"} 4',
    );
  });

  it('counts through two weighted levels on the loadBalancer reached', async () => {
    for (let i = 0; i < 2; i++) expect((await send(base, '/nested', { method: 'PUT' })).status).toBe(200);
    const text = proxy.metrics.render();
    expect(serviceCount(text, 'a@file', 'PUT') + serviceCount(text, 'b@file', 'PUT')).toBe(2);
    expect(serviceCount(text, 'nested@file') + serviceCount(text, 'split@file')).toBe(0);
  });

  it('counts the mirroring service’s main request and its mirror copy on their loadBalancers', async () => {
    expect((await send(base, '/mirror', { method: 'PATCH' })).status).toBe(200);
    // The copy is fire-and-forget: wait (bounded) until the mirror backend has answered it.
    let text = proxy.metrics.render();
    for (let i = 0; i < 100 && serviceCount(text, 'c@file', 'PATCH') === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      text = proxy.metrics.render();
    }
    expect(serviceCount(text, 'a@file', 'PATCH', '200')).toBe(1);
    expect(serviceCount(text, 'c@file', 'PATCH', '200')).toBe(1);
    expect(serviceCount(text, 'mirrored@file')).toBe(0);
  });

  it('counts a failover on the fallback that served it', async () => {
    expect((await send(base, '/failover', { method: 'POST', body: 'x' })).status).toBe(200);
    const text = proxy.metrics.render();
    expect(serviceCount(text, 'b@file', 'POST', '200')).toBe(1);
    expect(serviceCount(text, 'fo@file') + serviceCount(text, 'empty@file')).toBe(0);
  });

  it('counts a request no server took (503 no available server) on no service', async () => {
    expect((await send(base, '/none', { method: 'OPTIONS' })).status).toBe(503);
    expect((await send(base, '/empty', { method: 'OPTIONS' })).status).toBe(503);
    const text = proxy.metrics.render();
    expect(text).not.toMatch(/traefik_service_requests_total\{[^}]*code="503"/);
    expect(text).toContain(
      'traefik_router_requests_total{code="503",method="OPTIONS",protocol="http",router="none@file",service="none@file"} 1',
    );
  });

  it('counts nothing under a router with observability.metrics false', async () => {
    for (let i = 0; i < 2; i++) expect((await send(base, '/quiet', { method: 'DELETE' })).status).toBe(200);
    const text = proxy.metrics.render();
    expect(text).not.toContain('method="DELETE"');
  });
});
