// `routeyard proxy --workers 2` as a process, on real sockets: both workers serve, a configuration is reported
// applied only once every worker serves it, a killed worker is replaced, SIGTERM drains. Needs the build
// (Node 20 forks workers from dist/), as the CLI tests do.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer as createHttpServer, get, type Server, type ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '../../../core/index.ts';
import { type Backend, config, startBackend } from '../testing/backends.ts';

const bin = fileURLToPath(new URL('../../../cli/bin/routeyard.js', import.meta.url));
const built = existsSync(
  fileURLToPath(new URL('../../../dist/proxy/src/cluster/worker.js', import.meta.url)),
);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** One GET on a new connection (so that each request is accepted anew and may land on either worker). */
function fresh(url: string, timeoutMs = 3_000): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    })
      .on('timeout', function (this: { destroy(err: Error): void }) {
        this.destroy(new Error('timeout'));
      })
      .on('error', reject);
  });
}

async function json<T>(url: string): Promise<T> {
  return JSON.parse((await fresh(url)).text) as T;
}

interface Workers {
  items: { pid: number; version: string | null; requests: number }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('routeyard proxy --workers 2 (needs npm run build:node)', () => {
  let backend: Backend;
  let feed: Server;
  let stream: ServerResponse | undefined;
  const reports: { version: string; state: string; error?: string }[] = [];
  let child: ChildProcess;
  let port: number;
  let adminPort: number;
  let base: string;
  let admin: string;

  const routes = (prefix: string, extra: Partial<RuntimeConfig> = {}) =>
    config(
      {
        routers: { 'r@file': { rule: `PathPrefix(\`${prefix}\`)`, service: 's@file' } },
        services: { 's@file': { loadBalancer: { servers: [{ url: backend.url }] } } },
      },
      { entryPoints: { web: { address: `127.0.0.1:${port}` } }, ...extra },
    );

  /** Sends a configuration on the feed; resolves with the proxy's report about it. */
  const push = async (c: RuntimeConfig) => {
    const before = reports.length;
    stream?.write(`event: config\ndata: ${JSON.stringify({ version: c.version, config: c })}\n\n`);
    for (let i = 0; i < 200 && reports.length === before; i++) await sleep(25);
    return reports[before];
  };

  beforeAll(async () => {
    // A missing build fails here with what to do, rather than skipping: `npm test` always builds first.
    if (!built) throw new Error('dist/ is missing: run `npm run build:node` before these tests');
    backend = await startBackend('app', (req, res) => {
      if (req.url === '/slow') setTimeout(() => res.end('slow'), 400);
      else res.end('app');
    });
    [port, adminPort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${port}`;
    admin = `http://127.0.0.1:${adminPort}`;
    feed = createHttpServer((req, res) => {
      if (req.url === '/feed') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.flushHeaders();
        stream = res;
        return;
      }
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c;
      });
      req.on('end', () => {
        reports.push(JSON.parse(body));
        res.end('{}');
      });
    });
    await new Promise<void>((r) => feed.listen(0, '127.0.0.1', r));
    const feedUrl = `http://127.0.0.1:${(feed.address() as { port: number }).port}/feed`;
    child = spawn(
      process.execPath,
      [bin, 'proxy', '--workers', '2', '--feed', feedUrl, '--admin', `127.0.0.1:${adminPort}`],
      { stdio: ['pipe', 'ignore', 'ignore'], env: { ...process.env, ROUTEYARD_FEED_TOKEN: 't' } },
    );
    for (let i = 0; i < 200 && stream === undefined; i++) await sleep(25);
    expect((await push(routes('/')))?.state).toBe('applied');
  });

  afterAll(async () => {
    child.kill('SIGKILL');
    feed.closeAllConnections();
    feed.close();
    await backend.close();
  });

