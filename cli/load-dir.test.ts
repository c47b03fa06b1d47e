import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { capture } from './commands/fixtures/shop-dir.ts';
import { runTrace } from './commands/trace.ts';
import { loadDir } from './load-dir.ts';

// A route in `apps` using a middleware in `shared`: Traefik refuses the reference unless allowCrossNamespace is on.
const MANIFESTS = `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata: { name: strip, namespace: shared }
spec:
  stripPrefix: { prefixes: [/app] }
---
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: { name: app, namespace: apps }
spec:
  entryPoints: [web]
  routes:
    - match: Host(\`app.example.com\`)
      kind: Rule
      middlewares: [{ name: strip, namespace: shared }]
      services: [{ name: app, port: 80 }]
---
apiVersion: v1
kind: Service
metadata: { name: app, namespace: apps }
spec: { ports: [{ name: http, port: 80 }] }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: app-1, namespace: apps, labels: { kubernetes.io/service-name: app } }
addressType: IPv4
ports: [{ name: http, port: 8080 }]
endpoints: [{ addresses: [10.0.0.7], conditions: { ready: true } }]
`;

const STATIC = (allow: boolean) => `entryPoints:
  web: { address: ":8000" }
providers:
  kubernetesCRD: { allowCrossNamespace: ${allow} }
`;

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function folder(allow: boolean): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'routeyard-load-'));
  await writeFile(join(dir, 'app.yaml'), MANIFESTS);
  await writeFile(join(dir, 'traefik.yml'), STATIC(allow));
  return dir;
}

describe('loadDir', () => {
  it.each([
    { desc: 'cross-namespace refused by default', allow: false, status: 404 },
    { desc: 'cross-namespace allowed by the static configuration', allow: true, status: 200 },
  ])('trace sees the provider options of --config: $desc', async ({ allow, status }) => {
    const d = await folder(allow);
    const c = capture();
    await runTrace(
      d,
      'GET',
      'http://app.example.com:8000/app/x',
      { config: join(d, 'traefik.yml'), json: true },
      c.io,
    );
    expect(JSON.parse(c.out()).outcome.status).toBe(status);
  });

  it('does not read the static configuration as a manifest', async () => {
    const d = await folder(true);
    const loaded = await loadDir(d, { config: join(d, 'traefik.yml') });
    expect(loaded.files).toEqual(['app.yaml']);
    expect(loaded.diagnostics.filter((x) => x.code === 'YAML002')).toEqual([]);
  });
});
