import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RouteyardProxy } from '../proxy.ts';
import { config, entryUrl, send, testProxy } from '../testing/backends.ts';

// Go's maxIdleConnsPerHost bounds the connections kept idle, not those in use: Traefik opens as many upstream
// connections as there are requests in flight. A proxy that capped them would queue requests behind slow ones.
const IN_FLIGHT = 12;
const waiting: ServerResponse[] = [];
let most = 0;
const backend = createServer((_req, res) => {
  waiting.push(res);
  most = Math.max(most, waiting.length);
  if (waiting.length === IN_FLIGHT) for (const r of waiting.splice(0)) r.end('ok');
});
// Bounded: answers whatever arrived if all the requests never come at once.
const release = setInterval(() => {
  for (const r of waiting.splice(0)) r.end('late');
}, 3_000);
let proxy: RouteyardProxy;
let base: string;

beforeAll(async () => {
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  proxy = await testProxy();
  const r = await proxy.apply(
    config({
      routers: { 'r@file': { rule: 'PathPrefix(`/`)', service: 's@file' } },
      services: { 's@file': { loadBalancer: { servers: [{ url }], serversTransport: 'few' } } },
      serversTransports: { 'few@file': { maxIdleConnsPerHost: 4 } },
    }),
  );
  expect(r.ok).toBe(true);
  base = entryUrl(proxy);
});

afterAll(async () => {
  clearInterval(release);
  await proxy.stop();
  backend.closeAllConnections();
  backend.close();
});

it('sends every request in flight upstream at once, beyond maxIdleConnsPerHost', async () => {
  const answers = await Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => send(base, `/${i}`)));
  expect(answers.map((a) => a.text)).toEqual(Array(IN_FLIGHT).fill('ok'));
  expect(most).toBe(IN_FLIGHT);
});
