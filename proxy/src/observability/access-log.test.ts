import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccessLog, type AccessLogEntry, formatEntry } from './access-log.ts';

const entry: AccessLogEntry = {
  time: '2026-01-01T00:00:00.000Z',
  entryPoint: 'web',
  router: 'r@file',
  service: 's@file',
  upstream: 'http://127.0.0.1:80',
  clientIP: '127.0.0.1',
  method: 'GET',
  host: 'a.example.com',
  path: '/api?q=1',
  protocol: 'HTTP/1.1',
  status: 200,
  durationMs: 1.25,
  configVersion: 'v1',
};

describe('access log lines', () => {
  it.each([
    { desc: 'plain values', e: entry },
    { desc: 'values that need escaping', e: { ...entry, path: '/a"b\\c\n\u0001', host: 'x\u2028y' } },
  ])('formats $desc exactly as JSON.stringify', ({ e }) => {
    expect(formatEntry(e)).toBe(`${JSON.stringify(e)}\n`);
    expect(JSON.parse(formatEntry(e))).toEqual(e);
  });
});

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
    expect(lines.map((line) => JSON.parse(line).path)).toEqual(lines.map((_, i) => `/p/${i}`));
  });
});
