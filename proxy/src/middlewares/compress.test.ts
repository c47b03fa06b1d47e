import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteyardProxy } from '../proxy.ts';
import { type Backend, config, entryUrl, startBackend, testProxy } from '../testing/backends.ts';

const HTML = `<!DOCTYPE html><html><body>${'hello '.repeat(400)}</body></html>`;
const WORDS = 'plain words '.repeat(200);
const PNG = Buffer.concat([Buffer.from('\x89PNG\x0D\x0A\x1A\x0A', 'latin1'), Buffer.alloc(4096, 7)]);

/** The answers, chosen by the last path segment; none carries a Content-Type unless it says so. */
function answer(path: string, res: import('node:http').ServerResponse): void {
  const last = path.slice(path.lastIndexOf('/') + 1);
  if (last === 'html-length') {
    res.writeHead(200, { 'content-length': Buffer.byteLength(HTML) });
    res.end(HTML);
  } else if (last === 'html-chunked') {
    // Written before the end: no Content-Length, the answer goes chunked.
    res.write(HTML.slice(0, 100));
    setImmediate(() => res.end(HTML.slice(100)));
  } else if (last === 'words') {
    res.writeHead(200, { 'content-length': Buffer.byteLength(WORDS) });
    res.end(WORDS);
  } else if (last === 'png') {
    res.writeHead(200, { 'content-length': PNG.length });
    res.end(PNG);
  } else if (last === 'empty-type-png') {
    res.writeHead(200, { 'content-type': '', 'content-length': PNG.length });
    res.end(PNG);
  } else if (last === 'small') {
    res.writeHead(200, { 'content-length': 5 });
    res.end('hello');
  } else if (last === 'tiny-chunked') {
    res.write('hello');
    setImmediate(() => res.end());
  } else if (last === 'empty') res.end();
  else if (last === 'grpc') {
    res.writeHead(200, { 'content-type': 'application/grpc', 'content-length': 2048 });
    res.end(Buffer.alloc(2048, 1));
  } else if (last === 'typed-500') {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 500 });
    res.end('x'.repeat(500));
  } else if (last === 'partial') {
    res.writeHead(206, {
      'content-type': 'text/plain',
      'content-range': 'bytes 0-2047/4096',
      'content-length': 2048,
    });
    res.end('r'.repeat(2048));
  } else if (last === 'ranges') {
    res.writeHead(200, { 'content-type': 'text/plain', 'accept-ranges': 'bytes', 'content-length': 2048 });
    res.end('r'.repeat(2048));
  } else res.end('unknown');
}

async function get(base: string, path: string, headers: Record<string, string> = {}) {
  const { request } = await import('undici');
  const res = await request(`${base}${path}`, { headers: { 'accept-encoding': 'gzip', ...headers } });
  const body = Buffer.from(await res.body.arrayBuffer());
  const encoding = res.headers['content-encoding'];
  const plain =
    encoding === 'gzip' ? gunzipSync(body) : encoding === 'br' ? brotliDecompressSync(body) : body;
  return { status: res.statusCode, headers: res.headers, encoding, type: res.headers['content-type'], plain };
}

