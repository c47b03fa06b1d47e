// Trace time per request on configurations of 10, 1,000 and 10,000 routers (hosts with an API route behind
// stripPrefix + CORS headers, a basicAuth admin route, a health route and a weighted canary for the rest), by kind of
// request, next to the bare router-table lookup the trace starts with. Prints microseconds; asserts nothing.
import { buildRouterTable, type HttpRequest, type RuntimeConfig, trace } from '../core/index.ts';
import { medianNsPerCall } from './lib/per-call.ts';

const SIZES = [10, 1_000, 10_000];
const BATCHES = 15;
const ROUTES_PER_HOST = 4;

function makeRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function makeConfig(routers: number): RuntimeConfig {
  const config: RuntimeConfig = {
    http: { routers: {}, middlewares: {}, services: {}, serversTransports: {} },
    tls: { certificates: [], options: {}, stores: {} },
    entryPoints: { web: { address: ':80' }, websecure: { address: ':443' } },
    version: 'bench',
  };
  const { http } = config;
  http.middlewares['strip-api@file'] = { stripPrefix: { prefixes: ['/api'] } };
  http.middlewares['cors@file'] = { headers: { accessControlAllowOriginList: ['*'], frameDeny: true } };
  http.middlewares['auth@file'] = { basicAuth: { users: ['admin:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g='] } };
  const hosts = Math.max(1, Math.ceil(routers / ROUTES_PER_HOST));
  for (let h = 0; h < hosts; h++) {
    const host = `h${h}.example.com`;
    const lb = (i: number) => ({
      loadBalancer: {
        servers: [{ url: `http://10.${h % 250}.${i}.1:8080` }, { url: `http://10.${h % 250}.${i}.2:8080` }],
      },
    });
    http.services[`h${h}-v1@file`] = lb(1);
    http.services[`h${h}-v2@file`] = lb(2);
    http.services[`h${h}-canary@file`] = {
      weighted: {
        services: [
          { name: `h${h}-v1@file`, weight: 9 },
          { name: `h${h}-v2@file`, weight: 1 },
        ],
      },
    };
    const routes = [
      {
        rule: `Host(\`${host}\`) && PathPrefix(\`/api\`)`,
        middlewares: ['strip-api@file', 'cors@file'],
        service: `h${h}-v1@file`,
      },
      {
        rule: `Host(\`${host}\`) && PathPrefix(\`/admin\`)`,
        middlewares: ['auth@file'],
        service: `h${h}-v1@file`,
      },
      { rule: `Host(\`${host}\`) && Path(\`/health\`)`, service: `h${h}-v2@file` },
      { rule: `Host(\`${host}\`)`, service: `h${h}-canary@file` },
    ];
    routes.slice(0, Math.min(ROUTES_PER_HOST, routers - h * ROUTES_PER_HOST)).forEach((r, i) => {
      http.routers[`h${h}-r${i}@file`] = { entryPoints: ['websecure'], tls: {}, ...r };
    });
  }
  return config;
}

function makeRequests(routers: number, kind: string, count: number): HttpRequest[] {
  const random = makeRandom(7);
  const hosts = Math.max(1, Math.ceil(routers / ROUTES_PER_HOST));
  return Array.from({ length: count }, () => {
    const h = Math.floor(random() * hosts);
    const path = { api: '/api/cart?x=1', admin: '/admin/users', web: '/products/42', miss: '/' }[
      kind
    ] as string;
    const host = kind === 'miss' ? `unknown${h}.example.org` : `h${h}.example.com`;
    return {
      method: 'GET',
      url: `https://${host}${path}`,
      headers: { Origin: 'https://a.com' },
      remoteAddr: '10.9.8.7:5000',
    };
  });
}

// Median microseconds per call over batches sized to take roughly `batchMs` each.
function measure(fn: (req: HttpRequest) => unknown, reqs: HttpRequest[], batchMs: number): number {
  return medianNsPerCall(fn, reqs, { batchMs, batches: BATCHES, maxBatch: 1 << 20 }) / 1000;
}

// Warm the JIT on a small configuration first, so that the first row is not measuring compilation.
{
  const warm = makeConfig(40);
  for (const kind of ['api', 'admin', 'web', 'miss'])
    for (const req of makeRequests(40, kind, 500)) trace(warm, req);
}

const rows: string[][] = [];
for (const n of SIZES) {
  const config = makeConfig(n);
  const t0 = performance.now();
  trace(config, makeRequests(n, 'web', 1)[0] as HttpRequest);
  const coldMs = performance.now() - t0;
  const table = buildRouterTable(
    Object.entries(config.http.routers).map(([name, r]) => ({ name, rule: r.rule })),
  );
  const lookup = measure(table.match, makeRequests(n, 'web', 2048), 40);
  for (const kind of ['api', 'admin', 'web', 'miss']) {
    const reqs = makeRequests(n, kind, 2048);
    let seed = 0;
    const us = measure((req) => trace(config, req, { seed: seed++ }), reqs, kind === 'miss' ? 200 : 40);
    rows.push([
      n.toLocaleString('en-US'),
      kind,
      us.toFixed(1),
      (lookup * 1000).toFixed(0),
      `${(us / lookup).toFixed(0)}x`,
      kind === 'api' ? coldMs.toFixed(0) : '',
    ]);
  }
}

const header = [
  'routers',
  'request',
  'trace µs (median)',
  'table.match ns',
  'trace / match',
  'first trace ms (prepare)',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
const line = (cells: string[]): string =>
  `| ${cells.map((c, i) => c.padStart(widths[i] as number)).join(' | ')} |`;
process.stdout.write(
  `${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map(line).join('\n')}\n`,
);
process.stdout.write(
  `node ${process.version}, median of ${BATCHES} batches per cell; api = stripPrefix+headers, admin = basicAuth 401, web = weighted canary, miss = 404 with closest misses (same-host routers, then the routers of similar hosts)\n`,
);
