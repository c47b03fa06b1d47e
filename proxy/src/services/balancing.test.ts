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
import { defaultCookieName, stickyValue } from './sticky.ts';

describe('services on real sockets', () => {
  const backends: Backend[] = [];
  let proxy: RouteyardProxy;
  let base: string;
  let dead: string;

  beforeAll(async () => {
    for (const name of ['a', 'b', 'c', 'm']) backends.push(await startBackend(name));
    const [a, b, c, m] = backends as [Backend, Backend, Backend, Backend];
    const gone = await startBackend('gone');
    dead = gone.url;
    await gone.close();
    proxy = await testProxy();
    const r = await proxy.apply(
      config({
        routers: {
          'wrr@file': { rule: 'Path(`/wrr`)', service: 'wrr@file' },
          'sticky@file': { rule: 'Path(`/sticky`)', service: 'sticky@file' },
          'weighted@file': { rule: 'Path(`/weighted`)', service: 'weighted@file' },
          'mirror@file': { rule: 'Path(`/mirror`)', service: 'mirror@file' },
          'hrw@file': { rule: 'Path(`/hrw`)', service: 'hrw@file' },
          'dead@file': { rule: 'Path(`/dead`)', service: 'dead@file' },
          'nohost@file': { rule: 'Path(`/nohost`)', service: 'nohost@file' },
        },
        services: {
          'wrr@file': {
            loadBalancer: { servers: [{ url: a.url, weight: 5 }, { url: b.url }, { url: c.url }] },
          },
          'sticky@file': {
            loadBalancer: { servers: [{ url: a.url }, { url: b.url }], sticky: { cookie: {} } },
          },
          'only-a@file': { loadBalancer: { servers: [{ url: a.url }] } },
          'only-b@file': { loadBalancer: { servers: [{ url: b.url }] } },
          'only-m@file': { loadBalancer: { servers: [{ url: m.url }] } },
          'weighted@file': {
            weighted: {
              services: [
                { name: 'only-a', weight: 2 },
                { name: 'only-b', weight: 1 },
              ],
            },
          },
          'mirror@file': { mirroring: { service: 'only-a', mirrors: [{ name: 'only-m', percent: 50 }] } },
          'hrw@file': { highestRandomWeight: { services: [{ name: 'only-a' }, { name: 'only-b' }] } },
          'dead@file': { loadBalancer: { servers: [{ url: dead }] } },
          'nohost@file': { loadBalancer: { servers: [{ url: `${a.url}/base` }], passHostHeader: false } },
        },
      }),
    );
    expect(r.ok).toBe(true);
    base = entryUrl(proxy);
  });

  afterAll(async () => {
    await proxy.stop();
    for (const b of backends) await b.close();
  });

  const who = async (path: string, headers: Record<string, string> = {}) =>
    (JSON.parse((await send(base, path, { headers })).text) as Echo).name;

  it('spreads a load balancer exactly as smooth WRR (5,1,1)', async () => {
    const seq: string[] = [];
    for (let i = 0; i < 14; i++) seq.push(await who('/wrr'));
    expect(seq.join('')).toBe('aabacaaaabacaa');
  });

  it('spreads weighted services 2:1 in the smooth order', async () => {
    const seq: string[] = [];
    for (let i = 0; i < 6; i++) seq.push(await who('/weighted'));
    expect(seq.join('')).toBe('abaaba');
  });

  it('sets a sticky cookie named as Traefik and honours it', async () => {
    const first = await send(base, '/sticky');
    const cookie = String(first.headers['set-cookie']);
    const name = defaultCookieName('sticky@file');
    expect(cookie.startsWith(`${name}=`)).toBe(true);
    const server = (JSON.parse(first.text) as Echo).name;
    const value = cookie.slice(name.length + 1).split(';')[0] as string;
    expect(value).toBe(stickyValue(backends.find((b) => b.name === server)?.url ?? ''));
    for (let i = 0; i < 4; i++) {
      const again = await send(base, '/sticky', { headers: { cookie: `${name}=${value}` } });
      expect((JSON.parse(again.text) as Echo).name).toBe(server);
      expect(again.headers['set-cookie']).toBeUndefined();
    }
  });

  it('mirrors half of the requests and answers from the main service', async () => {
    const m = backends[3] as Backend;
    const before = m.hits;
    for (let i = 0; i < 4; i++) expect(await who('/mirror')).toBe('a');
    await new Promise((r) => setTimeout(r, 100));
    expect(m.hits - before).toBe(2);
  });

  it('keeps a client on one child with highestRandomWeight', async () => {
    const first = await who('/hrw');
    for (let i = 0; i < 3; i++) expect(await who('/hrw')).toBe(first);
  });

  it('answers 502 Bad Gateway when the server refuses the connection', async () => {
    const res = await send(base, '/dead');
    expect(res.status).toBe(502);
    expect(res.text).toBe('Bad Gateway');
  });

  it('sends the server host and drops the server path without preservePath', async () => {
    const res = await send(base, '/nohost?x=1;y=2', { host: 'client.example.com' });
    const echo = JSON.parse(res.text) as Echo;
    expect(echo.headers.host).toBe(`127.0.0.1:${(backends[0] as Backend).port}`);
    expect(echo.url).toBe('/nohost?x=1&y=2');
  });
});
