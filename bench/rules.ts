// Router table lookup: the indexed `match` against Traefik's way, trying routers one by one in
// priority order (`matchOrdered`), for 10, 1,000 and 10,000 routers of the form
// Host(`svcK.example.com`) && PathPrefix(`/pK`). Prints ns per match; asserts nothing.
import { buildRouterTable, type HttpRequest } from '../core/index.ts';
import { medianNsPerCall } from './lib/per-call.ts';

const SIZES = [10, 1_000, 10_000];
const BATCHES = 15;

// A fixed LCG, so that every run asks for the same routers.
function makeRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function makeRequests(n: number, count: number): HttpRequest[] {
  const random = makeRandom(42);
  return Array.from({ length: count }, () => {
    const k = Math.floor(random() * n);
    return {
      method: 'GET',
      url: `http://svc${k}.example.com/p${k}/items?page=2`,
      headers: {},
      remoteAddr: '10.0.0.1:5000',
    };
  });
}

// Median ns per call over batches sized to take roughly `batchMs` each.
function measure(fn: (req: HttpRequest) => unknown, reqs: HttpRequest[], batchMs: number): number {
  return medianNsPerCall(fn, reqs, { batchMs, batches: BATCHES, maxBatch: 1 << 22 });
}

const rows: string[][] = [];
for (const n of SIZES) {
  const routers = Array.from({ length: n }, (_, k) => ({
    name: `svc${k}`,
    rule: `Host(\`svc${k}.example.com\`) && PathPrefix(\`/p${k}\`)`,
  }));
  const table = buildRouterTable(routers);
  const reqs = makeRequests(n, 4096);
  // Both ways must agree before their speed means anything.
  for (const req of reqs.slice(0, 200)) {
    if (table.match(req) !== table.matchOrdered(req))
      throw new Error(`indexed and ordered disagree on ${req.url}`);
  }
  const indexed = measure(table.match, reqs, 40);
  const ordered = measure(table.matchOrdered, reqs, 40);
  rows.push([
    n.toLocaleString('en-US'),
    indexed.toFixed(0),
    ordered.toFixed(0),
    `${(ordered / indexed).toFixed(1)}x`,
  ]);
}

const header = ['routers', 'indexed ns/match', 'ordered ns/match', 'ordered / indexed'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
const line = (cells: string[]): string =>
  `| ${cells.map((c, i) => c.padStart(widths[i] as number)).join(' | ')} |`;
process.stdout.write(
  `${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map(line).join('\n')}\n`,
);
process.stdout.write(`node ${process.version}, median of ${BATCHES} batches per cell\n`);
