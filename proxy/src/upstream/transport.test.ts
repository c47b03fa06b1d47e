import { createServer as createH2cServer } from 'node:http2';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteyardProxy } from '../proxy.ts';
import { config, entryUrl, send, testCertificate, testProxy } from '../testing/backends.ts';

describe('upstream schemes and serversTransports', () => {
  let https: Server;
  let h2c: ReturnType<typeof createH2cServer>;
  let proxy: RouteyardProxy;
  let base: string;

  beforeAll(async () => {
    const cert = await testCertificate();
    https = createHttpsServer({ cert: cert.cert, key: cert.key }, (req, res) => {
      res.end(`tls ${req.headers.host}`);
    });
    h2c = createH2cServer((req, res) => {
      res.end(`h2c ${req.httpVersion}`);
    });
    await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => h2c.listen(0, '127.0.0.1', r));
    const httpsUrl = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;
    const h2cUrl = `h2c://127.0.0.1:${(h2c.address() as AddressInfo).port}`;
    proxy = await testProxy();
    const r = await proxy.apply(
      config({
        routers: {
          'strict@file': { rule: 'Path(`/strict`)', service: 'strict@file' },
          'skip@file': { rule: 'Path(`/skip`)', service: 'skip@file' },
          'ca@file': { rule: 'Path(`/ca`)', service: 'ca@file' },
          'h2c@file': { rule: 'Path(`/h2c`)', service: 'h2c@file' },
        },
        services: {
          'strict@file': { loadBalancer: { servers: [{ url: httpsUrl }] } },
          'skip@file': { loadBalancer: { servers: [{ url: httpsUrl }], serversTransport: 'skip' } },
          'ca@file': { loadBalancer: { servers: [{ url: httpsUrl }], serversTransport: 'ca' } },
          'h2c@file': { loadBalancer: { servers: [{ url: h2cUrl }] } },
        },
        serversTransports: {
          'skip@file': { insecureSkipVerify: true },
          'ca@file': { rootCAs: [cert.cert], serverName: 'routeyard.default' },
        },
      }),
    );
    expect(r.ok).toBe(true);
    base = entryUrl(proxy);
  });

  afterAll(async () => {
    await proxy.stop();
    https.closeAllConnections();
    https.close();
    h2c.close();
  });

  it('refuses an upstream certificate it cannot verify (502)', async () => {
    expect((await send(base, '/strict')).status).toBe(502);
  });

  it('accepts it with insecureSkipVerify', async () => {
    const res = await send(base, '/skip', { host: 'app.example.com' });
    expect(res.text).toBe('tls app.example.com');
  });

  it('verifies it against rootCAs with serverName', async () => {
    expect((await send(base, '/ca')).status).toBe(200);
  });

  it('speaks HTTP/2 cleartext to an h2c server', async () => {
    expect((await send(base, '/h2c')).text).toBe('h2c 2.0');
  });
});
