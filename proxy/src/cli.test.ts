// The `routeyard proxy` command as a process: it serves a folder and exits 0 on SIGTERM after draining.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { send, startBackend } from './testing/backends.ts';

const bin = fileURLToPath(new URL('../../cli/bin/routeyard.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(!built)('routeyard proxy (needs npm run build:node)', () => {
  it('serves --dir and exits 0 on SIGTERM', async () => {
    const backend = await startBackend('app');
    const dir = mkdtempSync(join(tmpdir(), 'routeyard-cli-'));
    const port = await freePort();
    writeFileSync(join(dir, 'traefik.yml'), `entryPoints:\n  web:\n    address: "127.0.0.1:${port}"\n`);
    const manifests = join(dir, 'm');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(manifests);
    writeFileSync(
      join(manifests, 'app.yaml'),
      `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: { name: app, namespace: default }
spec:
  entryPoints: [web]
  routes:
    - match: PathPrefix(\`/\`)
      kind: Rule
      services: [{ name: app, port: 80 }]
---
apiVersion: v1
kind: Service
metadata: { name: app, namespace: default }
spec:
  ports: [{ port: 80 }]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: app-1, namespace: default, labels: { kubernetes.io/service-name: app } }
addressType: IPv4
ports: [{ port: ${backend.port} }]
endpoints: [{ addresses: [127.0.0.1], conditions: { ready: true } }]
`,
    );
    const child = spawn(
      process.execPath,
      [bin, 'proxy', '--dir', manifests, '--config', join(dir, 'traefik.yml'), '--admin', '127.0.0.1:0'],
      {
        stdio: 'ignore',
      },
    );
    try {
      let status = 0;
      for (let i = 0; i < 100 && status !== 200; i++) {
        status = await send(`http://127.0.0.1:${port}`, '/x').then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
