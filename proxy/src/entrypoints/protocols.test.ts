import { createHash } from 'node:crypto';
import { connect as h2connect } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteyardProxy } from '../proxy.ts';
import { type Backend, config, type Echo, entryUrl, startBackend, testProxy } from '../testing/backends.ts';
import type { KeyPair } from './tls.ts';

async function selfSigned(cn: string): Promise<KeyPair> {
  const selfsigned = (await import('selfsigned')).default as unknown as {
    generate(a: unknown, o: unknown): Promise<{ private: string; cert: string }>;
  };
  const p = await selfsigned.generate([{ name: 'commonName', value: cn }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: cn }] }],
  });
  return { cert: p.cert, key: p.private };
}

function httpsGet(
  port: number,
  servername: string,
  path: string,
): Promise<{ status: number; body: string; cn: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port, path, servername, headers: { host: servername }, rejectUnauthorized: false },
      (res) => {
        const chunks: Buffer[] = [];
        const cert = (res.socket as import('node:tls').TLSSocket).getPeerCertificate();
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            cn: String(cert.subject?.CN),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('TLS, HTTP/2 and WebSocket on one entrypoint', () => {
  let backend: Backend;
  let wsBackend: Backend;
  let proxy: RouteyardProxy;
  let port: number;
  const tunnels: import('node:stream').Duplex[] = [];

  beforeAll(async () => {
    backend = await startBackend('app');
    wsBackend = await startBackend('ws');
    // A minimal RFC 6455 server: accepts the upgrade and echoes raw bytes back.
    wsBackend.server.on('upgrade', (req, socket) => {
      tunnels.push(socket);
      const accept = createHash('sha1')
        .update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
        .digest('base64');
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nX-Proto: ${req.headers['x-forwarded-proto']}\r\n\r\n`,
      );
      socket.on('data', (d) => socket.write(d));
    });
    const shop = await selfSigned('shop.example.com');
    proxy = await testProxy();
    const r = await proxy.apply(
      config(
        {
          routers: {
            'secure@file': { rule: 'Host(`shop.example.com`)', service: 'app@file', tls: {} },
            'plain@file': { rule: 'PathPrefix(`/`)', service: 'app@file' },
            'ws@file': { rule: 'Path(`/ws`)', service: 'ws@file', priority: 100 },
          },
          services: {
            'app@file': { loadBalancer: { servers: [{ url: backend.url }] } },
            'ws@file': { loadBalancer: { servers: [{ url: wsBackend.url }] } },
          },
        },
        { tls: { certificates: [{ certFile: shop.cert, keyFile: shop.key }], options: {}, stores: {} } },
      ),
    );
    expect(r.ok).toBe(true);
    port = Number(entryUrl(proxy).split(':').pop());
  });

  afterAll(async () => {
    await proxy.stop();
    for (const t of tunnels) t.destroy();
    await backend.close();
    await wsBackend.close();
  });

  it('selects the certificate by SNI and routes TLS routers only on TLS', async () => {
    const res = await httpsGet(port, 'shop.example.com', '/x');
    expect(res.status).toBe(200);
    expect(res.cn).toBe('shop.example.com');
    const echo = JSON.parse(res.body) as Echo;
    expect(echo.headers['x-forwarded-proto']).toBe('https');
    expect(echo.headers['x-forwarded-port']).toBe('443');
  });

  it('serves the generated default certificate for unknown names', async () => {
    const res = await httpsGet(port, 'unknown.example.com', '/x');
    expect(res.cn).toBe('ROUTEYARD DEFAULT CERT');
    expect(res.status).toBe(404);
  });

  it('speaks HTTP/2 over TLS (ALPN)', async () => {
    const session = h2connect(`https://127.0.0.1:${port}`, {
      servername: 'shop.example.com',
      rejectUnauthorized: false,
    });
    const body = await new Promise<string>((resolve, reject) => {
      const stream = session.request({ ':path': '/h2', ':authority': 'shop.example.com' });
      let data = '';
      stream.setEncoding('utf8');
      stream.on('data', (d: string) => {
        data += d;
      });
      stream.on('end', () => resolve(data));
      stream.on('error', reject);
      stream.end();
    });
    session.close();
    const echo = JSON.parse(body) as Echo;
    expect(echo.url).toBe('/h2');
    expect(echo.headers.host).toBe('shop.example.com');
  });

  it('forwards an HTTP/2 request body and sends none for a bodiless GET', async () => {
    const session = h2connect(`https://127.0.0.1:${port}`, {
      servername: 'shop.example.com',
      rejectUnauthorized: false,
    });
    const call = (headers: Record<string, string>, body?: string) =>
      new Promise<Echo>((resolve, reject) => {
        const stream = session.request(
          { ':authority': 'shop.example.com', ...headers },
          { endStream: body === undefined },
        );
        let data = '';
        stream.setEncoding('utf8');
        stream.on('data', (d: string) => {
          data += d;
        });
        stream.on('end', () => resolve(JSON.parse(data) as Echo));
        stream.on('error', reject);
        if (body !== undefined) stream.end(body);
      });
    const posted = await call({ ':method': 'POST', ':path': '/upload' }, 'h2 body');
    const got = await call({ ':method': 'GET', ':path': '/plain' });
    session.close();
    expect(posted.body).toBe('h2 body');
    expect(posted.method).toBe('POST');
    expect(got.body).toBe('');
    expect(got.headers['transfer-encoding']).toBeUndefined();
  });

  it('passes WebSocket upgrades through and tunnels bytes both ways', async () => {
    const socket = netConnect(port, '127.0.0.1');
    const got = await new Promise<string>((resolve, reject) => {
      let buf = '';
      socket.on('data', (d) => {
        buf += d.toString();
        if (buf.includes('\r\n\r\n') && !buf.includes('ping')) socket.write('ping');
        if (buf.endsWith('ping')) resolve(buf);
      });
      socket.on('error', reject);
      socket.write(
        'GET /ws HTTP/1.1\r\nHost: x.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    socket.destroy();
    expect(got.startsWith('HTTP/1.1 101')).toBe(true);
    expect(got.toLowerCase()).toContain('sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo=');
    expect(got.toLowerCase()).toContain('x-proto: ws');
  });
});
