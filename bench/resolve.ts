// Resolve at scale: 10,000 IngressRoutes, 2,000 Middlewares, 5,000 Services (+ one EndpointSlice each), generated
// as YAML text. Times parse, validate and resolve from text, then the incremental resolver re-resolving after one
// object changes (an IngressRoute, a Service's EndpointSlice, a Middleware). Prints a table; asserts nothing.
import {
  createResolver,
  type ParsedResource,
  parseManifests,
  resolve,
  validateResource,
} from '../core/index.ts';

const ROUTES = 10_000;
const MIDDLEWARES = 2_000;
const SERVICES = 5_000;
const FILES = 100;
const NAMESPACES = 10;

function ingressRoute(i: number, variant = 0): string {
  const ns = `ns${i % NAMESPACES}`;
  const mws = [`mw${i % MIDDLEWARES}`, `mw${(i * 7) % MIDDLEWARES}`]
    .filter((m) => Number(m.slice(2)) % NAMESPACES === i % NAMESPACES)
    .map((m) => `        - name: ${m}\n`)
    .join('');
  return `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: app-${i}
  namespace: ${ns}
spec:
  entryPoints: [web]
  routes:
    - match: Host(\`app-${i}.example.com\`) && PathPrefix(\`/v${variant}\`)
      kind: Rule
${mws === '' ? '' : `      middlewares:\n${mws}`}      services:
        - name: svc-${i % SERVICES}
          port: 80
`;
}

function middleware(i: number): string {
  return `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: mw${i}
  namespace: ns${i % NAMESPACES}
spec:
  stripPrefix:
    prefixes: [/v${i}]
`;
}

function service(i: number, ip = i): string {
  const ns = `ns${i % NAMESPACES}`;
  return `apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
  namespace: ${ns}
spec:
  ports:
    - name: http
      port: 80
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: svc-${i}-a
  namespace: ${ns}
  labels:
    kubernetes.io/service-name: svc-${i}
addressType: IPv4
ports:
  - name: http
    port: 8080
endpoints:
  - addresses: [10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}]
    conditions: { ready: true }
`;
}

function files(): Map<string, string> {
  const docs: string[][] = Array.from({ length: FILES }, () => []);
  for (let i = 0; i < ROUTES; i++) docs[i % FILES]?.push(ingressRoute(i));
  for (let i = 0; i < MIDDLEWARES; i++) docs[i % FILES]?.push(middleware(i));
  for (let i = 0; i < SERVICES; i++) docs[i % FILES]?.push(service(i));
  return new Map(docs.map((d, f) => [`f${f}.yaml`, d.join('---\n')]));
}

// CPU time of the whole process (main thread, GC and compiler threads) per phase, beside the wall time: on a shared
// machine the wall time swings with the load, the CPU time much less, so it is the figure to compare runs by.
const cpuMs = new Map<number, number>();
let phase = 0;

function time<T>(fn: () => T): [T, number] {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  cpuMs.set(phase++, (c.user + c.system) / 1000);
  return [value, wall];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function one(text: string, file: string): ParsedResource {
  const r = parseManifests(text, file).resources[0];
  if (r === undefined) throw new Error('generated document did not parse');
  return r;
}

const inputs = files();
const bytes = [...inputs.values()].reduce((n, t) => n + t.length, 0);
const [resources, parseMs] = time(() =>
  [...inputs].flatMap(([file, text]) => parseManifests(text, file).resources),
);
const [, validateMs] = time(() => resources.flatMap((r) => validateResource(r)));
const [full, resolveMs] = time(() => resolve(resources));
// Again, with the JIT warm and the rule and name caches filled (what a server re-resolving from scratch sees).
const [, warmMs] = time(() => resolve(resources));
const [resolver, initMs] = time(() => createResolver(resources));

const rounds = 15;
const irMs: number[] = [];
const svcMs: number[] = [];
const mwMs: number[] = [];
let same = true;
for (let k = 1; k <= rounds; k++) {
  const i = (k * 613) % ROUTES;
  irMs.push(time(() => resolver.update([one(ingressRoute(i, k), `f${i % FILES}.yaml`)]))[1]);
  const s = (k * 331) % SERVICES;
  const sliceDoc = service(s, s + 100_000).split('---\n')[1] ?? '';
  svcMs.push(time(() => resolver.update([one(sliceDoc, `f${s % FILES}.yaml`)]))[1]);
  const m = (k * 97) % MIDDLEWARES;
  mwMs.push(time(() => resolver.update([one(middleware(m).replace('/v', '/w'), `f${m % FILES}.yaml`)]))[1]);
}
// Put everything back and compare with a full resolve of the original input: the same bytes.
const restored = resolver.update(resources);
same = JSON.stringify(restored) === JSON.stringify(full);

const ratio = (ms: number, target: number) => `${(ms / target).toFixed(2)}× target (${target})`;
const cpu = (k: number): string => (cpuMs.get(k) ?? 0).toFixed(0);
const rows: [string, string, string, string][] = [
  ['parse (yaml → objects)', parseMs.toFixed(0), cpu(0), ''],
  ['validate (schemas)', validateMs.toFixed(0), cpu(1), ''],
  ['resolve (full, first run)', resolveMs.toFixed(0), cpu(2), ''],
  ['resolve (full, second run)', warmMs.toFixed(0), cpu(3), ''],
  [
    'parse + validate + resolve',
    (parseMs + validateMs + resolveMs).toFixed(0),
    ((cpuMs.get(0) ?? 0) + (cpuMs.get(1) ?? 0) + (cpuMs.get(2) ?? 0)).toFixed(0),
    ratio(parseMs + validateMs + resolveMs, 1000),
  ],
  ['createResolver (initial)', initMs.toFixed(0), cpu(4), ''],
  ['update: one IngressRoute (median)', median(irMs).toFixed(1), '', ratio(median(irMs), 20)],
  ['update: one EndpointSlice (median)', median(svcMs).toFixed(1), '', ratio(median(svcMs), 20)],
  ['update: one Middleware (median)', median(mwMs).toFixed(1), '', ratio(median(mwMs), 20)],
];
console.log(
  `${resources.length} objects in ${inputs.size} files, ${(bytes / 1e6).toFixed(1)} MB of YAML; ` +
    `${Object.keys(full.config.http.routers).length} routers, ${Object.keys(full.config.http.services).length} services, ` +
    `${full.diagnostics.length} diagnostics; incremental result identical to full resolve: ${same}`,
);
console.log('| phase | ms | cpu ms | vs target |\n| --- | ---: | ---: | --- |');
for (const [name, ms, cpuText, note] of rows) console.log(`| ${name} | ${ms} | ${cpuText} | ${note} |`);
