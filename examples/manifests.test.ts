import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_BACKENDS } from './backends/backends.ts';

// Consistency checks on the demo manifests: they must parse, keep the backends' ports in step with
// examples/backends, and contain exactly one deliberate mistake (the promo router's missing middleware).

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

const root = import.meta.dirname;

function manifestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'backends' ? [] : manifestFiles(path);
    return /\.ya?ml$/.test(e.name) && e.name !== 'traefik.yml' ? [path] : [];
  });
}

const objects: Array<Obj & { file: string }> = manifestFiles(root).flatMap((file) =>
  parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
    expect(doc.errors, relative(root, file)).toEqual([]);
    return { ...(doc.toJS() as Obj), file: relative(root, file) };
  }),
);

function named(kind: string, name: string): Obj | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.name === name);
}

type Route = {
  match: string;
  middlewares?: { name: string }[];
  services: { name: string; kind?: string }[];
};
const routes = objects
  .filter((o) => o.kind === 'IngressRoute')
  .flatMap((o) => ((o.spec?.routes ?? []) as Route[]).map((r) => ({ route: o.metadata.name, ...r })));

describe('examples manifests', () => {
  it('puts every object in the shop namespace with a traefik.io/v1alpha1 CRD version', () => {
    for (const o of objects) {
      if (o.kind === 'Namespace') continue;
      expect(o.metadata.namespace, `${o.kind} ${o.metadata.name}`).toBe('shop');
      if (['IngressRoute', 'Middleware', 'TraefikService'].includes(o.kind))
        expect(o.apiVersion).toBe('traefik.io/v1alpha1');
    }
  });

  it('gives each backend a Service and an EndpointSlice on the port examples/backends listens on', () => {
    for (const backend of DEFAULT_BACKENDS) {
      expect(named('Service', backend.name), backend.name).toBeDefined();
      const slice = objects.find(
        (o) =>
          o.kind === 'EndpointSlice' && o.metadata.labels?.['kubernetes.io/service-name'] === backend.name,
      );
      expect(slice?.ports).toEqual([{ name: 'http', port: backend.port, protocol: 'TCP' }]);
      expect(slice?.endpoints).toEqual([{ addresses: ['127.0.0.1'], conditions: { ready: true } }]);
    }
  });

  it('references only existing services, and only one missing middleware: promo-banner', () => {
    const missing: string[] = [];
    for (const r of routes) {
      for (const m of r.middlewares ?? [])
        if (!named('Middleware', m.name)) missing.push(`${r.route} -> ${m.name}`);
      for (const s of r.services)
        expect(named(s.kind ?? 'Service', s.name), `${r.route} -> ${s.name}`).toBeDefined();
    }
    expect(missing).toEqual(['promo -> promo-banner']);
  });

  it('splits the API 90/10 and mirrors it', () => {
    const split = named('TraefikService', 'api-split')?.spec as { weighted: { services: unknown[] } };
    expect(split.weighted.services).toEqual([
      { name: 'api', port: 80, weight: 90 },
      { name: 'api-canary', port: 80, weight: 10 },
    ]);
    const mirror = named('TraefikService', 'api-mirrored')?.spec as {
      mirroring: { name: string; mirrors: unknown[] };
    };
    expect(mirror.mirroring.name).toBe('api-split');
    expect(mirror.mirroring.mirrors).toEqual([{ name: 'api-mirror', port: 80, percent: 100 }]);
  });

  it('ships a TLS secret with a certificate and key, and a basicAuth users secret', () => {
    const tls = named('Secret', 'shop-localhost-tls') as Obj & { type: string; data: Record<string, string> };
    expect(tls.type).toBe('kubernetes.io/tls');
    expect(Buffer.from(tls.data['tls.crt'] ?? '', 'base64').toString()).toMatch(
      /^-----BEGIN CERTIFICATE-----/,
    );
    expect(Buffer.from(tls.data['tls.key'] ?? '', 'base64').toString()).toMatch(
      /^-----BEGIN PRIVATE KEY-----/,
    );
    const users = named('Secret', 'admin-users') as Obj & { data: Record<string, string> };
    expect(Buffer.from(users.data.users ?? '', 'base64').toString()).toMatch(/^admin:\$2y\$10\$/);
  });
});
