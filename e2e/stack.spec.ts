import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, RuntimeConfig } from '../core/index.ts';
import { setupE2E } from './fixture.ts';
import { echoOf } from './http.ts';
import { waitFor } from './processes.ts';

// The real processes without a browser: the server's API over the examples, and the proxy's answers through
// every feature the examples show (redirect, TLS, stripPrefix, canary, mirror, allow list + basic auth, the
// broken router).

const e2e = setupE2E('stack');

function routerNamed(
  config: RuntimeConfig,
  ingressRoute: string,
): [string, NonNullable<RuntimeConfig['http']>['routers'][string]] {
  const entries = Object.entries(config.http?.routers ?? {}).filter(([name]) =>
    name.startsWith(`shop-${ingressRoute}-`),
  );
  expect(
    entries.map(([name]) => name),
    `routers of IngressRoute ${ingressRoute}`,
  ).toHaveLength(1);
  return entries[0] as [string, NonNullable<RuntimeConfig['http']>['routers'][string]];
}

describe('stack: API and proxy on the examples', () => {
  it('answers healthz and reports the proxy applied on the configured entrypoints', async () => {
    const { stack } = e2e;
    expect(await stack.api.get('/api/v1/healthz')).toEqual({ ok: true });
    const status = await stack.waitApplied();
    expect(status.entryPoints?.web).toContain(String(stack.ports.web));
    expect(status.entryPoints?.websecure).toContain(String(stack.ports.websecure));
  });

  it('resolves one router per example route and disables the promo router for its missing middleware', async () => {
    const { config } = await e2e.stack.api.get<{ version: string; config: RuntimeConfig }>('/api/v1/config');
    for (const name of ['status', 'http-to-https', 'storefront', 'api', 'admin']) {
      const [, router] = routerNamed(config, name);
      expect(router.status ?? 'enabled', name).toBe('enabled');
    }
    const [, promo] = routerNamed(config, 'promo');
    expect(promo.status).toBe('disabled');
    expect(promo.errors?.join('\n')).toContain('middleware "shop-promo-banner@kubernetescrd" does not exist');
    for (const mw of ['redirect-https', 'strip-api-prefix', 'admin-allowlist', 'admin-auth']) {
      expect(config.http?.middlewares?.[`shop-${mw}@kubernetescrd`], mw).toBeDefined();
    }
  });

  it('reports the missing middleware as REF001 at its line in routes/promo.yaml', async () => {
    const { items } = await e2e.stack.api.get<{ items: Diagnostic[] }>('/api/v1/diagnostics');
    const ref = items.find((d) => d.code === 'REF001');
    expect(ref, JSON.stringify(items, null, 2)).toBeDefined();
    const lines = readFileSync(join(e2e.stack.dir, 'shop/routes/promo.yaml'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('- name: promo-banner')) + 1;
    expect(ref?.source.file).toMatch(/shop\/routes\/promo\.yaml$/);
    expect(ref?.source.line).toBe(line);
  });

  it('serves /status over plain HTTP and redirects every other path to HTTPS', async () => {
    const { stack } = e2e;
    const status = await stack.web('/status');
    expect(status.status).toBe(200);
    expect(echoOf(status).backend).toBe('web');
    const cart = await stack.web('/cart?id=1');
    expect(cart.status).toBe(301);
    expect(cart.headers.location).toBe(`https://shop.localhost:${stack.ports.websecure}/cart?id=1`);
  });

  it('serves HTTPS with the demo certificate for shop.localhost', async () => {
    const subject = await new Promise<string>((resolve, reject) => {
      const socket = connect(
        {
          host: '127.0.0.1',
          port: e2e.stack.ports.websecure,
          servername: 'shop.localhost',
          rejectUnauthorized: false,
        },
        () => {
          resolve(String(socket.getPeerCertificate().subject?.CN ?? ''));
          socket.end();
        },
      );
      socket.on('error', reject);
    });
    expect(subject).toBe('shop.localhost');
    const home = await e2e.stack.websecure('/');
    expect(echoOf(home).backend).toBe('web');
  });

  it('strips /api and splits the API 90/10 between api and api-canary, mirroring each request', async () => {
    const { stack } = e2e;
    const answered: string[] = [];
    for (let i = 0; i < 10; i++) {
      const echo = echoOf(await stack.websecure(`/api/cart?n=${i}`));
      expect(echo.url).toBe(`/cart?n=${i}`);
      expect(echo.headers['x-forwarded-prefix']).toBe('/api');
      answered.push(echo.backend);
    }
    expect(answered.filter((b) => b === 'api')).toHaveLength(9);
    expect(answered.filter((b) => b === 'api-canary')).toHaveLength(1);
    await waitFor('mirrored copies', async () =>
      stack.seen.filter((s) => s.startsWith('api-mirror GET /cart?n=')).length === 10 ? true : undefined,
    );
  });

  it('asks for the admin password, then lets the admin in without forwarding the credentials', async () => {
    const { stack } = e2e;
    const denied = await stack.websecure('/admin/orders');
    expect(denied.status).toBe(401);
    expect(denied.headers['www-authenticate']).toContain('realm="shop admin"');
    const wrong = await stack.websecure('/admin/orders', {
      headers: { authorization: `Basic ${btoa('admin:nope')}` },
    });
    expect(wrong.status).toBe(401);
    const ok = await stack.websecure('/admin/orders', {
      headers: { authorization: `Basic ${btoa('admin:routeyard')}` },
    });
    const echo = echoOf(ok);
    expect(echo.backend).toBe('admin');
    expect(echo.headers.authorization).toBeUndefined();
  });

  it('lets /promo fall through to the storefront while its router is disabled, and answers 404 for other hosts', async () => {
    const { stack } = e2e;
    expect(echoOf(await stack.websecure('/promo')).backend).toBe('web');
    const other = await stack.websecure('/', { headers: { host: 'nobody.localhost' } });
    expect(other.status).toBe(404);
  });

  it('lists every example object and never returns Secret data', async () => {
    const { items } = await e2e.stack.api.get<{ items: { kind: string; metadata: { name: string } }[] }>(
      '/api/v1/resources',
    );
    const names = items.map((i) => `${i.kind}/${i.metadata.name}`);
    for (const expected of [
      'IngressRoute/promo',
      'Middleware/admin-auth',
      'TraefikService/api-split',
      'Secret/admin-users',
    ]) {
      expect(names).toContain(expected);
    }
    const secret = await e2e.stack.api.get<{ object: Record<string, unknown>; yaml: string }>(
      '/api/v1/resources/Secret/shop/admin-users',
    );
    expect(secret.object.data).toBeUndefined();
    expect(secret.yaml).not.toContain('YWRtaW46');
  });
});