  it('serves requests on both workers and sums their metrics', async () => {
    for (let i = 0; i < 20; i++) expect((await fresh(`${base}/x`)).status).toBe(200);
    const { items } = await json<Workers>(`${admin}/api/workers`);
    expect(items).toHaveLength(2);
    expect(new Set(items.map((w) => w.pid)).size).toBe(2);
    for (const w of items) expect(w.requests).toBeGreaterThan(0);
    const metrics = (await fresh(`${admin}/metrics`)).text;
    const total = items.reduce((s, w) => s + w.requests, 0);
    expect(metrics).toContain(
      `traefik_entrypoint_requests_total{code="200",entrypoint="web",method="GET",protocol="http"} ${total}`,
    );
    expect(metrics).toContain('routeyard_cluster_workers 2');
    expect(metrics).toContain('traefik_config_reloads_total 1');
  });

  it('reports a configuration applied only when every worker serves it, and refuses a bad one', async () => {
    const next = routes('/only');
    expect((await push(next))?.state).toBe('applied');
    const { items } = await json<Workers>(`${admin}/api/workers`);
    expect(items.map((w) => w.version)).toEqual([next.version, next.version]);
    for (let i = 0; i < 10; i++) expect((await fresh(`${base}/x`)).status).toBe(404);
    const bad = routes('/bad', { http: null as unknown as RuntimeConfig['http'] });
    const refused = await push(bad);
    expect(refused?.state).toBe('failed');
    expect(refused?.error).toContain('no http section');
    const version = await json<{ version: string; lastError?: string }>(`${admin}/api/version`);
    expect(version.version).toBe(next.version);
    expect(version.lastError).toContain('no http section');
    expect((await fresh(`${base}/only`)).status).toBe(200);
  });

  it('replaces a killed worker; a client that retries on connection errors sees no failure', async () => {
    const { items } = await json<Workers>(`${admin}/api/workers`);
    const victim = items[0]?.pid as number;
    let running = true;
    const failures: string[] = [];
    const client = async () => {
      while (running) {
        const once = () => fresh(`${base}/only`);
        // A connection error or a timeout (a connection handed to the worker as it died) is retried once.
        const r = await once().catch(() => {
          return once().catch((err: Error) => ({ status: 0, text: err.message }));
        });
        if (r.status !== 200) failures.push(`${r.status} ${r.text}`);
      }
    };
    const clients = [client(), client(), client()];
    await sleep(100);
    process.kill(victim, 'SIGKILL');
    let after: Workers['items'] = [];
    for (let i = 0; i < 100; i++) {
      await sleep(50);
      after = (await json<Workers>(`${admin}/api/workers`)).items;
      if (after.length === 2 && !after.some((w) => w.pid === victim)) break;
    }
    await sleep(200);
    running = false;
    await Promise.all(clients);
    expect(failures).toEqual([]);
    expect(after.map((w) => w.pid)).not.toContain(victim);
    expect(after).toHaveLength(2);
    // The replacement serves the newest good configuration, not the first one.
    expect(new Set(after.map((w) => w.version)).size).toBe(1);
    expect((await fresh(`${admin}/metrics`)).text).toContain('routeyard_cluster_worker_restarts_total 1');
  });

  it('probes health in the primary only and every worker follows its verdict', async () => {
    let sick = false;
    const spare = await startBackend('spare', (req, res) => {
      if (req.url === '/health') res.writeHead(sick ? 500 : 200);
      res.end('spare');
    });
    try {
      const c = config(
        {
          routers: { 'r@file': { rule: 'PathPrefix(`/`)', service: 's@file' } },
          services: {
            's@file': {
              loadBalancer: {
                servers: [{ url: backend.url }, { url: spare.url }],
                healthCheck: { path: '/health', interval: '100ms' },
              },
            },
          },
        },
        { entryPoints: { web: { address: `127.0.0.1:${port}` } } },
      );
      expect((await push(c))?.state).toBe('applied');
      sick = true;
      let health: { items: { key: string; up: boolean }[] } = { items: [] };
      for (let i = 0; i < 100; i++) {
        health = await json(`${admin}/api/health`);
        if (health.items.some((h) => h.key.includes(spare.url) && !h.up)) break;
        await sleep(50);
      }
      expect(health.items.find((h) => h.key.includes(spare.url))?.up).toBe(false);
      // Workers do not probe: they only learn of the failure from the primary's broadcast.
      const answers = new Set<string>();
      for (let i = 0; i < 20; i++) answers.add((await fresh(`${base}/x`)).text);
      expect([...answers]).toEqual(['app']);
    } finally {
      await spare.close();
    }
  });

