import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccessLog, type AccessLogEntry } from './access-log.ts';

const entry: AccessLogEntry = {
  startMs: Date.UTC(2026, 0, 1),
  durationNs: 1_250_000,
  entryPoint: 'web',
  router: 'r@file',
  service: 's@file',
  upstream: 'http://127.0.0.1:80',
  clientHost: '127.0.0.1',
  method: 'GET',
  host: 'a.example.com',
  path: '/api?q=1',
  protocol: 'HTTP/1.1',
  scheme: 'http',
  status: 200,
  requestBytes: 0,
  responseBytes: 2,
  configVersion: 'v1',
};

describe('access log batches', () => {
  it('keeps every line, in order, across flushes that reuse written buffers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routeyard-log-'));
    const file = join(dir, 'access.log');
    const log = new AccessLog(file);
    let n = 0;
    // Several rounds of more than one buffer's worth, each round waiting for its writes so buffers come back.
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 3000; i++) log.write({ ...entry, status: 200 + (n % 5), path: `/p/${n++}` });
      log.flush();
      await new Promise((r) => setTimeout(r, 20));
    }
    await log.close();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    rmSync(dir, { recursive: true, force: true });
    expect(lines.length).toBe(n);
    expect(lines.map((line) => JSON.parse(line).RequestPath)).toEqual(lines.map((_, i) => `/p/${i}`));
  });
});

describe('access log lines too long to encode in place', () => {
  it('writes them whole, after the lines before them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routeyard-log-'));
    const file = join(dir, 'access.log');
    const log = new AccessLog(file);
    const long = `/${'x'.repeat(20_000)}`;
    log.write({ ...entry, path: '/before' });
    log.write({ ...entry, path: long });
    log.write({ ...entry, path: '/after' });
    await log.close();
    const paths = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line).RequestPath);
    rmSync(dir, { recursive: true, force: true });
    expect(paths).toEqual(['/before', long, '/after']);
  });
});
