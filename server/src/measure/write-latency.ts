// Measures a dry run (diff, diagnostics, impact) and a real write of one IngressRoute among N, through the API.
// Run: npx tsc -p tsconfig.build.json && node dist/server/src/measure/write-latency.js [routes] [rounds]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '../server.ts';

const routes = Number(process.argv[2] ?? 1000);
const rounds = Number(process.argv[3] ?? 10);

const dir = await mkdtemp(join(tmpdir(), 'routeyard-writes-'));
for (let i = 0; i < routes; i++) {
  await writeFile(
    join(dir, `r${i}.yaml`),
    `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: r${i}, namespace: b}
spec:
  routes:
    - match: Host(\`h${i}.example.com\`) && PathPrefix(\`/api\`)
      kind: Rule
      services: [{name: web, port: 80}]
`,
  );
}
await writeFile(
  join(dir, 'web.yaml'),
  `apiVersion: v1
kind: Service
metadata: {name: web, namespace: b}
spec: {ports: [{port: 80}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, namespace: b, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{port: 80}]
endpoints: [{addresses: [10.0.0.1], conditions: {ready: true}}]
`,
);
const server = await createServer({ dir, watch: false });
const url = '/api/v1/resources/IngressRoute/b/r1';
const headers = { 'content-type': 'application/json' };
const timings: Record<'dryRun' | 'write', number[]> = { dryRun: [], write: [] };
for (let k = 0; k < rounds; k++) {
  const { yaml, resourceVersion } = (await server.app.inject({ method: 'GET', url })).json();
  const payload = JSON.stringify({ yaml: yaml.replace(/h1[^.]*\./, `h1-${k}.`), resourceVersion });
  for (const kind of ['dryRun', 'write'] as const) {
    const t0 = performance.now();
    const res = await server.app.inject({
      method: 'PUT',
      url: kind === 'dryRun' ? `${url}?dryRun=true` : url,
      headers,
      payload,
    });
    if (res.statusCode !== 200) throw new Error(`${kind}: ${res.statusCode} ${res.body}`);
    timings[kind].push(performance.now() - t0);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(0);
process.stdout.write(
  `one IngressRoute edited among ${routes}, ${rounds} rounds (median)\n` +
    `  dry run (diff + diagnostics + impact) ${median(timings.dryRun)} ms   write ${median(timings.write)} ms\n`,
);
await server.close();
await rm(dir, { recursive: true, force: true });
