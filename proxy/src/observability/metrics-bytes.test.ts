// Traefik's `_requests_bytes_total`/`_responses_bytes_total` through a real proxy: body bytes only, as its
// capture middleware counts them, whichever way the request body travels.
import { connect as h2connect } from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteyardProxy } from '../proxy.ts';
import { type Backend, config, entryUrl, send, startBackend, testProxy } from '../testing/backends.ts';

/** A POST over HTTP/2 and TLS with `size` body bytes; resolves the length of the body received. */
function h2Post(port: number, path: string, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const session = h2connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false });
    session.on('error', reject);
    const stream = session.request({ ':method': 'POST', ':path': path });
    let received = 0;
    stream.on('data', (c: Buffer) => {
      received += c.length;
    });
    stream.on('end', () => {
      session.close();
      resolve(received);
    });
    stream.on('error', reject);
    stream.end(Buffer.alloc(size, 0x68));
  });
}

describe('body byte counters of requests through the proxy', () => {
  let backend: Backend;
  let proxy: RouteyardProxy;
  let text = '';
  const reply = 'r'.repeat(321);

  beforeAll(async () => {
    // The backend answers once it has read the whole body, so the proxy has forwarded all of it.
    backend = await startBackend('bytes', (req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(req.method === 'HEAD' ? undefined : reply);
    });
    proxy = await testProxy();
    const applied = await proxy.apply(
      config({
        routers: {
          'upload@file': { rule: 'Path(`/upload`)', service: 'bytes@file' },
          'mirrored@file': { rule: 'Path(`/mirrored`)', service: 'mirror@file' },
          'upload-tls@file': { rule: 'Path(`/upload`)', service: 'bytes@file', tls: {} },
          'buffered@file': {
            rule: 'Path(`/buffered`)',
            service: 'bytes@file',
            middlewares: ['buffer@file'],
          },
        },
        middlewares: { 'buffer@file': { buffering: {} } },
        services: {
          'bytes@file': { loadBalancer: { servers: [{ url: backend.url }] } },
          'mirror@file': {
            mirroring: {
              service: 'bytes@file',
              maxBodySize: 16,
              mirrors: [{ name: 'bytes@file', percent: 100 }],
            },
          },
        },
      }),
    );
    expect(applied.ok).toBe(true);
    const base = entryUrl(proxy);
    const up = await send(base, '/upload', { method: 'POST', body: 'u'.repeat(1000) });
    expect(up.text).toBe(reply);
    const buffered = await send(base, '/buffered', { method: 'PUT', body: 'b'.repeat(77) });
    expect(buffered.text).toBe(reply);
    const missing = await send(base, '/nowhere');
    expect(missing.text).toBe('404 page not found\n');
    expect((await send(base, '/upload', { method: 'HEAD' })).status).toBe(200);
    // Over the mirror's maxBodySize: the body read so far and the rest stream on as one replacement stream.
    expect((await send(base, '/mirrored', { method: 'POST', body: 'm'.repeat(400) })).text).toBe(reply);
    const port = Number(base.slice(base.lastIndexOf(':') + 1));
    expect(await h2Post(port, '/upload', 500)).toBe(321);
    text = proxy.metrics.render();
  });

  afterAll(async () => {
    await proxy.stop();
    await backend.close();
  });

  it('counts the streamed request body and the response body on the entrypoint, router and service', () => {
    const ep = 'code="200",entrypoint="web",method="POST",protocol="http"';
    // Same code, method and protocol: the entrypoint and the service also count the HTTP/2 and the mirrored
    // uploads (the mirroring service's main loadBalancer is bytes@file, and Traefik counts on loadBalancers).
    expect(text).toContain(`traefik_entrypoint_requests_bytes_total{${ep}} 1900`);
    expect(text).toContain(`traefik_entrypoint_responses_bytes_total{${ep}} 963`);
    const l = 'code="200",method="POST",protocol="http"';
    expect(text).toContain(
      `traefik_router_requests_bytes_total{${l},router="upload@file",service="bytes@file"} 1000`,
    );
    expect(text).toContain(
      `traefik_router_responses_bytes_total{${l},router="upload@file",service="bytes@file"} 321`,
    );
    expect(text).toContain(`traefik_service_requests_bytes_total{${l},service="bytes@file"} 1900`);
    expect(text).toContain(`traefik_service_responses_bytes_total{${l},service="bytes@file"} 963`);
    expect(text).not.toMatch(/traefik_service_\w+\{[^}]*service="mirror@file"/);
  });

  it('counts a request body streamed over HTTP/2', () => {
    const l = 'code="200",method="POST",protocol="http",router="upload-tls@file",service="bytes@file"';
    expect(text).toContain(`traefik_router_requests_bytes_total{${l}} 500`);
    expect(text).toContain(`traefik_router_responses_bytes_total{${l}} 321`);
  });

  it('counts a body that outgrew the mirroring bound once', () => {
    expect(text).toContain(
      'traefik_router_requests_bytes_total{code="200",method="POST",protocol="http",router="mirrored@file",service="mirror@file"} 400',
    );
  });

  it('counts a body the buffering middleware read', () => {
    expect(text).toContain(
      'traefik_service_requests_bytes_total{code="200",method="PUT",protocol="http",service="bytes@file"} 77',
    );
  });

  it('counts the body of the 404 the entrypoint answered, and none for HEAD', () => {
    const l = 'entrypoint="web",method="GET",protocol="http"';
    expect(text).toContain(`traefik_entrypoint_requests_bytes_total{code="404",${l}} 0`);
    expect(text).toContain(`traefik_entrypoint_responses_bytes_total{code="404",${l}} 19`);
    expect(text).toContain(
      'traefik_service_responses_bytes_total{code="200",method="HEAD",protocol="http",service="bytes@file"} 0',
    );
  });
});
