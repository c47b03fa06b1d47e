import { describe, expect, it } from 'vitest';
import { configFixture, diagnosticsFixture, generatedConfig } from '../../../test/fixtures.ts';
import { buildGraph } from './build-graph.ts';
import { collapseMiddlewares } from './collapse.ts';
import { filterGraph, filterOptions } from './filters.ts';
import { highlightThrough, indexRoutersByNode } from './highlight.ts';
import { layoutColumns } from './layout-columns.ts';

const shop = () => buildGraph(configFixture().config, diagnosticsFixture().items);

describe('buildGraph', () => {
  it('draws every element once with the contract labels', () => {
    const g = shop();
    const router = g.nodes.find((n) => n.id === 'router:shop-storefront-3f9c1e7a2b4d5e6f7a8b@kubernetescrd')!;
    expect(router.data.ariaLabel).toBe('Router shop-storefront-3f9c1e7a2b4d5e6f7a8b@kubernetescrd');
    expect(router.data.testId).toBe('node-router-shop-storefront-3f9c1e7a2b4d5e6f7a8b@kubernetescrd');
    expect(g.nodes.filter((n) => n.data.kind === 'entrypoint').map((n) => n.data.name)).toEqual([
      'web',
      'websecure',
    ]);
    expect(g.nodes.filter((n) => n.data.kind === 'server')).toHaveLength(7);
    expect(new Set(g.nodes.map((n) => n.id)).size).toBe(g.nodes.length);
  });

  it('draws a missing middleware as an explicit red node with the reason', () => {
    const g = shop();
    const missing = g.nodes.find((n) => n.data.missing)!;
    expect(missing.data).toMatchObject({
      kind: 'middleware',
      name: 'shop-add-foo@kubernetescrd',
      ariaLabel: 'Middleware shop-add-foo@kubernetescrd (missing)',
      status: 'error',
    });
    expect(missing.data.errors[0]).toContain('REF001');
    const legacy = 'router:shop-legacy-1a2b3c4d5e6f7a8b9c0d@kubernetescrd';
    expect(g.paths[legacy]!.nodes).toContain(missing.id);
    expect(g.nodes.find((n) => n.id === legacy)!.data.status).toBe('error');
  });

  it('suggests the provider suffix when a reference has the wrong one', () => {
    const config = configFixture().config;
    config.http.routers['shop-legacy-1a2b3c4d5e6f7a8b9c0d@kubernetescrd']!.middlewares = [
      'shop-strip-api@file',
    ];
    const g = buildGraph(config, []);
    const missing = g.nodes.find((n) => n.data.missing)!;
    expect(missing.data.errors[0]).toContain('"shop-strip-api@kubernetescrd" exists: wrong provider suffix?');
  });

  it('draws TraefikService trees with weights and mirrors on the edges', () => {
    const g = shop();
    const labels = g.edges.filter((e) => e.kind === 'weighted' || e.kind === 'mirror').map((e) => e.label);
    expect(labels).toEqual(expect.arrayContaining(['weight 90', 'weight 10', 'main', 'mirror 20%']));
  });

  it('chains middlewares in order, per router', () => {
    const g = shop();
    const api = 'router:shop-storefront-api-7c2d9e4f1a3b5c6d7e8f@kubernetescrd';
    const chain = g.edges.filter(
      (e) => e.kind === 'chain' && e.id.endsWith('#shop-storefront-api-7c2d9e4f1a3b5c6d7e8f@kubernetescrd'),
    );
    expect(chain.map((e) => [e.source, e.target, e.label])).toEqual([
      [api, 'middleware:shop-strip-api@kubernetescrd', '1'],
      ['middleware:shop-strip-api@kubernetescrd', 'middleware:shop-security-headers@kubernetescrd', '2'],
      ['middleware:shop-security-headers@kubernetescrd', 'service:shop-api-mirror@kubernetescrd', undefined],
    ]);
  });

  it('draws a chain middleware followed by its members in order, numbered inside the chain', () => {
    const config = configFixture().config;
    const r = 'shop-storefront-api-7c2d9e4f1a3b5c6d7e8f@kubernetescrd';
    const guard = 'shop-guard@kubernetescrd';
    config.http.middlewares[guard] = {
      // Members named without a provider resolve with the chain's own provider, as Traefik qualifies them.
      chain: { middlewares: ['shop-security-headers', guard] },
    } as (typeof config.http.middlewares)[string];
    config.http.routers[r]!.middlewares = ['shop-strip-api@kubernetescrd', guard];
    const g = buildGraph(config, []);
    const chain = g.edges.filter((e) => e.kind === 'chain' && e.id.endsWith(`#${r}`));
    expect(chain.map((e) => [e.source.replace(/@.*/, ''), e.target.replace(/@.*/, ''), e.label])).toEqual([
      [`router:shop-storefront-api-7c2d9e4f1a3b5c6d7e8f`, 'middleware:shop-strip-api', '1'],
      ['middleware:shop-strip-api', 'middleware:shop-guard', '2'],
      ['middleware:shop-guard', 'middleware:shop-security-headers', '2.1'],
      // The chain's own name among its members is not drawn again: that edge would loop.
      ['middleware:shop-security-headers', 'service:shop-api-mirror', undefined],
    ]);
    expect(g.paths[`router:${r}`]!.nodes.some((id) => id.includes(':missing:'))).toBe(false);
    const collapsed = collapseMiddlewares(g.nodes, g.edges).edges.filter((e) => e.id.endsWith(`#${r}`));
    // The chain runs its members: strip-api and security-headers, two middlewares in all.
    expect(collapsed.map((e) => [e.target, e.label])).toEqual([
      ['service:shop-api-mirror@kubernetescrd', '2 MW'],
    ]);
  });

  it('keeps an int64 priority exact', () => {
    const g = shop();
    const admin = g.nodes.find((n) => n.id === 'router:shop-admin-9e8d7c6b5a4f3e2d1c0b@kubernetescrd')!;
    expect(admin.data.lines[1]).toBe('priority 9223372036854775806 · TLS · websecure');
  });

  it('marks a router warned by a diagnostic on its own route only', () => {
    const g = shop();
    const status = (id: string) => g.nodes.find((n) => n.id === id)!.data.status;
    expect(status('router:shop-storefront-3f9c1e7a2b4d5e6f7a8b@kubernetescrd')).toBe('warning');
    expect(status('router:shop-storefront-api-7c2d9e4f1a3b5c6d7e8f@kubernetescrd')).toBe('ok');
  });
});

