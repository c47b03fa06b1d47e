import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningProxy, runProxy } from '../run.ts';
import { type Backend, config, send, startBackend, testCertificate } from '../testing/backends.ts';
import { SseParser } from './sse-client.ts';

describe('SSE parsing', () => {
  it('splits events across chunks, joins data lines and skips comments', () => {
    const p = new SseParser();
    expect(p.push('event: config\ndata: {"a"')).toEqual([]);
    expect(p.push(':\r\ndata: :1}\n\n: keep-alive\n\nevent: x\ndata: 2\n\n')).toEqual([
      { event: 'config', data: '{"a":\n:1}' },
      { event: 'x', data: '2' },
    ]);
  });
});

describe('proxy --feed against a fake server feed', () => {
  let backend: Backend;
  let server: ReturnType<typeof createServer>;
  let stream: ServerResponse | undefined;
  const reports: { version: string; state: string; error?: string }[] = [];
  const auth: string[] = [];
  let running: RunningProxy;

  const push = (cfg: object) => stream?.write(`event: config\ndata: ${JSON.stringify(cfg)}\n\n`);
  const reported = async (n: number) => {
    for (let i = 0; i < 200 && reports.length < n; i++) await new Promise((r) => setTimeout(r, 10));
  };

  beforeAll(async () => {
    backend = await startBackend('app');
    server = createServer((req, res) => {
      auth.push(String(req.headers.authorization));
      if (req.url === '/api/v1/proxy/feed') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        stream = res;
        const c = config({
          routers: { 'r@file': { rule: 'PathPrefix(`/`)', service: 's@file' } },
          services: { 's@file': { loadBalancer: { servers: [{ url: backend.url }] } } },
        });
        push({ version: c.version, config: c });
        return;
      }
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        reports.push(JSON.parse(body));
        res.end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    running = await runProxy({
      feed: `http://127.0.0.1:${port}/api/v1/proxy/feed`,
      token: 'secret',
      log: () => undefined,
      defaultCertificate: await testCertificate(),
    });
  });

  afterAll(async () => {
    await running.stop();
    stream?.end();
    server.closeAllConnections();
    server.close();
    await backend.close();
  });

  it('applies the streamed configuration and reports it with the bearer token', async () => {
    await reported(1);
    expect(reports[0]).toMatchObject({ state: 'applied' });
    expect(auth.every((a) => a === 'Bearer secret')).toBe(true);
    expect((await send(`http://${running.proxy.addresses().web}`, '/x')).status).toBe(200);
  });

  it('reports a configuration it refuses and keeps serving', async () => {
    const bad = { ...config({}), entryPoints: { web: { address: 'bogus' } } };
    push({ version: bad.version, config: bad });
    await reported(2);
    expect(reports[1]).toMatchObject({ version: bad.version, state: 'failed' });
    expect(reports[1]?.error).toContain('invalid entrypoint address');
    expect((await send(`http://${running.proxy.addresses().web}`, '/x')).status).toBe(200);
  });
});
