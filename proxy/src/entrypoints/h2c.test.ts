// Inbound h2c (HTTP/2 with prior knowledge) on a plain entrypoint, with real sockets on 127.0.0.1.
import { mkdtempSync, readFileSync } from 'node:fs';
import {
  type ClientHttp2Session,
  createServer as createH2Server,
  type Http2Server,
  connect as h2connect,
  type IncomingHttpHeaders,
} from 'node:http2';
import {
  type AddressInfo,
  createServer as createNetServer,
  connect as netConnect,
  type Server,
} from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteyardProxy } from '../proxy.ts';
import {
  type Backend,
  config,
  type Echo,
  entryUrl,
  send,
  startBackend,
  testProxy,
} from '../testing/backends.ts';

interface H2Answer {
  headers: IncomingHttpHeaders;
  trailers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request on an HTTP/2 session; `body` chunks are written one after another, each after the last drained. */
function call(session: ClientHttp2Session, headers: Record<string, string>, body?: (string | Buffer)[]) {
  return new Promise<H2Answer>((resolve, reject) => {
    const stream = session.request(headers, { endStream: body === undefined });
    const answer: H2Answer = { headers: {}, trailers: {}, body: Buffer.alloc(0) };
    const chunks: Buffer[] = [];
    stream.on('response', (h) => {
      answer.headers = h;
    });
    stream.on('trailers', (t) => {
      answer.trailers = t;
    });
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      answer.body = Buffer.concat(chunks);
      resolve(answer);
    });
    stream.on('error', reject);
    if (body === undefined) return;
    const parts = [...body];
    const next = (): void => {
      const part = parts.shift();
      if (part === undefined) stream.end();
      else if (stream.write(part)) setImmediate(next);
      else stream.once('drain', next);
    };
    next();
  });
}

function echoOf(a: H2Answer): Echo {
  return JSON.parse(a.body.toString()) as Echo;
}