  it('drains requests in flight on SIGTERM and exits 0', async () => {
    await push(routes('/'));
    const slow = fresh(`${base}/slow`);
    await sleep(100);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await slow).toEqual({ status: 200, text: 'slow' });
    expect(await exited).toBe(0);
    expect(
      await fresh(`${base}/x`).then(
        () => 'served',
        () => 'refused',
      ),
    ).toBe('refused');
  });
});

describe('routeyard proxy --workers 2 without its parent (needs npm run build:node)', () => {
  // A missing build fails here with what to do, rather than skipping: `npm test` always builds first.
  beforeAll(() => {
    if (!built) throw new Error('dist/ is missing: run `npm run build:node` before these tests');
  });

  it('exits 0 in --feed mode once stdin ends', async () => {
    const child = spawn(
      process.execPath,
      [bin, 'proxy', '--workers', '2', '--feed', 'http://127.0.0.1:1/feed', '--admin', '127.0.0.1:0'],
      { stdio: ['pipe', 'ignore', 'ignore'], env: { ...process.env, ROUTEYARD_FEED_TOKEN: 't' } },
    );
    try {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.stdin?.end();
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('workers drain and exit when the primary is SIGKILLed, freeing the port', async () => {
    const backend = await startBackend('app');
    const [port, adminPort] = [await freePort(), await freePort()];
    const c = config(
      {
        routers: { 'r@file': { rule: 'PathPrefix(`/`)', service: 's@file' } },
        services: { 's@file': { loadBalancer: { servers: [{ url: backend.url }] } } },
      },
      { entryPoints: { web: { address: `127.0.0.1:${port}` } } },
    );
    const feed = createHttpServer((req, res) => {
      if (req.url === '/feed') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`event: config\ndata: ${JSON.stringify({ version: c.version, config: c })}\n\n`);
        return;
      }
      req.resume();
      req.on('end', () => res.end('{}'));
    });
    await new Promise<void>((r) => feed.listen(0, '127.0.0.1', r));
    const feedUrl = `http://127.0.0.1:${(feed.address() as { port: number }).port}/feed`;
    const child = spawn(
      process.execPath,
      [bin, 'proxy', '--workers', '2', '--feed', feedUrl, '--admin', `127.0.0.1:${adminPort}`],
      { stdio: ['pipe', 'ignore', 'ignore'], env: { ...process.env, ROUTEYARD_FEED_TOKEN: 't' } },
    );
    let pids: number[] = [];
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      for (let i = 0; i < 100 && pids.length < 2; i++) {
        await sleep(50);
        const w = await json<Workers>(`http://127.0.0.1:${adminPort}/api/workers`).catch(() => ({
          items: [],
        }));
        if (w.items.every((x) => x.version === c.version)) pids = w.items.map((x) => x.pid);
      }
      expect(pids).toHaveLength(2);
      expect((await fresh(`http://127.0.0.1:${port}/x`)).status).toBe(200);
      child.kill('SIGKILL');
      for (let i = 0; i < 100 && pids.some(alive); i++) await sleep(50);
      expect(pids.filter(alive)).toEqual([]);
      expect(
        await fresh(`http://127.0.0.1:${port}/x`).then(
          () => 'served',
          () => 'refused',
        ),
      ).toBe('refused');
    } finally {
      child.kill('SIGKILL');
      for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
      feed.closeAllConnections();
      feed.close();
      await backend.close();
    }
  });
});
