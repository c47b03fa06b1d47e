import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteyardProxy } from '../proxy.ts';
import { type Backend, config, entryUrl, send, startBackend, testProxy } from '../testing/backends.ts';

const PNG_HEAD = Buffer.from('\x89PNG\x0D\x0A\x1A\x0A', 'latin1');

describe('contentType on real sockets', () => {
  let untyped: Backend;
  let proxy: RouteyardProxy;
  let base: string;

  beforeAll(async () => {
    // Answers without a Content-Type (node adds none), the body chosen by the path.
    untyped = await startBackend('untyped', (req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/[a-z]+/, '');
      if (path === '/html') res.end('<!DOCTYPE html><html><body>hi</body></html>');
      else if (path === '/typed') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('<html>not really</html>');
      } else if (path === '/empty') res.end();
      else if (path === '/nocontent') {
        res.writeHead(204);
        res.end();
      } else if (path === '/binary') res.end(Buffer.from([1, 2, 3, 4]));
      else if (path === '/png') {
        // A large answer in many writes: sniffed on its first bytes, then streamed with backpressure.
        res.write(PNG_HEAD);
        let left = 64;
        const more = () => {
          while (left > 0) {
            left -= 1;
            if (!res.write(Buffer.alloc(16 * 1024, left))) {
              res.once('drain', more);
              return;
            }
          }
          res.end();
        };
        more();
      } else if (path === '/trickle') {
        // Fewer than 512 bytes over several writes: detection waits for the end.
        const parts = ['   <', 'ht', 'ml>', 'hello'];
        const step = () => {
          const part = parts.shift();
          if (part === undefined) res.end();
          else {
            res.write(part);
            setImmediate(step);
          }
        };
        step();
      } else res.end('plain words');
    });
    proxy = await testProxy();
    const r = await proxy.apply(
      config({
        routers: {
          'ct@file': { rule: 'PathPrefix(`/ct`)', service: 'untyped@file', middlewares: ['detect'] },
          'off@file': { rule: 'PathPrefix(`/off`)', service: 'untyped@file', middlewares: ['nodetect'] },
          'bare@file': { rule: 'PathPrefix(`/bare`)', service: 'untyped@file' },
        },
        middlewares: {
          'detect@file': { contentType: {} },
          'nodetect@file': { contentType: { autoDetect: false } },
        },
        services: { 'untyped@file': { loadBalancer: { servers: [{ url: untyped.url }] } } },
      }),
    );
    expect(r.ok).toBe(true);
    base = entryUrl(proxy);
  });

  afterAll(async () => {
    await proxy.stop();
    await untyped.close();
  });

  it('sets the type Go detects on an answer that has none', async () => {
    const html = await send(base, '/ct/html');
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.text).toBe('<!DOCTYPE html><html><body>hi</body></html>');
    const text = await send(base, '/ct/words');
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.text).toBe('plain words');
    expect((await send(base, '/ct/binary')).headers['content-type']).toBe('application/octet-stream');
  });

  it('holds a trickling answer until the end when it is shorter than 512 bytes', async () => {
    const r = await send(base, '/ct/trickle');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.text).toBe('   <html>hello');
  });

  it('streams a large answer whole after sniffing its start', async () => {
    const { request } = await import('undici');
    const res = await request(`${base}/ct/png`);
    const body = Buffer.from(await res.body.arrayBuffer());
    expect(res.headers['content-type']).toBe('image/png');
    expect(body.length).toBe(PNG_HEAD.length + 64 * 16 * 1024);
    expect(body.subarray(0, PNG_HEAD.length).equals(PNG_HEAD)).toBe(true);
    expect(body[PNG_HEAD.length]).toBe(63);
    expect(body[body.length - 1]).toBe(0);
  });

  it('leaves a Content-Type the backend sent alone', async () => {
    const r = await send(base, '/ct/typed');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.text).toBe('<html>not really</html>');
  });

  it('sets no type when there is no body: empty, 204 or HEAD', async () => {
    const empty = await send(base, '/ct/empty');
    expect(empty.status).toBe(200);
    expect(empty.headers['content-type']).toBeUndefined();
    const none = await send(base, '/ct/nocontent');
    expect(none.status).toBe(204);
    expect(none.headers['content-type']).toBeUndefined();
    const head = await send(base, '/ct/html', { method: 'HEAD' });
    expect(head.headers['content-type']).toBeUndefined();
  });

  it('detects nothing with autoDetect: false or without the middleware (Traefik v3 default)', async () => {
    expect((await send(base, '/off/html')).headers['content-type']).toBeUndefined();
    const bare = await send(base, '/bare/html');
    expect(bare.headers['content-type']).toBeUndefined();
    expect(bare.text).toBe('<!DOCTYPE html><html><body>hi</body></html>');
  });
});
