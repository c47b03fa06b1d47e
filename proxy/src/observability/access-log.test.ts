import { describe, expect, it } from 'vitest';
import { type AccessLogEntry, formatEntry } from './access-log.ts';

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