describe('compress on real sockets: untyped answers and content-type filters', () => {
  let backend: Backend;
  let proxy: RouteyardProxy;
  let base: string;

  beforeAll(async () => {
    backend = await startBackend('untyped', (req, res) => answer(req.url ?? '/', res));
    proxy = await testProxy();
    const r = await proxy.apply(
      config({
        routers: {
          'gz@file': { rule: 'PathPrefix(`/gz`)', service: 'untyped@file', middlewares: ['gz'] },
          'nopng@file': { rule: 'PathPrefix(`/nopng`)', service: 'untyped@file', middlewares: ['nopng'] },
          'html@file': { rule: 'PathPrefix(`/html`)', service: 'untyped@file', middlewares: ['onlyhtml'] },
          'zero@file': { rule: 'PathPrefix(`/zero`)', service: 'untyped@file', middlewares: ['zero'] },
          'ct-first@file': {
            rule: 'PathPrefix(`/ct-first`)',
            service: 'untyped@file',
            middlewares: ['ct', 'gz'],
          },
          'ct-last@file': {
            rule: 'PathPrefix(`/ct-last`)',
            service: 'untyped@file',
            middlewares: ['nopng', 'ct'],
          },
        },
        middlewares: {
          'ct@file': { contentType: {} },
          'gz@file': { compress: {} },
          'nopng@file': { compress: { excludedContentTypes: ['image/png'] } },
          'onlyhtml@file': { compress: { includedContentTypes: ['text/html'] } },
          'zero@file': { compress: { minResponseBodyBytes: 0 } },
        },
        services: { 'untyped@file': { loadBalancer: { servers: [{ url: backend.url }] } } },
      }),
    );
    expect(r.ok).toBe(true);
    base = entryUrl(proxy);
  });

  afterAll(async () => {
    await proxy.stop();
    await backend.close();
  });

  it.each([
    { desc: 'known length', path: '/gz/html-length' },
    { desc: 'chunked, decided on its first chunk', path: '/gz/html-chunked' },
  ])('gzip sniffs an untyped answer, compresses it and leaves it untyped: $desc', async ({ path }) => {
    const r = await get(base, path);
    expect(r.encoding).toBe('gzip');
    // Traefik v3's entrypoint keeps an empty Content-Type key on the answer: gzhttp only sets one when it is absent.
    expect(r.type).toBeUndefined();
    expect(r.headers.vary).toBe('Accept-Encoding');
    expect(r.headers['content-length']).toBeUndefined();
    expect(r.plain.toString()).toBe(HTML);
  });

  it('filters on the sniffed type: an excluded or not included one keeps the answer uncompressed', async () => {
    const png = await get(base, '/nopng/png');
    expect(png.type).toBeUndefined();
    expect(png.encoding).toBeUndefined();
    expect(png.plain.equals(PNG)).toBe(true);
    const words = await get(base, '/html/words');
    expect(words.type).toBeUndefined();
    expect(words.encoding).toBeUndefined();
    expect(words.plain.toString()).toBe(WORDS);
  });

  it('with a contentType middleware on the chain, gzip sets the type it sniffed, in either order', async () => {
    const first = await get(base, '/ct-first/html-length');
    expect(first.type).toBe('text/html; charset=utf-8');
    expect(first.encoding).toBe('gzip');
    expect(first.plain.toString()).toBe(HTML);
    // compress runs nearer the upstream here: it types the answer, even though the type keeps it uncompressed.
    const last = await get(base, '/ct-last/png');
    expect(last.type).toBe('image/png');
    expect(last.encoding).toBeUndefined();
    expect(last.plain.equals(PNG)).toBe(true);
  });

  it('filters on the sniffed type: includedContentTypes takes the sniffed text/html', async () => {
    const r = await get(base, '/html/html-length');
    expect(r.type).toBeUndefined();
    expect(r.encoding).toBe('gzip');
    expect(r.plain.toString()).toBe(HTML);
  });

  it('an empty Content-Type is sniffed for the filter but left as it is', async () => {
    const r = await get(base, '/nopng/empty-type-png');
    expect(r.encoding).toBeUndefined();
    expect(r.type).toBe('');
    expect(r.plain.equals(PNG)).toBe(true);
  });

  it('below minResponseBodyBytes by Content-Length: no sniffing, no type, no compression', async () => {
    const r = await get(base, '/gz/small');
    expect(r.encoding).toBeUndefined();
    expect(r.type).toBeUndefined();
    expect(r.plain.toString()).toBe('hello');
  });

  it('a chunked answer is compressed whatever its size, as Traefik flushes chunked answers at once', async () => {
    const r = await get(base, '/gz/tiny-chunked');
    expect(r.encoding).toBe('gzip');
    expect(r.type).toBeUndefined();
    expect(r.plain.toString()).toBe('hello');
  });

  it('an empty body gets neither a type nor an encoding', async () => {
    const r = await get(base, '/gz/empty');
    expect(r.status).toBe(200);
    expect(r.encoding).toBeUndefined();
    expect(r.type).toBeUndefined();
    expect(r.plain.length).toBe(0);
  });

  it('brotli does not sniff: the untyped answer is compressed and stays untyped (Traefik TODO)', async () => {
    const r = await get(base, '/gz/html-length', { 'accept-encoding': 'br' });
    expect(r.encoding).toBe('br');
    expect(r.type).toBeUndefined();
    expect(r.plain.toString()).toBe(HTML);
  });

  it('application/grpc is never compressed, even beside configured exclusions', async () => {
    const r = await get(base, '/nopng/grpc');
    expect(r.type).toBe('application/grpc');
    expect(r.encoding).toBeUndefined();
    expect(r.plain.length).toBe(2048);
  });

  it('a request whose own Content-Type is excluded passes untouched (no Vary)', async () => {
    const r = await get(base, '/gz/html-length', { 'content-type': 'application/grpc' });
    expect(r.encoding).toBeUndefined();
    expect(r.headers.vary).toBeUndefined();
    expect(r.type).toBeUndefined();
    expect(r.plain.toString()).toBe(HTML);
  });

  it('gzip leaves a partial answer (Content-Range) alone and drops Accept-Ranges from what it encodes', async () => {
    const partial = await get(base, '/gz/partial');
    expect(partial.status).toBe(206);
    expect(partial.encoding).toBeUndefined();
    expect(partial.plain.length).toBe(2048);
    const gz = await get(base, '/gz/ranges');
    expect(gz.encoding).toBe('gzip');
    expect(gz.headers['accept-ranges']).toBeUndefined();
    // Traefik's brotli handler keeps it (only gzhttp removes it).
    const br = await get(base, '/gz/ranges', { 'accept-encoding': 'br' });
    expect(br.encoding).toBe('br');
    expect(br.headers['accept-ranges']).toBe('bytes');
  });

  it('minResponseBodyBytes: 0 keeps the 1024 default, as Traefik', async () => {
    const r = await get(base, '/zero/typed-500');
    expect(r.encoding).toBeUndefined();
    expect(r.plain.length).toBe(500);
  });
});
