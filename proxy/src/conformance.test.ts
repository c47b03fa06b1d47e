// The tracer's conformance table (core/trace/cases.ts) run against the real proxy, as hono's shared runTest:
// what the tracer says is what the proxy does. Upstream servers become real echo backends; the client is the
// loopback, so expectations naming the table's client address read 127.0.0.1 instead.
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '../../core/index.ts';
// The shared table is test data, not part of core's public surface, so it is read from its file.
import { TRACE_CASES } from '../../core/trace/cases.ts';
import type { RouteyardProxy } from './proxy.ts';
import { type Backend, type Echo, startBackend, testProxy } from './testing/backends.ts';

const TABLE_CLIENT_IP = '10.1.2.3';

function glob(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split(/\*|…/)
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(value);
}

function lower(h: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(h).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : String(v)]),
  );
}

describe('conformance: the trace table against the real proxy', () => {
  const backends = new Map<string, Backend>();
  let proxy: RouteyardProxy;
  const agent = new Agent({ connect: { rejectUnauthorized: false } });

  beforeAll(async () => {
    proxy = await testProxy();
  });

  afterAll(async () => {
    await proxy.stop();
    await agent.close();
    for (const b of backends.values()) await b.close();
  });

  /** The case's configuration with loopback entrypoints and each server URL replaced by a real backend. */
  async function localize(
    cfg: RuntimeConfig,
  ): Promise<{ config: RuntimeConfig; byOrigin: Map<string, string> }> {
    const byOrigin = new Map<string, string>();
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
        byOrigin.set(b.url, origin);
        const path = new URL(server.url).pathname;
        server.url = path === '/' ? b.url : b.url + path;
      }
    }
    config.version = `conformance-${Math.random()}`;
    return { config, byOrigin };
  }

  it.each(TRACE_CASES)('$desc', async ({ config: makeCase, request: req, seed, expect: want }) => {
    const { config, byOrigin } = await localize(makeCase());
    // An expected value naming a table server (passHostHeader false) names its echo backend here.
    const local = (v: string) => {
      let out = v.replaceAll(TABLE_CLIENT_IP, '127.0.0.1');
      for (const [backend, origin] of byOrigin)
        out = out.replaceAll(new URL(origin).host, new URL(backend).host);
      return out;
    };
    const applied = await proxy.apply(config);
    expect(applied.ok).toBe(true);
    const url = new URL(req.url);
    const entryPoint = url.protocol === 'https:' ? 'websecure' : 'web';
    const address = proxy.addresses()[entryPoint];
    const headers: Record<string, string> = {
      ...(lower(req.headers) as Record<string, string>),
      host: url.host,
      'x-routeyard-trace': '1',
    };
    const dispatcher =
      url.protocol === 'https:'
        ? new Agent({ connect: { rejectUnauthorized: false, servername: url.hostname } })
        : agent;
    // The path exactly as the row writes it: WHATWG URL parsing (undici's request()) resolves dot segments.
    const afterAuthority = req.url.indexOf('/', req.url.indexOf('//') + 2);
    const target = {
      origin: `${url.protocol}//${address}`,
      path: afterAuthority < 0 ? '/' : req.url.slice(afterAuthority),
    };
    // A trace's seed N is the balancers' request N + 1: the proxy first serves N requests like it.
    for (let i = 0; i < (seed ?? 0); i++)
      await (await dispatcher.request({ ...target, method: req.method as 'GET', headers })).body.text();
    const res = await dispatcher.request({ ...target, method: req.method as 'GET', headers });
    const text = await res.body.text();
    const resHeaders = lower(res.headers as Record<string, unknown>);
    const traceRecord = proxy.traces?.get(resHeaders['x-routeyard-trace-id'] ?? '');

    if (want.status !== undefined) expect(res.statusCode).toBe(want.status);
    if (want.redirect !== undefined) expect(resHeaders.location).toBe(want.redirect);
    for (const [k, v] of Object.entries(want.responseHeaders ?? {}))
      expect(resHeaders[k.toLowerCase()]).toBe(v);
    if (want.router !== undefined) {
      const step = traceRecord?.steps.find((s) => s.step === 'router');
      expect(glob(want.router, String(step?.name))).toBe(true);
    }
    if (want.service !== undefined) {
      const picks = (traceRecord?.steps ?? []).filter(
        (s) => s.step === 'service' && String(s.pick).startsWith('http'),
      );
      expect(glob(want.service, String(picks.at(-1)?.name))).toBe(true);
    }
    if (want.upstreamUrl !== undefined || want.upstreamHeaders !== undefined) {
      const echo = JSON.parse(text) as Echo;
      if (want.upstreamUrl !== undefined) {
        const expected = new URL(want.upstreamUrl);
        expect(echo.name).toBe(expected.origin);
        expect(echo.url).toBe(want.upstreamUrl.slice(expected.origin.length));
      }
      const got = lower(echo.headers);
      for (const [k, v] of Object.entries(want.upstreamHeaders ?? {})) {
        expect(got[k.toLowerCase()]).toBe(local(v));
      }
    }
    if (dispatcher !== agent) await dispatcher.close();
  });
});
