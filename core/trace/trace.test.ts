import { describe, expect, it } from 'vitest';
import { base64Encode, utf8 } from '../middlewares/encoding.ts';
import type { HttpRequest } from '../request.ts';
import { stickyCookieValue } from './sticky.ts';
import { makeConfig, shopConfig } from './test-config.ts';
import { trace } from './trace.ts';
import type { TraceStep } from './types.ts';

const req = (
  url: string,
  headers: Record<string, string> = {},
  extra: Partial<HttpRequest> = {},
): HttpRequest => ({
  method: 'GET',
  url,
  headers,
  remoteAddr: '10.1.2.3:5555',
  ...extra,
});

const kinds = (steps: TraceStep[]) => steps.map((s) => s.kind);

describe('trace: the shop', () => {
  it('sends the cart API to the api service without its prefix', () => {
    const { outcome, steps } = trace(
      shopConfig(),
      req('https://shop.example.com/api/cart?x=1', { Origin: 'https://a.com' }),
    );
    expect(outcome).toMatchObject({
      status: 200,
      entryPoint: 'websecure',
      router: 'shop-storefront-api@kubernetescrd',
      source: 'shop/storefront',
      service: 'shop-api-80@kubernetescrd',
      upstreamUrl: 'http://10.0.0.5:8080/cart?x=1',
      responseHeaders: { 'Access-Control-Allow-Origin': '*' },
    });
    expect(outcome.upstreamHeaders).toMatchObject({
      Host: 'shop.example.com',
      'X-Forwarded-Prefix': '/api',
      'X-Forwarded-For': '10.1.2.3',
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Host': 'shop.example.com',
      'X-Forwarded-Port': '443',
      'X-Real-Ip': '10.1.2.3',
    });
    expect(kinds(steps)).toEqual([
      'entrypoint',
      'router',
      'router',
      'middleware',
      'middleware',
      'service',
      'server',
      'upstream',
    ]);
    const miss = steps[1];
    expect(miss).toMatchObject({
      kind: 'router',
      name: 'shop-admin@kubernetescrd',
      verdict: 'miss',
      failed: [{ text: 'PathPrefix(`/admin`)' }],
    });
  });

  it('redirects plain http to https with a 301', () => {
    const { outcome } = trace(shopConfig(), req('http://shop.example.com/x?y=1'));
    expect(outcome).toMatchObject({
      status: 301,
      entryPoint: 'web',
      router: 'shop-redirect@kubernetescrd',
      redirect: 'https://shop.example.com/x?y=1',
    });
  });

  it('answers 401 to the admin area without credentials, and forwards with them', () => {
    const denied = trace(shopConfig(), req('https://shop.example.com/admin'));
    expect(denied.outcome).toMatchObject({
      status: 401,
      responseHeaders: { 'WWW-Authenticate': 'Basic realm="traefik"' },
    });
    expect(denied.steps.at(-1)).toMatchObject({
      kind: 'response',
      status: 401,
      from: 'middleware shop-auth@kubernetescrd',
    });
    const auth = `Basic ${base64Encode(utf8('test:test'))}`;
    const allowed = trace(shopConfig(), req('https://shop.example.com/admin', { Authorization: auth }));
    expect(allowed.outcome.status).toBe(200);
    expect(allowed.outcome.service).toBe('shop-web-80@kubernetescrd');
  });

  it('gives a 404 with the closest misses', () => {
    const { outcome, steps } = trace(shopConfig(), req('https://blog.example.com/fed'));
    // Go's http.NotFound: a text body with these two headers, as the proxy answers.
    expect(outcome).toEqual({
      status: 404,
      entryPoint: 'websecure',
      responseHeaders: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
    });
    const noMatch = steps.find((s) => s.kind === 'no-match');
    if (noMatch?.kind !== 'no-match') throw new Error('no no-match step');
    expect(noMatch.closestMisses[0]).toMatchObject({
      router: 'blog@kubernetescrd',
      clause: { text: 'Path(`/feed`)', matcher: 'Path' },
    });
    // Then routers of hosts within three edits that would match but for their Host.
    expect(noMatch.closestMisses.slice(1).every((m) => m.clause.matcher === 'Host')).toBe(true);
  });

  it('suggests the routers of a similar host for a typo', () => {
    const { steps } = trace(shopConfig(), req('https://shop.exmaple.com/admin'));
    const noMatch = steps.find((s) => s.kind === 'no-match');
    if (noMatch?.kind !== 'no-match') throw new Error('no no-match step');
    expect(noMatch.closestMisses.map((m) => [m.router, m.clause.matcher])).toEqual([
      ['shop-admin@kubernetescrd', 'Host'],
      ['shop-storefront-web@kubernetescrd', 'Host'],
    ]);
    expect(steps.at(-1)).toMatchObject({ kind: 'response', status: 404, body: '404 page not found\n' });
  });

  it('only TLS routers serve https, only the others serve http', () => {
    expect(trace(shopConfig(), req('http://blog.example.com/feed')).outcome.status).toBe(404);
    expect(trace(shopConfig(), req('https://blog.example.com/feed')).outcome.status).toBe(200);
  });
});

