import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteyardProxy } from './proxy.ts';
import { type Backend, config, startBackend, testProxy } from './testing/backends.ts';

const MiB = 1024 * 1024;
const TOTAL = 256 * MiB;
const CHUNK = Buffer.alloc(64 * 1024, 120);

/**
 * A client that stops reading must stop the upstream too: the proxy holds a bounded amount (its socket buffer and
 * the kernel's), never the whole answer.
 */
describe('response backpressure', () => {
  let producer: Backend;
  let written = 0;
  let proxy: RouteyardProxy;

  beforeAll(async () => {
    producer = await startBackend('producer', (_req, res) => {
      res.writeHead(200, { 'content-length': String(TOTAL) });
      const pump = () => {
        while (written < TOTAL) {
          written += CHUNK.length;
          if (!res.write(CHUNK)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    proxy = await testProxy();
    await proxy.apply(
      config({
        routers: { 'big@file': { rule: 'Path(`/big`)', service: 'p@file' } },
        services: { 'p@file': { loadBalancer: { servers: [{ url: producer.url }] } } },
      }),
    );
  });

  afterAll(async () => {
    await proxy.stop();
    await producer.close();
  });

  it('stops reading the upstream while the client does not read, then delivers every byte', async () => {
    const [host, port] = (proxy.addresses().web as string).split(':') as [string, string];
    const socket = connect(Number(port), host);
    socket.pause();
    socket.write('GET /big HTTP/1.1\r\nHost: big.test\r\n\r\n');
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await sleep(600);
    const stalledAt = written;
    await sleep(300);
    expect(written).toBe(stalledAt);
    expect(stalledAt).toBeGreaterThan(0);
    expect(stalledAt).toBeLessThan(64 * MiB);

    let received = 0;
    let head = '';
    await new Promise<void>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        if (!head.includes('\r\n\r\n')) {
          head += chunk.toString('latin1');
          const end = head.indexOf('\r\n\r\n');
          if (end >= 0) received += head.length - end - 4;
        } else received += chunk.length;
        if (received >= TOTAL) resolve();
      });
      socket.resume();
    });
    socket.destroy();
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    expect(received).toBe(TOTAL);
  }, 30_000);
});
