import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteyardProxy } from './proxy.ts';
import { type Backend, config, entryUrl, startBackend, testProxy } from './testing/backends.ts';

describe('streaming bodies and the access log', () => {
  let sink: Backend;
  let ticker: Backend;
  let proxy: RouteyardProxy;
  let dir: string;
  let base: string;

  beforeAll(async () => {
    sink = await startBackend('sink', (_req, res, body) => {
      res.end(String(body.length));
    });
    ticker = await startBackend('ticker', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      let n = 0;
      const timer = setInterval(() => {
        n += 1;
        res.write(`tick ${n}\n`);
        if (n === 3) {
          clearInterval(timer);
          res.end();
        }
      }, 20);
    });
    dir = mkdtempSync(join(tmpdir(), 'routeyard-log-'));
    proxy = await testProxy({ accessLog: join(dir, 'access.log') });
    await proxy.apply(
      config({
        routers: {
          'up@file': { rule: 'Path(`/upload`)', service: 'sink@file' },
          'down@file': { rule: 'Path(`/ticks`)', service: 'ticker@file' },
        },
        services: {
          'sink@file': { loadBalancer: { servers: [{ url: sink.url }] } },
          'ticker@file': { loadBalancer: { servers: [{ url: ticker.url }] } },
        },
      }),
    );
    base = entryUrl(proxy);
  });

  afterAll(async () => {
    await proxy.stop();
    await sink.close();
    await ticker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams a chunked 4 MiB request body to the upstream', async () => {
    const chunk = Buffer.alloc(64 * 1024, 97);
    const body = Readable.from(
      (function* () {
        for (let i = 0; i < 64; i++) yield chunk;
      })(),
    );
    const res = await request(`${base}/upload`, { method: 'POST', body });
    expect(await res.body.text()).toBe(String(64 * 64 * 1024));
  });

  it('passes a streamed answer through chunk by chunk', async () => {
    const res = await request(`${base}/ticks`);
    const seen: string[] = [];
    for await (const c of res.body) seen.push(c.toString());
    expect(seen.join('')).toBe('tick 1\ntick 2\ntick 3\n');
    expect(seen.length).toBeGreaterThan(1);
  });

  it('writes one JSON line per request with router, service, upstream and status', async () => {
    await (await request(`${base}/nowhere`)).body.dump();
    await new Promise((r) => setTimeout(r, 250));
    const lines = readFileSync(join(dir, 'access.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const upload = lines.find((l) => l.RequestPath === '/upload');
    expect(upload).toMatchObject({
      RouterName: 'up@file',
      ServiceName: 'sink@file',
      ServiceURL: sink.url,
      DownstreamStatus: 200,
      RequestMethod: 'POST',
      RequestContentSize: 64 * 64 * 1024,
      entryPointName: 'web',
    });
    const missed = lines.find((l) => l.RequestPath === '/nowhere');
    expect(missed).toMatchObject({ DownstreamStatus: 404 });
    expect(missed).not.toHaveProperty('RouterName');
  });
});