describe('trace: weighted canary', () => {
  it('is deterministic for a seed and follows the weights', () => {
    const config = shopConfig();
    const pick = (seed: number) => trace(config, req('https://shop.example.com/'), { seed }).outcome.service;
    expect(pick(7)).toBe(pick(7));
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 1000; seed++) {
      const s = pick(seed) as string;
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    const v2 = counts.get('shop-web-v2-80@kubernetescrd') ?? 0;
    expect(v2).toBeGreaterThan(50);
    expect(v2).toBeLessThan(150);
  });

  it('shows the weights and the choice', () => {
    const { steps } = trace(shopConfig(), req('https://shop.example.com/'), { seed: 1 });
    const weighted = steps.find((s) => s.kind === 'service' && s.type === 'weighted');
    expect(weighted).toMatchObject({
      name: 'shop-canary@kubernetescrd',
      seed: 1,
      candidates: [
        { name: 'shop-web-80@kubernetescrd', weight: 9 },
        { name: 'shop-web-v2-80@kubernetescrd', weight: 1 },
      ],
    });
  });

  it('honours a sticky cookie', () => {
    const config = shopConfig();
    const canary = config.http.services['shop-canary@kubernetescrd'];
    if (canary?.weighted) canary.weighted.sticky = { cookie: { name: 'canary' } };
    const cookie = `canary=${stickyCookieValue('shop-web-v2-80@kubernetescrd')}`;
    for (let seed = 0; seed < 20; seed++) {
      const { outcome, steps } = trace(config, req('https://shop.example.com/', { Cookie: cookie }), {
        seed,
      });
      expect(outcome.service).toBe('shop-web-v2-80@kubernetescrd');
      expect(steps.find((s) => s.kind === 'service')).toMatchObject({
        sticky: { cookie: 'canary', honoured: true },
      });
    }
  });
});

