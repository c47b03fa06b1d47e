// Measures how long an external edit takes to reach an SSE client: write a file, wait for its `resources` event.
// Run: npx tsc -p tsconfig.build.json && node dist/server/src/measure/watch-latency.js [files] [edits]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '../server.ts';

const files = Number(process.argv[2] ?? 200);
const edits = Number(process.argv[3] ?? 50);

function route(i: number, host: string): string {
  return `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: r${i}, namespace: bench}
spec:
  routes:
    - match: Host(\`${host}\`)
      kind: Rule
      services: [{name: svc${i}, port: 80}]
`;
}

const dir = await mkdtemp(join(tmpdir(), 'routeyard-latency-'));
for (let i = 0; i < files; i++) await writeFile(join(dir, `r${i}.yaml`), route(i, `h${i}.example.com`));
const server = await createServer({ dir });
await server.app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
const res = await fetch(`${base}/api/v1/events`);
const reader = res.body!.getReader();
const decoder = new TextDecoder();
let buffer = '';

async function nextResourcesEvent(key: string): Promise<void> {
  for (;;) {
    const end = buffer.indexOf('\n\n');
    if (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (block.startsWith('event: resources') && block.includes(key)) return;
      continue;
    }
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended');
    buffer += decoder.decode(value, { stream: true });
  }
}

const samples: number[] = [];
for (let k = 0; k < edits; k++) {
  const i = k % files;
  const waiting = nextResourcesEvent(`IngressRoute/bench/r${i}`);
  const t0 = performance.now();
  await writeFile(join(dir, `r${i}.yaml`), route(i, `edit${k}.example.com`));
  await waiting;
  samples.push(performance.now() - t0);
}
samples.sort((a, b) => a - b);
const pick = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(1);
process.stdout.write(
  `external edit -> SSE 'resources' event, ${files} files, ${edits} edits\n` +
    `  median ${pick(0.5)} ms   p95 ${pick(0.95)} ms   max ${pick(1)} ms   (budget 500 ms)\n`,
);
await reader.cancel();
await server.close();
await rm(dir, { recursive: true, force: true });
