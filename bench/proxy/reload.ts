// File saved → traffic routed by the new rule, for `routeyard proxy --dir`: each edit renames the route's path
// prefix, then the client polls the new path until the proxy routes it. Reports the median and p90 in ms.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';

function manifests(prefix: string, backendPort: number): string {
  return `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: { name: app, namespace: default }
spec:
  entryPoints: [web]
  routes:
    - match: Host(\`a.example.com\`) && PathPrefix(\`${prefix}\`)
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
metadata: { name: app-1, namespace: default, labels: { kubernetes.io/service-name: app } }
addressType: IPv4
ports: [{ name: web, port: ${backendPort} }]
endpoints:
  - addresses: [127.0.0.1]
    conditions: { ready: true }
`;
}

async function status(port: number, path: string): Promise<number> {
  try {
    const res = await request(`http://127.0.0.1:${port}${path}`, { headers: { host: 'a.example.com' } });
    await res.body.dump();
    return res.statusCode;
  } catch {
    return 0;
  }
}

async function until(port: number, path: string, limitMs: number): Promise<number | undefined> {
  const t0 = performance.now();
  while (performance.now() - t0 < limitMs) {
    if ((await status(port, path)) === 200) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 1));
  }
  return undefined;
}

/** Runs the CLI on a temporary folder and times `edits` saves; undefined when the CLI does not start. */
export async function measureReloadLatency(
  cli: string,
  proxyPort: number,
  backendPort: number,
  edits = 20,
): Promise<{ median: number; p90: number; samples: number } | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'routeyard-reload-'));
  writeFileSync(join(dir, 'traefik.yml'), `entryPoints:\n  web:\n    address: "127.0.0.1:${proxyPort}"\n`);
  const manifestsDir = join(dir, 'manifests');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(manifestsDir);
  writeFileSync(join(manifestsDir, 'app.yaml'), manifests('/api/v0', backendPort));
  const child = spawn(
    process.execPath,
    [cli, 'proxy', '--dir', manifestsDir, '--config', join(dir, 'traefik.yml'), '--admin', '127.0.0.1:0'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  try {
    if ((await until(proxyPort, '/api/v0', 15_000)) === undefined) {
      process.stdout.write(`reload latency: the proxy never routed /api/v0; its output:\n${stderr}\n`);
      return undefined;
    }
    const times: number[] = [];
    for (let i = 1; i <= edits; i++) {
      const t0 = performance.now();
      writeFileSync(join(manifestsDir, 'app.yaml'), manifests(`/api/v${i}`, backendPort));
      const waited = await until(proxyPort, `/api/v${i}`, 5_000);
      if (waited !== undefined) times.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 50));
    }
    times.sort((a, b) => a - b);
    return {
      median: times[Math.floor((times.length - 1) / 2)] ?? Number.NaN,
      p90: times[Math.floor((times.length - 1) * 0.9)] ?? Number.NaN,
      samples: times.length,
    };
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