describe('trace: service trees and failures', () => {
  const base = () =>
    makeConfig({
      routers: { 'r@file': { rule: 'Host(`a.com`)', service: 'top@file', entryPoints: ['web'] } },
      services: {
        'main@file': { loadBalancer: { servers: [{ url: 'http://10.0.0.1:80' }] } },
        'shadow@file': { loadBalancer: { servers: [{ url: 'http://10.0.9.9:80' }] } },
        'empty@file': { loadBalancer: { servers: [] } },
        'top@file': { mirroring: { service: 'main@file', mirrors: [{ name: 'shadow@file', percent: 100 }] } },
      },
    });

  it('names the mirrors that receive a copy', () => {
    const { outcome } = trace(base(), req('http://a.com/x'));
    expect(outcome).toMatchObject({
      status: 200,
      service: 'main@file',
      upstreamUrl: 'http://10.0.0.1:80/x',
      mirrors: ['shadow@file'],
    });
  });

  it('answers 503 "no available server" for a load balancer without servers', () => {
    const config = base();
    (config.http.routers['r@file'] as { service: string }).service = 'empty@file';
    const { outcome, steps } = trace(config, req('http://a.com/'));
    expect(outcome.status).toBe(503);
    expect(steps.find((s) => s.kind === 'error')).toMatchObject({
      at: 'service',
      message: 'no available server',
      status: 503,
    });
  });

  it('skips a router whose service is missing, as Traefik does, and says so', () => {
    const config = base();
    config.http.routers['broken@file'] = {
      rule: 'Host(`a.com`) && Path(`/x`)',
      service: 'nope@file',
      entryPoints: ['web'],
    };
    const { outcome, steps } = trace(config, req('http://a.com/x'));
    expect(outcome.router).toBe('r@file');
    expect(steps.find((s) => s.kind === 'router-disabled')).toMatchObject({
      name: 'broken@file',
      errors: ['service "nope@file" does not exist'],
    });
  });

  it('skips a router the resolver disabled (missing middleware)', () => {
    const config = base();
    const r = config.http.routers['r@file'];
    if (r) r.middlewares = ['ghost@file'];
    const { outcome, steps } = trace(config, req('http://a.com/'));
    expect(outcome.status).toBe(404);
    expect(steps.find((s) => s.kind === 'router-disabled')).toMatchObject({
      errors: ['middleware "ghost@file" does not exist'],
    });
  });

  it('follows failover to its main service and passHostHeader false', () => {
    const config = base();
    config.http.services['top@file'] = { failover: { service: 'main@file', fallback: 'shadow@file' } };
    (
      config.http.services['main@file'] as { loadBalancer: { passHostHeader?: boolean } }
    ).loadBalancer.passHostHeader = false;
    const { outcome } = trace(config, req('http://a.com/'));
    expect(outcome.upstreamHeaders?.Host).toBe('10.0.0.1:80');
  });

  it('expands chains in order', () => {
    const config = base();
    config.http.middlewares = {
      'c@file': { chain: { middlewares: ['p1', 'p2'] } },
      'p1@file': { addPrefix: { prefix: '/one' } },
      'p2@file': { addPrefix: { prefix: '/two' } },
    };
    (config.http.routers['r@file'] as { middlewares?: string[] }).middlewares = ['c@file'];
    const { outcome, steps } = trace(config, req('http://a.com/x'));
    expect(outcome.upstreamUrl).toBe('http://10.0.0.1:80/two/one/x');
    expect(steps.filter((s) => s.kind === 'middleware').map((s) => (s as { via: string[] }).via)).toEqual([
      ['c@file'],
      ['c@file'],
    ]);
  });

  it('applies the entrypoint redirection before any router', () => {
    const config = base();
    config.entryPoints = {
      web: { address: ':8000', http: { redirections: { entryPoint: { to: 'websecure', scheme: 'https' } } } },
      websecure: { address: ':8443' },
    };
    const { outcome } = trace(config, req('http://a.com:8000/x?q=1'));
    expect(outcome).toMatchObject({
      status: 301,
      router: 'web-to-websecure@internal',
      redirect: 'https://a.com:8443/x?q=1',
    });
  });

  it('serves the errors page of a failing service, keeping the status', () => {
    const config = base();
    config.http.middlewares = {
      'oops@file': { errors: { status: ['500-599'], service: 'shadow@file', query: '/{status}.html' } },
    };
    const r = config.http.routers['r@file'];
    if (r) {
      r.service = 'empty@file';
      r.middlewares = ['oops@file'];
    }
    const { outcome, steps } = trace(config, req('http://a.com/'));
    expect(outcome.status).toBe(503);
    expect(steps.find((s) => s.kind === 'error-page')).toEqual({
      kind: 'error-page',
      service: 'shadow@file',
      query: '/503.html',
      originalStatus: 503,
      status: 503,
    });
  });

  it('applies errors pages and statusRewrites to a later middleware answer', () => {
    const config = base();
    config.http.middlewares = {
      'pages@file': { errors: { status: ['401'], service: 'shadow@file', statusRewrites: { '401': 404 } } },
      'auth@file': { basicAuth: { users: ['test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/'] } },
    };
    const r = config.http.routers['r@file'];
    if (r) r.middlewares = ['pages@file', 'auth@file'];
    const { outcome } = trace(config, req('http://a.com/'));
    expect(outcome.status).toBe(404);
  });

  it('sets a sticky cookie when the request has none, and then honours it', () => {
    const config = base();
    const lb = config.http.services['main@file']?.loadBalancer;
    if (lb) {
      lb.servers.push({ url: 'http://10.0.0.2:80' });
      lb.sticky = { cookie: { name: 'lb', httpOnly: true, sameSite: 'lax' } };
    }
    const first = trace(config, req('http://a.com/'), { seed: 3 });
    const setCookie = first.outcome.responseHeaders?.['Set-Cookie'] as string;
    expect(setCookie).toMatch(/^lb=[0-9a-f]{16}; Path=\/; HttpOnly; SameSite=Lax$/);
    const cookie = setCookie.split(';')[0] as string;
    for (let seed = 0; seed < 10; seed++) {
      const again = trace(config, req('http://a.com/', { Cookie: cookie }), { seed });
      expect(again.outcome.upstreamUrl).toBe(first.outcome.upstreamUrl);
      expect(again.outcome.responseHeaders?.['Set-Cookie']).toBeUndefined();
    }
  });

  it('treats routers of an entrypoint with http.tls as TLS routers', () => {
    const config = base();
    config.entryPoints = { websecure: { address: ':443', http: { tls: {} } } };
    const r = config.http.routers['r@file'];
    if (r) r.entryPoints = ['websecure'];
    expect(trace(config, req('https://a.com/')).outcome.status).toBe(200);
    expect(trace(config, req('http://a.com:443/')).outcome.status).toBe(404);
  });

  it('chooses the entrypoint from the request', () => {
    const { steps, outcome } = trace(base(), req('http://a.com/', {}, { entryPoint: 'websecure' }));
    expect(steps[0]).toMatchObject({ kind: 'entrypoint', name: 'websecure', chosenBy: 'request' });
    expect(outcome.status).toBe(404);
  });

  it('is fast to repeat: the same config object is prepared once', () => {
    const config = base();
    const a = trace(config, req('http://a.com/'));
    const b = trace(config, req('http://a.com/'));
    expect(a).toEqual(b);
  });
});
