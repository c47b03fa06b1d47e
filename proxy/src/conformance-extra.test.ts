// The proxy's own conformance rows (conformance-cases.ts), each run against the tracer and against the real proxy
// on loopback, so both give the same answer. Requests go out through node:http, which (unlike undici) lets a
// client send any Connection header.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkExpectation, type RuntimeConfig, trace } from '../../core/index.ts';
import { CASE_CLIENT_IP, PROXY_CASES } from './conformance-cases.ts';
import type { RouteyardProxy } from './proxy.ts';
import { type Backend, type Echo, startBackend, testProxy } from './testing/backends.ts';

type Headers = Record<string, string | string[] | undefined>;

function lower(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** `pattern` with `*` for any run and `?` for one character, matched against the whole of `value`. */
function globMatch(pattern: string, value: string | undefined): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return value !== undefined && new RegExp(`^${source}$`).test(value);
}

function get(
  address: string,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
): Promise<{ status: number; headers: Headers; text: string }> {
  const [host, port] = [
    address.slice(0, address.lastIndexOf(':')),
    address.slice(address.lastIndexOf(':') + 1),
  ];
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host, port: Number(port), path, headers, method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString(),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('proxy conformance rows against the tracer', () => {
  it.each(PROXY_CASES)('$desc', (row) => {
    const { outcome } = trace(row.config(), row.request, { seed: row.seed });
    expect(checkExpectation(row.expect, outcome)).toEqual([]);
    const upstream = lower(outcome.upstreamHeaders ?? {});
    for (const name of row.absentUpstreamHeaders ?? []) expect(upstream[name.toLowerCase()]).toBeUndefined();
    const response = lower(outcome.responseHeaders ?? {});
    for (const name of row.absentResponseHeaders ?? []) expect(response[name.toLowerCase()]).toBeUndefined();
    for (const [k, v] of Object.entries(row.responseHeaderPatterns ?? {}))
      expect(response[k.toLowerCase()], k).toSatisfy((got: string | undefined) => globMatch(v, got));
  });
});

describe('proxy conformance rows against the real proxy', () => {
  const backends = new Map<string, Backend>();
  let proxy: RouteyardProxy;

  beforeAll(async () => {
    proxy = await testProxy();
  });

  afterAll(async () => {
    await proxy.stop();
    for (const b of backends.values()) await b.close();
  });

  /** The row's configuration on loopback, each server URL replaced by an echo backend named by its origin. */
  async function localize(cfg: RuntimeConfig): Promise<RuntimeConfig> {
    const config = structuredClone(cfg);
    for (const ep of Object.values(config.entryPoints)) ep.address = '127.0.0.1:0';
    for (const svc of Object.values(config.http.services)) {
      for (const server of svc.loadBalancer?.servers ?? []) {
        const origin = new URL(server.url).origin;
        let b = backends.get(origin);
        if (b === undefined) {
          b = await startBackend(origin);
          backends.set(origin, b);
        }
        server.url = b.url;
      }
    }
    config.version = `extra-${Math.random()}`;
    return config;
  }

  it.each(PROXY_CASES)('$desc', async (row) => {
    const applied = await proxy.apply(await localize(row.config()));
    expect(applied.ok).toBe(true);
    const url = new URL(row.request.url);
    const address = proxy.addresses().web as string;
    const headers = { ...row.request.headers, host: url.host, 'x-routeyard-trace': '1' };
    // A trace's seed N is the balancers' request N + 1: the proxy first serves N requests like it.
    for (let i = 0; i < (row.seed ?? 0); i++)
      await get(address, url.pathname + url.search, headers, row.request.method, row.body);
    const res = await get(address, url.pathname + url.search, headers, row.request.method, row.body);
    const want = row.expect;
    const resHeaders = lower(res.headers);
    if (want.status !== undefined) expect(res.status).toBe(want.status);
    for (const [k, v] of Object.entries(want.responseHeaders ?? {}))
      expect(resHeaders[k.toLowerCase()]).toBe(v);
    for (const name of row.absentResponseHeaders ?? [])
      expect(resHeaders[name.toLowerCase()]).toBeUndefined();
    for (const [k, v] of Object.entries(row.responseHeaderPatterns ?? {}))
      expect(resHeaders[k.toLowerCase()], k).toSatisfy((got: string | undefined) => globMatch(v, got));
    if (want.router !== undefined) {
      const record = proxy.traces?.get(resHeaders['x-routeyard-trace-id'] ?? '');
      expect(record?.steps.find((s) => s.step === 'router')?.name).toBe(want.router);
    }
    // A row answered before any upstream (a redirect) has nothing more to compare.
    if (want.upstreamUrl === undefined && want.upstreamHeaders === undefined && !row.absentUpstreamHeaders)
      return;
    const echo = JSON.parse(res.text) as Echo;
    if (want.upstreamUrl !== undefined) expect(echo.name).toBe(new URL(want.upstreamUrl).origin);
    const got = lower(echo.headers);
    for (const [k, v] of Object.entries(want.upstreamHeaders ?? {}))
      expect(got[k.toLowerCase()]).toBe(v.replaceAll(CASE_CLIENT_IP, '127.0.0.1'));
    for (const name of row.absentUpstreamHeaders ?? []) expect(got[name.toLowerCase()]).toBeUndefined();
  });
});
