import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type HttpRequest, parseManifests, parseStaticConfig, resolve, trace } from '../core/index.ts';

// The examples as core sees them: exactly one deliberate error, and each request of the README's tour goes
// where the comments say it goes.

const root = import.meta.dirname;

function manifestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'backends' ? [] : manifestFiles(path);
    return /\.ya?ml$/.test(e.name) && e.name !== 'traefik.yml' ? [path] : [];
  });
}

const parsed = manifestFiles(root).map((file) =>
  parseManifests(readFileSync(file, 'utf8'), relative(root, file)),
);
const staticConfig = parseStaticConfig(readFileSync(join(root, 'traefik.yml'), 'utf8'), 'traefik.yml');
const { config, diagnostics } = resolve(
  parsed.flatMap((p) => p.resources),
  { entryPoints: staticConfig.entryPoints, kubernetesCRD: staticConfig.kubernetesCRD },
);

describe('resolving the examples', () => {
  it('parses every file and the static configuration without a finding', () => {
    expect(parsed.flatMap((p) => p.diagnostics)).toEqual([]);
    expect(staticConfig.diagnostics).toEqual([]);
  });

  it('finds exactly one problem: the missing promo-banner middleware', () => {
    const findings = diagnostics.filter((d) => d.severity !== 'info');
    expect(findings.map((d) => `${d.source.file}:${d.source.line} ${d.code} ${d.message}`)).toEqual([
      'shop/routes/promo.yaml:19 REF001 middleware "shop-promo-banner@kubernetescrd" does not exist',
    ]);
  });

  it('listens on :8000 and :8443', () => {
    expect(config.entryPoints).toMatchObject({ web: { address: ':8000' }, websecure: { address: ':8443' } });
  });
});

const admin = `Basic ${btoa('admin:routeyard')}`;

describe('the README tour, traced', () => {
  it.each([
    {
      desc: 'plain HTTP /status is proxied',
      ep: 'web',
      url: 'http://shop.localhost/status',
      status: 200,
      upstream: 'http://127.0.0.1:7001/status',
    },
    {
      desc: 'plain HTTP elsewhere redirects',
      ep: 'web',
      url: 'http://shop.localhost/cart?id=1',
      status: 301,
      redirect: 'https://shop.localhost:8443/cart?id=1',
    },
    {
      desc: 'HTTPS / is the storefront',
      ep: 'websecure',
      url: 'https://shop.localhost/',
      status: 200,
      upstream: 'http://127.0.0.1:7001/',
    },
    {
      desc: 'the API loses its /api prefix',
      ep: 'websecure',
      url: 'https://shop.localhost/api/cart',
      status: 200,
      upstream: 'http://127.0.0.1:7002/cart',
    },
    {
      desc: 'admin from outside is refused',
      ep: 'websecure',
      url: 'https://shop.localhost/admin',
      ip: '10.1.2.3',
      status: 403,
    },
    {
      desc: 'admin without a password is challenged',
      ep: 'websecure',
      url: 'https://shop.localhost/admin',
      status: 401,
    },
    {
      desc: 'admin with the demo password',
      ep: 'websecure',
      url: 'https://shop.localhost/admin',
      auth: admin,
      status: 200,
      upstream: 'http://127.0.0.1:7005/admin',
    },
    {
      desc: 'the broken promo router falls through',
      ep: 'websecure',
      url: 'https://shop.localhost/promo',
      status: 200,
      upstream: 'http://127.0.0.1:7001/promo',
    },
    { desc: 'another host gets 404', ep: 'websecure', url: 'https://nobody.localhost/', status: 404 },
  ])('$desc', ({ ep, url, ip, auth, status, upstream, redirect }) => {
    const request: HttpRequest = {
      method: 'GET',
      url,
      headers: auth ? { authorization: auth } : {},
      remoteAddr: `${ip ?? '127.0.0.1'}:40000`,
    };
    const { outcome } = trace(config, request, { entryPoint: ep });
    expect(outcome.status).toBe(status);
    if (upstream) expect(outcome.upstreamUrl).toBe(upstream);
    if (redirect) expect(outcome.redirect).toBe(redirect);
  });

  it('mirrors every API request to api-mirror and picks the stable API or its canary', () => {
    const request: HttpRequest = { method: 'GET', url: 'https://shop.localhost/api/cart', headers: {} };
    const upstreams = Array.from(
      { length: 10 },
      (_, seed) => trace(config, request, { entryPoint: 'websecure', seed }).outcome,
    );
    expect(upstreams.every((o) => o.mirrors?.some((m) => m.includes('api-mirror')))).toBe(true);
    const ports = upstreams.map((o) => new URL(o.upstreamUrl ?? 'http://none').port);
    expect(ports.every((p) => p === '7002' || p === '7003')).toBe(true);
  });
});
