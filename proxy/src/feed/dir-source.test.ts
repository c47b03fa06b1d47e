import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningProxy, runProxy } from '../run.ts';
import { type Backend, type Echo, send, startBackend, testCertificate } from '../testing/backends.ts';

function manifests(match: string, port: number): string {
  return `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: { name: app, namespace: default }
spec:
  entryPoints: [web]
  routes:
    - match: ${match}
      kind: Rule
      services: [{ name: app, port: 80 }]
---
apiVersion: v1
kind: Service
metadata: { name: app, namespace: default }
spec:
  ports: [{ name: web, port: 80 }]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: app-1
  namespace: default
  labels: { kubernetes.io/service-name: app }
addressType: IPv4
ports: [{ name: web, port: ${port} }]
endpoints:
  - addresses: [127.0.0.1]
    conditions: { ready: true }
`;
}

describe('proxy --dir: reads a folder, watches it, refuses a broken file', () => {
  let dir: string;
  let backend: Backend;
  let running: RunningProxy;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'routeyard-dir-'));
    backend = await startBackend('app');
    writeFileSync(join(dir, 'traefik.yml'), 'entryPoints:\n  web:\n    address: "127.0.0.1:0"\n');
    writeFileSync(join(dir, 'app.yaml'), manifests('Host(`foo.com`) && PathPrefix(`/bar`)', backend.port));
    running = await runProxy({
      dir,
      staticConfig: join(dir, 'traefik.yml'),
      log: () => undefined,
      defaultCertificate: await testCertificate(),
    });
    base = `http://${running.proxy.addresses().web}`;
  });

  afterAll(async () => {
    await running.stop();
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the resolved manifests', async () => {
    const res = await send(base, '/bar/x', { host: 'foo.com' });
    expect(res.status).toBe(200);
    expect((JSON.parse(res.text) as Echo).url).toBe('/bar/x');
  });

  it('reloads when a file is saved', async () => {
    const next = running.nextApply();
    writeFileSync(join(dir, 'app.yaml'), manifests('Host(`foo.com`) && PathPrefix(`/baz`)', backend.port));
    expect((await next).ok).toBe(true);
    expect((await send(base, '/baz/x', { host: 'foo.com' })).status).toBe(200);
    expect((await send(base, '/bar/x', { host: 'foo.com' })).status).toBe(404);
  });

  it('keeps the last good configuration when a file does not parse', async () => {
    const next = running.nextApply();
    writeFileSync(join(dir, 'app.yaml'), 'apiVersion: v1\nkind: [unclosed\n');
    const r = await next;
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toContain('app.yaml:');
    expect((await send(base, '/baz/x', { host: 'foo.com' })).status).toBe(200);
  });
});