/** A gRPC-like h2c upstream: echoes the request message, answers grpc-status in trailers. */
async function startGrpcUpstream(): Promise<{
  server: Http2Server;
  url: string;
  seen: IncomingHttpHeaders[];
}> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createH2Server();
  server.on('stream', (stream, headers) => {
    seen.push(headers);
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0', 'grpc-message': 'done' }));
      stream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `h2c://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** A gRPC frame: compression flag, 4-byte length, message. */
function grpcFrame(message: string): Buffer {
  const body = Buffer.from(message);
  const head = Buffer.alloc(5);
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

/** A TCP relay that delivers what the client writes one byte at a time, so the preface arrives in pieces. */
async function startTrickleRelay(port: number): Promise<{ server: Server; port: number }> {
  const server = createNetServer((client) => {
    const upstream = netConnect(port, '127.0.0.1');
    upstream.setNoDelay(true);
    let queue = Promise.resolve();
    let first = true;
    client.on('data', (d: Buffer) => {
      if (!first) {
        queue = queue.then(() => void upstream.write(d));
        return;
      }
      first = false;
      for (const byte of d.subarray(0, 30))
        queue = queue.then(
          () => new Promise<void>((r) => upstream.write(Buffer.from([byte]), () => setTimeout(r, 2))),
        );
      queue = queue.then(() => void upstream.write(d.subarray(30)));
    });
    upstream.on('data', (d) => client.write(d));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port };
}

const CHUNKED_END = '\r\n0\r\n\r\n';

/** Sends HTTP/1.1 requests one after another on one connection, each once the chunked answer before it ended. */
function rawSequence(port: number, requests: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1');
    let text = '';
    let sent = 1;
    socket.on('data', (d) => {
      text += d.toString('latin1');
      const answered = text.split(CHUNKED_END).length - 1;
      if (answered === requests.length) {
        socket.destroy();
        resolve(text);
      } else if (answered === sent) socket.write(requests[sent++] as string);
    });
    socket.on('error', reject);
    socket.write(requests[0] as string);
  });
}

/** The status and JSON echo of each single-chunk answer in `text`. */
function parseAnswers(text: string): { status: string; echo: Echo }[] {
  return text
    .split(CHUNKED_END)
    .filter((r) => r.includes('HTTP/1.1 '))
    .map((r) => {
      const answer = r.slice(r.indexOf('HTTP/1.1 ') + 9);
      const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      return { status: answer.slice(0, 3), echo: JSON.parse(body.slice(body.indexOf('\r\n') + 2)) as Echo };
    });
}

/** Writes raw bytes on a new connection and returns what comes back until the answer's head is complete. */
function rawHead(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => {
      text += d.toString('latin1');
      if (!text.includes('\r\n\r\n')) return;
      socket.destroy();
      resolve(text);
    });
    socket.on('error', reject);
    socket.write(bytes);
  });
}

describe('h2c on a plain entrypoint', () => {
  let app: Backend;
  let other: Backend;
  let grpc: Awaited<ReturnType<typeof startGrpcUpstream>>;
  let proxy: RouteyardProxy;
  let base: string;
  let port: number;
  let session: ClientHttp2Session;

  beforeAll(async () => {
    app = await startBackend('app');
    other = await startBackend('other');
    grpc = await startGrpcUpstream();
    proxy = await testProxy();
    const r = await proxy.apply(
      config({
        routers: {
          'app@file': { rule: 'Host(`app.example.com`) && PathPrefix(`/app`)', service: 'app@file' },
          'grpc@file': { rule: 'PathPrefix(`/pkg.Echo/`)', service: 'grpc@file' },
          'tls@file': { rule: 'PathPrefix(`/tls`)', service: 'app@file', tls: {} },
          'other@file': { rule: 'PathPrefix(`/`)', service: 'other@file' },
        },
        services: {
          'app@file': { loadBalancer: { servers: [{ url: app.url }] } },
          'other@file': { loadBalancer: { servers: [{ url: other.url }] } },
          'grpc@file': { loadBalancer: { servers: [{ url: grpc.url }] } },
        },
      }),
    );
    expect(r.ok).toBe(true);
    base = entryUrl(proxy);
    port = Number(base.split(':').pop());
    session = h2connect(base);
  });

  afterAll(async () => {
    session.destroy();
    await proxy.stop();
    await app.close();
    await other.close();
    await new Promise<void>((r) => grpc.server.close(() => r()));
  });

  it('routes a prior-knowledge GET by Host and Path, with the forwarded headers of plain HTTP', async () => {
    const a = await call(session, { ':path': '/app/x?q=1', ':authority': 'app.example.com' });
    expect(a.headers[':status']).toBe(200);
    expect(a.headers['x-backend']).toBe('app');
    const echo = echoOf(a);
    expect(echo.url).toBe('/app/x?q=1');
    expect(echo.headers.host).toBe('app.example.com');
    expect(echo.headers['x-forwarded-proto']).toBe('http');
    expect(echo.headers['x-forwarded-port']).toBe('80');
    expect(echo.headers['x-forwarded-host']).toBe('app.example.com');
    expect(echo.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(echo.headers['x-real-ip']).toBe('127.0.0.1');
    const b = await call(session, { ':path': '/app/x', ':authority': 'elsewhere.example.com' });
    expect(b.headers['x-backend']).toBe('other');
  });

  it('records a live trace and counts the request in the entrypoint metrics', async () => {
    const a = await call(session, {
      ':path': '/app/traced',
      ':authority': 'app.example.com',
      'x-routeyard-trace': '1',
    });
    const id = String(a.headers['x-routeyard-trace-id']);
    const trace = proxy.traces?.get(id);
    expect(trace?.request.url).toBe('http://app.example.com/app/traced');
    expect(trace?.steps[0]).toEqual({ step: 'entryPoint', name: 'web', secure: false });
    expect(trace?.steps.some((s) => s.step === 'router' && s.name === 'app@file')).toBe(true);
    expect(proxy.metrics.render()).toMatch(
      /traefik_entrypoint_requests_total\{[^}]*entrypoint="web"[^}]*\} \d+/,
    );
  });

  it('streams a POST body upstream', async () => {
    const big = Buffer.alloc(300_000, 'b');
    const a = await call(
      session,
      { ':method': 'POST', ':path': '/app/upload', ':authority': 'app.example.com' },
      ['first,', Buffer.from('second,'), big],
    );
    const echo = echoOf(a);
    expect(echo.method).toBe('POST');
    expect(echo.body.length).toBe(13 + big.length);
    expect(echo.body.startsWith('first,second,bbb')).toBe(true);
  });

  it('passes a gRPC-like call to an h2c upstream: te, content-type and the message both ways', async () => {
    const a = await call(
      session,
      {
        ':method': 'POST',
        ':path': '/pkg.Echo/Say',
        ':authority': 'grpc.example.com',
        'content-type': 'application/grpc',
        te: 'trailers',
      },
      [grpcFrame('hello')],
    );
    expect(a.headers[':status']).toBe(200);
    expect(a.headers['content-type']).toBe('application/grpc');
    expect(a.body.equals(grpcFrame('hello'))).toBe(true);
    const upstream = grpc.seen.at(-1);
    expect(upstream?.te).toBe('trailers');
    expect(upstream?.['x-forwarded-proto']).toBe('http');
  });

  // undici hands HTTP/2 trailers to the handler as {} (it parses the object as a raw list); the forwarder reads them
  // from the controller instead.
  it('passes the upstream trailers (grpc-status) back to the client', async () => {
    const a = await call(
      session,
      { ':method': 'POST', ':path': '/pkg.Echo/Say', 'content-type': 'application/grpc', te: 'trailers' },
      [grpcFrame('hi')],
    );
    expect(a.trailers['grpc-status']).toBe('0');
  });

  it('serves many concurrent streams on one connection', async () => {
    const own = h2connect(base);
    const paths = Array.from({ length: 120 }, (_, i) => `/app/many/${i}`);
    const answers = await Promise.all(
      paths.map((p) => call(own, { ':path': p, ':authority': 'app.example.com' })),
    );
    own.close();
    expect(answers.map((a) => echoOf(a).url)).toEqual(paths);
    expect(answers.every((a) => Number(a.headers[':status']) === 200)).toBe(true);
  });

  it('reads a preface that arrives in pieces', async () => {
    const relay = await startTrickleRelay(port);
    const s = h2connect(`http://127.0.0.1:${relay.port}`);
    const a = await call(s, { ':path': '/app/slow-preface', ':authority': 'app.example.com' });
    s.close();
    relay.server.close();
    expect(echoOf(a).url).toBe('/app/slow-preface');
  });

  it('keeps serving HTTP/1.1 on the same port, including methods that begin like the preface', async () => {
    const got = await send(base, '/app/h1', { host: 'app.example.com' });
    expect(got.status).toBe(200);
    expect((JSON.parse(got.text) as Echo).url).toBe('/app/h1');
    const propfind = await send(base, '/app/dav', { host: 'app.example.com', method: 'PROPFIND' });
    expect((JSON.parse(propfind.text) as Echo).method).toBe('PROPFIND');
    // Bytes that match the preface for a while, then differ, are HTTP/1's to answer.
    const bad = await rawHead(port, 'PRI * HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(bad.startsWith('HTTP/1.1 400')).toBe(true);
  });

  it('answers `Upgrade: h2c` as HTTP/1.1 without upgrading, and sends no h2c upgrade upstream', async () => {
    const upgradeGet =
      'GET /app/up HTTP/1.1\r\nHost: app.example.com\r\nConnection: Upgrade, HTTP2-Settings\r\n' +
      'Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n';
    const post =
      'POST /app/again HTTP/1.1\r\nHost: app.example.com\r\nConnection: Upgrade, HTTP2-Settings\r\n' +
      'Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\nContent-Length: 4\r\n\r\nbody';
    const text = await rawSequence(port, [upgradeGet, post]);
    expect(text).not.toContain('101 Switching');
    const [first, second] = parseAnswers(text);
    expect(first?.status).toBe('200');
    expect(first?.echo.url).toBe('/app/up');
    expect(first?.echo.headers.upgrade).toBeUndefined();
    expect(first?.echo.headers['http2-settings']).toBeUndefined();
    // Same connection, kept alive: the request after it (with a body) is served too.
    expect(second?.echo.url).toBe('/app/again');
    expect(second?.echo.body).toBe('body');
  });

  it('declines `Upgrade: h2c` over TLS (HTTP/1.1 by ALPN) the same way', async () => {
    const socket = tlsConnect({
      host: '127.0.0.1',
      port,
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    const text = await new Promise<string>((resolve, reject) => {
      let buf = '';
      socket.on('data', (d: Buffer) => {
        buf += d.toString('latin1');
        if (buf.includes(CHUNKED_END)) resolve(buf);
      });
      socket.on('error', reject);
      socket.write(
        'GET /tls/up HTTP/1.1\r\nHost: app.example.com\r\nConnection: Upgrade, HTTP2-Settings\r\n' +
          'Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n',
      );
    });
    socket.destroy();
    const [answer] = parseAnswers(text);
    expect(answer?.status).toBe('200');
    expect(answer?.echo.url).toBe('/tls/up');
    expect(answer?.echo.headers['x-forwarded-proto']).toBe('https');
    expect(answer?.echo.headers.upgrade).toBeUndefined();
  });
});

describe('h2c and graceful stop', () => {
  it('sends GOAWAY, lets the open stream finish, then stops', async () => {
    let release: () => void = () => undefined;
    const slow = await startBackend('slow', (_req, res) => {
      release = () => res.end('finished');
    });
    const proxy = await testProxy();
    await proxy.apply(
      config({
        routers: { 'slow@file': { rule: 'PathPrefix(`/`)', service: 'slow@file' } },
        services: { 'slow@file': { loadBalancer: { servers: [{ url: slow.url }] } } },
      }),
    );
    const session = h2connect(entryUrl(proxy));
    const goaway = new Promise<void>((r) => session.once('goaway', () => r()));
    const pending = call(session, { ':path': '/wait' });
    while (slow.hits === 0) await new Promise((r) => setTimeout(r, 5));
    const stopped = proxy.stop();
    await goaway;
    // After GOAWAY the session takes no new stream; the one in flight goes on.
    expect(() => session.request({ ':path': '/late' })).toThrow();
    release();
    const answer = await pending;
    expect(answer.body.toString()).toBe('finished');
    expect(await stopped).toBe(true);
    await new Promise<void>((r) => (session.closed ? r() : session.once('close', () => r())));
    await slow.close();
  });
});

describe('h2c and the entrypoint redirection', () => {
  it('redirects a prior-knowledge request to https, as for HTTP/1', async () => {
    const proxy = await testProxy();
    const r = await proxy.apply(
      config(
        {},
        {
          entryPoints: {
            web: { address: '127.0.0.1:0', http: { redirections: { entryPoint: { to: ':8443' } } } },
          },
        },
      ),
    );
    expect(r.ok).toBe(true);
    const session = h2connect(entryUrl(proxy));
    const get = await call(session, { ':path': '/p?q=1', ':authority': 'a.example.com' });
    const post = await call(session, { ':method': 'POST', ':path': '/form', ':authority': 'a.example.com' }, [
      'x',
    ]);
    session.close();
    await proxy.stop();
    expect([get.headers[':status'], get.headers.location]).toEqual([301, 'https://a.example.com:8443/p?q=1']);
    expect([post.headers[':status'], post.headers.location]).toEqual([
      308,
      'https://a.example.com:8443/form',
    ]);
  });
});

describe('h2c access log', () => {
  it('logs HTTP/2.0 as the protocol', async () => {
    const app = await startBackend('app');
    const file = join(mkdtempSync(join(tmpdir(), 'h2c-log-')), 'access.log');
    const proxy = await testProxy({ accessLog: file });
    await proxy.apply(
      config({
        routers: { 'app@file': { rule: 'PathPrefix(`/`)', service: 'app@file' } },
        services: { 'app@file': { loadBalancer: { servers: [{ url: app.url }] } } },
      }),
    );
    const session = h2connect(entryUrl(proxy));
    await call(session, { ':path': '/logged', ':authority': 'log.example.com' });
    session.close();
    await proxy.stop();
    await app.close();
    const line = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').at(-1) ?? '{}') as Record<
      string,
      unknown
    >;
    expect(line).toMatchObject({
      RequestProtocol: 'HTTP/2.0',
      RequestPath: '/logged',
      RequestHost: 'log.example.com',
      DownstreamStatus: 200,
    });
  });
});