describe('filters and highlight', () => {
  it('filters by host and keeps whole paths', () => {
    const g = shop();
    const { nodes } = filterGraph(g, { host: 'legacy' });
    expect(nodes.map((n) => n.data.kind).sort()).toEqual([
      'entrypoint',
      'middleware',
      'router',
      'server',
      'service',
    ]);
  });

  it('filters by entrypoint and free text', () => {
    const g = shop();
    expect(filterGraph(g, { entryPoint: 'web' }).nodes.some((n) => n.data.name === 'websecure')).toBe(false);
    const byText = filterGraph(g, { text: 'strip-api' }).nodes.filter((n) => n.data.kind === 'router');
    expect(byText.map((n) => n.data.name)).toEqual([
      'shop-storefront-api-7c2d9e4f1a3b5c6d7e8f@kubernetescrd',
    ]);
    expect(filterOptions(g)).toEqual({
      namespaces: ['shop'],
      entryPoints: ['web', 'websecure'],
      hosts: ['legacy.shop.localhost', 'shop.localhost'],
    });
  });

  it('lights every path through a shared middleware', () => {
    const g = shop();
    const lit = highlightThrough(g, indexRoutersByNode(g), 'middleware:shop-security-headers@kubernetescrd');
    expect(lit.nodes.has('router:shop-storefront-3f9c1e7a2b4d5e6f7a8b@kubernetescrd')).toBe(true);
    expect(lit.nodes.has('router:shop-storefront-api-7c2d9e4f1a3b5c6d7e8f@kubernetescrd')).toBe(true);
    expect(lit.nodes.has('router:shop-admin-9e8d7c6b5a4f3e2d1c0b@kubernetescrd')).toBe(false);
  });
});

describe('column layout', () => {
  it('orders columns entrypoints → routers → middlewares → services → servers', () => {
    const g = shop();
    const pos = layoutColumns(g.nodes, g.edges);
    const x = (id: string) => pos.get(id)!.x;
    expect(x('entrypoint:web')).toBeLessThan(
      x('router:shop-storefront-api-7c2d9e4f1a3b5c6d7e8f@kubernetescrd'),
    );
    expect(x('middleware:shop-strip-api@kubernetescrd')).toBeLessThan(
      x('middleware:shop-security-headers@kubernetescrd'),
    );
    expect(x('service:shop-api-mirror@kubernetescrd')).toBeLessThan(x('service:shop-api-80@kubernetescrd'));
    expect(x('server:http://127.0.0.1:9201')).toBe(x('server:http://127.0.0.1:9401'));
  });

  it('lays out 1,000 routers with no overlaps in a column', () => {
    const g = buildGraph(generatedConfig(1000));
    expect(g.nodes.filter((n) => n.data.kind === 'router')).toHaveLength(1000);
    const pos = layoutColumns(g.nodes, g.edges);
    const seen = new Set<string>();
    for (const p of pos.values()) {
      const key = `${p.x}:${Math.round(p.y)}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });
});
