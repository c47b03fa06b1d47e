import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_BACKENDS,
  parsePortOverrides,
  type RunningBackend,
  startBackends,
  stopBackends,
} from './backends.ts';

let running: RunningBackend[] = [];
afterEach(async () => {
  await stopBackends(running);
  running = [];
});

function send(port: number, method: string, path: string, body?: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>(
    (resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method, path, headers: { host: 'shop.localhost', 'x-demo': '1' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            text += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    },
  );
}

describe('example backends', () => {
  it('answer with their own name and the request they saw', async () => {
    running = await startBackends(DEFAULT_BACKENDS.map((b) => ({ ...b, port: 0 })));
    const api = running.find((b) => b.name === 'api');
    expect(api?.port).toBeGreaterThan(0);
    const res = await send(api?.port ?? 0, 'POST', '/cart?item=42', 'hello');
    expect(res.status).toBe(200);
    expect(res.headers['x-backend']).toBe('api');
    expect(JSON.parse(res.text)).toMatchObject({
      backend: 'api',
      method: 'POST',
      url: '/cart?item=42',
      headers: { host: 'shop.localhost', 'x-demo': '1' },
      bodyBytes: 5,
    });
  });

  it('report each request answered to the listener', async () => {
    const seen: string[] = [];
    running = await startBackends([{ name: 'api-mirror', port: 0 }], (b) =>
      seen.push(`${b.backend} ${b.method} ${b.url}`),
    );
    await send(running[0]?.port ?? 0, 'GET', '/cart');
    expect(seen).toEqual(['api-mirror GET /cart']);
  });

  it('send no body for HEAD', async () => {
    running = await startBackends([{ name: 'web', port: 0 }]);
    const res = await send(running[0]?.port ?? 0, 'HEAD', '/');
    expect(res.status).toBe(200);
    expect(res.headers['x-backend']).toBe('web');
    expect(res.text).toBe('');
  });

  it('report a port already in use with the backend name and close the others', async () => {
    running = await startBackends([{ name: 'web', port: 0 }]);
    const taken = running[0]?.port ?? 0;
    await expect(
      startBackends([
        { name: 'api', port: 0 },
        { name: 'admin', port: taken },
      ]),
    ).rejects.toThrow(/backend "admin"/);
  });
});

describe('parsePortOverrides', () => {
  it.each([
    { desc: 'one override', words: ['api=9002'], port: { api: 9002, web: 7001 } },
    { desc: 'port 0 picks a free port', words: ['web=0'], port: { web: 0 } },
    { desc: 'spaces around a word', words: [' admin=1 '], port: { admin: 1 } },
  ])('$desc', ({ words, port }) => {
    const specs = parsePortOverrides(words, DEFAULT_BACKENDS);
    for (const [name, p] of Object.entries(port)) expect(specs.find((s) => s.name === name)?.port).toBe(p);
  });

  it.each([
    { desc: 'unknown backend', word: 'nope=1', error: /unknown backend "nope"/ },
    { desc: 'not name=port', word: 'api', error: /expected name=port/ },
    { desc: 'port out of range', word: 'api=70000', error: /out of range/ },
  ])('refuses $desc', ({ word, error }) => {
    expect(() => parsePortOverrides([word], DEFAULT_BACKENDS)).toThrow(error);
  });
});
