import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteyardProxy } from '../proxy.ts';
import { type Backend, config, entryUrl, send, startBackend, testProxy } from '../testing/backends.ts';

describe('buffering: response side and retryExpression on real sockets', () => {
  let chunked: Backend;
  let flaky: Backend;
  let proxy: RouteyardProxy;
  let base: string;
  let warnings: string[];
  let failNext = 0;
  let unavailableNext = 0;
  const bodies: string[] = [];
  const forwardedFor: unknown[] = [];

  beforeAll(async () => {
    chunked = await startBackend('chunked', (req, res) => {
      const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size') ?? 10);
      if (req.url?.startsWith('/empty')) {
        res.writeHead(204);
        res.end();
        return;
      }
      // Written in pieces without a Content-Length: the upstream answer is chunked.
      res.writeHead(200, { 'content-type': 'text/plain', 'x-up': 'yes' });
      const half = Math.floor(size / 2);
      res.write('a'.repeat(half));
      res.end('b'.repeat(size - half));
    });
    flaky = await startBackend('flaky', (req, res, body) => {
      bodies.push(body);
      forwardedFor.push(req.headers['x-forwarded-for']);
      if (failNext > 0) {
        failNext -= 1;
        res.socket?.destroy();
        return;
      }
      if (unavailableNext > 0) {
        unavailableNext -= 1;
        res.writeHead(503);
        res.end('busy');
        return;
      }
      res.end(`ok:${body}`);
    });
    proxy = await testProxy();
    const svc = (b: Backend) => ({ loadBalancer: { servers: [{ url: b.url }] } });
    const r = await proxy.apply(
      config({
        routers: {
          'resp@file': { rule: 'PathPrefix(`/resp`)', service: 'chunked@file', middlewares: ['cap'] },
          'empty@file': { rule: 'PathPrefix(`/empty`)', service: 'chunked@file', middlewares: ['cap'] },
          'net@file': { rule: 'PathPrefix(`/net`)', service: 'flaky@file', middlewares: ['net'] },
          'code@file': { rule: 'PathPrefix(`/code`)', service: 'flaky@file', middlewares: ['code'] },
          'bad@file': { rule: 'PathPrefix(`/bad`)', service: 'flaky@file', middlewares: ['bad'] },
          'neg@file': { rule: 'PathPrefix(`/neg`)', service: 'flaky@file', middlewares: ['neg'] },
        },
        middlewares: {
          'cap@file': { buffering: { maxResponseBodyBytes: 100, memResponseBodyBytes: 10 } },
          'net@file': { buffering: { retryExpression: 'IsNetworkError() && Attempts() < 3' } },
          'code@file': {
            buffering: {
              maxRequestBodyBytes: 50,
              retryExpression: 'ResponseCode() == 503 && Attempts() <= 1',
            },
          },
          'bad@file': { buffering: { retryExpression: '!IsNetworkError()' } },
          'neg@file': { buffering: { maxResponseBodyBytes: -1 } },
        },
        services: { 'chunked@file': svc(chunked), 'flaky@file': svc(flaky) },
      }),
    );
    expect(r.ok).toBe(true);
    warnings = r.ok ? r.warnings : [];
    base = entryUrl(proxy);
  });

  afterAll(async () => {
    await proxy.stop();
    await chunked.close();
    await flaky.close();
  });

  it('reads a chunked answer whole and sends it with its Content-Length', async () => {
    const res = await send(base, '/resp?size=60');
    expect(res.status).toBe(200);
    expect(res.text).toBe(`${'a'.repeat(30)}${'b'.repeat(30)}`);
    expect(res.headers['content-length']).toBe('60');
    expect(res.headers['transfer-encoding']).toBeUndefined();
    expect(res.headers['x-up']).toBe('yes');
  });

  it('an answer of exactly maxResponseBodyBytes passes; one byte more is oxy 500 Internal Server Error', async () => {
    expect((await send(base, '/resp?size=100')).status).toBe(200);
    const over = await send(base, '/resp?size=101');
    expect(over.status).toBe(500);
    expect(over.text).toBe('Internal Server Error');
    expect(over.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(over.headers['x-up']).toBeUndefined();
    // The proxy still serves afterwards (the cut upstream call left nothing behind).
    expect((await send(base, '/resp?size=5')).text).toBe('aabbb');
  });

  it('answers without a body (204, HEAD) pass as they are', async () => {
    expect((await send(base, '/empty')).status).toBe(204);
    const head = await send(base, '/resp?size=500', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
  });

  it('retryExpression replays the buffered request after a network error while it holds', async () => {
    failNext = 2;
    bodies.length = 0;
    forwardedFor.length = 0;
    const res = await send(base, '/net', { method: 'POST', body: 'payload' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('ok:payload');
    expect(bodies).toEqual(['payload', 'payload', 'payload']);
    // Each replay is sent as the first one was: the client address appended once.
    expect(forwardedFor).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    failNext = 3;
    const gaveUp = await send(base, '/net');
    expect(gaveUp.status).toBe(502);
    expect(gaveUp.text).toBe('Bad Gateway');
    failNext = 0;
  });

  it('retryExpression sees the status of a real answer; the last answer is the one sent', async () => {
    unavailableNext = 1;
    const res = await send(base, '/code', { method: 'PUT', body: 'x' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('ok:x');
    unavailableNext = 2;
    const second = await send(base, '/code');
    expect(second.status).toBe(503);
    expect(second.text).toBe('busy');
    unavailableNext = 0;
    expect((await send(base, '/code', { method: 'POST', body: 'y'.repeat(51) })).status).toBe(413);
  });

  it('a retryExpression or a size oxy refuses leaves the router out', async () => {
    expect((await send(base, '/bad')).status).toBe(404);
    expect((await send(base, '/neg')).status).toBe(404);
    expect(warnings.join('\n')).toContain('retryExpression');
    expect(warnings.join('\n')).toContain('maxResponseBodyBytes');
  });
});
