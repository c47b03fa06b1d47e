// The entrypoint's http.encodedCharacters on real sockets: Traefik's bare 400 (no body, no Content-Type) on the
// matched router, and request targets sent as they are (node:http does not resolve dot segments as URL does).
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryPoint } from '../../../core/index.ts';
import type { RouteyardProxy } from '../proxy.ts';
import { type Backend, config, type Echo, startBackend, testProxy } from '../testing/backends.ts';

function rawGet(
  address: string,
  path: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const [host, port] = [
    address.slice(0, address.lastIndexOf(':')),
    address.slice(address.lastIndexOf(':') + 1),
  ];
  return new Promise((done, fail) => {
    const req = request({ host, port: Number(port), path, headers: { host: 'a.com' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('entrypoint http.encodedCharacters on real sockets', () => {
  let backend: Backend;
  let proxy: RouteyardProxy;

  beforeAll(async () => {
    backend = await startBackend('b');
    proxy = await testProxy();
  });

  afterAll(async () => {
    await proxy.stop();
    await backend.close();
  });

  async function serve(http: NonNullable<EntryPoint['http']>): Promise<string> {
    const cfg = config({
      routers: { 'r@file': { rule: 'Host(`a.com`)', service: 's@file', entryPoints: ['web'] } },
      services: { 's@file': { loadBalancer: { servers: [{ url: backend.url }] } } },
    });
    (cfg.entryPoints.web as EntryPoint).http = http;
    expect((await proxy.apply(cfg)).ok).toBe(true);
    return proxy.addresses().web as string;
  }

  it('answers a denied character with a bare 400: empty body, no Content-Type', async () => {
    const address = await serve({ encodedCharacters: { allowEncodedSlash: false } });
    const res = await rawGet(address, '/a%2fb');
    expect(res.status).toBe(400);
    expect(res.body).toBe('');
    expect(res.headers['content-type']).toBeUndefined();
    expect(res.headers['content-length']).toBe('0');
  });

  it('checks the path after sanitizePath: a segment .. removes is not checked', async () => {
    const address = await serve({ encodedCharacters: { allowEncodedSlash: false } });
    const res = await rawGet(address, '/x%2Fy/../z');
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as Echo).url).toBe('/z');
  });

  it('with sanitizePath false, checks the whole path as sent', async () => {
    const address = await serve({ sanitizePath: false, encodedCharacters: { allowEncodedSlash: false } });
    expect((await rawGet(address, '/x%2Fy/../z')).status).toBe(400);
  });

  it('lets every encoded character through by default', async () => {
    const address = await serve({});
    const res = await rawGet(address, '/a%2Fb%5C%3B%25%3F%23%00');
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as Echo).url).toBe('/a%2Fb%5C%3B%25%3F%23%00');
  });
});
