import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import selfsigned from 'selfsigned';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedEvent } from './events.ts';
import type { ProxyStatus } from './proxy/proxy-link.ts';
import { ProxySupervisor } from './proxy/supervisor.ts';
import { createServer, type RouteyardServer } from './server.ts';
import { SHOP, tempFolder } from './testing/fixture.ts';

let folder: Awaited<ReturnType<typeof tempFolder>>;
let server: RouteyardServer;
let base: string;

beforeEach(async () => {
  folder = await tempFolder({ 'shop.yaml': SHOP });
  server = await createServer({ dir: folder.dir });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await server.close();
  await folder.remove();
});

/** Resolves once `ok()` holds, checking now and after every event on the bus. */
function waitFor(ok: () => boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    const off = server.ctx.bus.subscribe(() => {
      if (!ok()) return;
      off();
      resolve();
    });
    if (ok()) {
      off();
      resolve();
    }
  });
}

/** An SSE client on a real socket: `next()` gives the events one by one. */
async function openEvents(url: string) {
  const ac = new AbortController();
  const res = await fetch(url, { signal: ac.signal });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(): Promise<{ event: string; data: unknown }> {
      for (let i = 0; i < 1000; i++) {
        const end = buffer.indexOf('\n\n');
        if (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event !== undefined && data !== undefined) return { event, data: JSON.parse(data) };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
      }
      throw new Error('the event stream ended');
    },
    close: () => ac.abort(),
  };
}

describe('events', () => {
  it('sends the state on connect, then resource and config changes from an external edit', async () => {
    const before = server.ctx.workspace.version;
    const events = await openEvents(`${base}/api/v1/events`);
    try {
      expect(await events.next()).toEqual({ event: 'config', data: { version: before } });
      expect(await events.next()).toEqual({ event: 'proxy', data: { state: 'stopped', version: null } });
      // Connected and subscribed: now an edit made by another program must arrive.
      await writeFile(join(folder.dir, 'shop.yaml'), SHOP.replace('shop.example.com', 'store.example.com'));
      const changed = await events.next();
      expect(changed.event).toBe('resources');
      const data = changed.data as { version: string; changed: string[] };
      expect(data.changed).toEqual(['IngressRoute/shop/storefront']);
      expect(data.version).not.toBe(before);
      expect(await events.next()).toEqual({ event: 'config', data: { version: data.version } });
      const config = await (await fetch(`${base}/api/v1/config`)).json();
      expect(JSON.stringify(config)).toContain('store.example.com');
    } finally {
      events.close();
    }
  });
});

describe('proxy feed and supervisor', () => {
  it('refuses the feed without its token', async () => {
    expect((await fetch(`${base}/api/v1/proxy/feed`)).status).toBe(401);
    const report = await fetch(`${base}/api/v1/proxy/report`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' },
      body: '{}',
    });
    expect(report.status).toBe(401);
  });

  it('runs the child, sees its report, restarts it when killed, and stops it', async () => {
    const states: FeedEvent[] = [];
    server.ctx.bus.subscribe((e) => e.type === 'proxy' && states.push(e));
    const supervisor = new ProxySupervisor({
      command: process.execPath,
      args: [
        fileURLToPath(new URL('./testing/fake-proxy.mjs', import.meta.url)),
        '--feed',
        `${base}/api/v1/proxy/feed`,
      ],
      link: server.ctx.proxy,
      log: () => {},
      initialBackoffMs: 20,
    });
    supervisor.start();
    await waitFor(() => server.ctx.proxy.status().state === 'applied');
    const status = (await (await fetch(`${base}/api/v1/proxy/status`)).json()) as ProxyStatus;
    expect(status).toMatchObject({
      state: 'applied',
      servedVersion: server.ctx.workspace.version,
      process: { restarts: 0 },
    });
    expect(status.entryPoints).toEqual({ web: ':8000', websecure: ':8443' });

    const firstPid = supervisor.pid!;
    process.kill(firstPid, 'SIGKILL');
    await waitFor(() => {
      const st = server.ctx.proxy.status();
      return st.process.restarts === 1 && st.state === 'applied';
    });
    expect(supervisor.pid).not.toBe(firstPid);
    expect(states).toContainEqual(
      expect.objectContaining({ type: 'proxy', data: expect.objectContaining({ state: 'failed' }) }),
    );

    await supervisor.stop();
    expect(server.ctx.proxy.status().state).toBe('stopped');
  });

  it('reports a failed apply with its error', async () => {
    process.env.FAKE_PROXY_FAIL = '1';
    const supervisor = new ProxySupervisor({
      command: process.execPath,
      args: [
        fileURLToPath(new URL('./testing/fake-proxy.mjs', import.meta.url)),
        '--feed',
        `${base}/api/v1/proxy/feed`,
      ],
      link: server.ctx.proxy,
      log: () => {},
    });
    try {
      supervisor.start();
      await waitFor(() => server.ctx.proxy.status().state === 'failed');
      expect(server.ctx.proxy.status()).toMatchObject({ state: 'failed', error: 'fake failure' });
    } finally {
      delete process.env.FAKE_PROXY_FAIL;
      await supervisor.stop();
    }
  });
});

describe('proxy/send', () => {
  it("sends the request to the entrypoint's port with the URL's Host and returns the answer", async () => {
    const upstream = createHttpServer((req, res) => {
      res.setHeader('x-seen-host', req.headers.host ?? '');
      res.end(`${req.method} ${req.url} ${'x'.repeat(70 * 1024)}`);
    });
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    const port = (upstream.address() as AddressInfo).port;
    server.ctx.workspace.config.entryPoints.web = { address: `:${port}` };
    try {
      const res = await fetch(`${base}/api/v1/proxy/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          request: { method: 'GET', url: 'http://shop.example.com/cart?x=1', headers: {} },
        }),
      });
      const body = (await res.json()) as { headers: Record<string, string>; body: string };
      expect(body).toMatchObject({ status: 200, entryPoint: 'web', truncated: true });
      expect(body.headers['x-seen-host']).toBe('shop.example.com');
      expect(body.body.startsWith('GET /cart?x=1 ')).toBe(true);
      expect(body.body.length).toBe(64 * 1024);
    } finally {
      upstream.close();
    }
  });

  it('speaks TLS with the SNI of the URL, accepting a self-signed certificate', async () => {
    const pems = await selfsigned.generate([{ name: 'commonName', value: 'secure.example.com' }], {
      days: 1,
    } as never);
    const upstream = createHttpsServer({ key: pems.private, cert: pems.cert }, (req, res) => {
      res.end(`sni=${(req.socket as TLSSocket).servername} host=${req.headers.host}`);
    });
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    server.ctx.workspace.config.entryPoints.websecure = {
      address: `:${(upstream.address() as AddressInfo).port}`,
    };
    try {
      const res = await fetch(`${base}/api/v1/proxy/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ request: { method: 'GET', url: 'https://secure.example.com/', headers: {} } }),
      });
      const body = (await res.json()) as { status: number; body: string; entryPoint: string };
      expect(body).toMatchObject({ status: 200, entryPoint: 'websecure' });
      expect(body.body).toBe('sni=secure.example.com host=secure.example.com');
    } finally {
      upstream.close();
    }
  });

  it('answers 502 when nothing listens on the entrypoint', async () => {
    server.ctx.workspace.config.entryPoints.web = { address: ':1' };
    const res = await fetch(`${base}/api/v1/proxy/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ request: { method: 'GET', url: 'http://a.example/', headers: {} } }),
    });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('proxy_unavailable');
  });
});
