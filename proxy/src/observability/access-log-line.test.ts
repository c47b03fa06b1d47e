import { describe, expect, it } from 'vitest';
import { type AccessLogEntry, formatLine } from './access-log-line.ts';

const START = Date.UTC(2026, 0, 2, 3, 4, 5);
const NOW = START + 2_000;

const entry: AccessLogEntry = {
  startMs: START,
  durationNs: 1_250_000,
  entryPoint: 'web',
  router: 'r@file',
  service: 's@file',
  upstream: 'http://127.0.0.1:80',
  clientHost: '127.0.0.1',
  method: 'GET',
  host: 'a.example.com:8000',
  path: '/api?q=1',
  protocol: 'HTTP/1.1',
  scheme: 'http',
  status: 200,
  requestBytes: 0,
  responseBytes: 5,
  configVersion: 'v1',
};

function parse(e: AccessLogEntry): Record<string, unknown> {
  const line = formatLine(e, NOW);
  expect(line.endsWith('}\n')).toBe(true);
  expect(line.indexOf('\n')).toBe(line.length - 1);
  return JSON.parse(line) as Record<string, unknown>;
}

describe("access log lines in Traefik's JSON format", () => {
  it("uses Traefik's field names and value types, keys sorted as Go marshals a map", () => {
    const line = parse(entry);
    expect(line).toEqual({
      ClientHost: '127.0.0.1',
      DownstreamContentSize: 5,
      DownstreamStatus: 200,
      Duration: 1_250_000,
      RequestAddr: 'a.example.com:8000',
      RequestContentSize: 0,
      RequestHost: 'a.example.com',
      RequestMethod: 'GET',
      RequestPath: '/api?q=1',
      RequestProtocol: 'HTTP/1.1',
      RequestScheme: 'http',
      RouterName: 'r@file',
      ServiceName: 's@file',
      ServiceURL: 'http://127.0.0.1:80',
      StartUTC: '2026-01-02T03:04:05Z',
      configVersion: 'v1',
      entryPointName: 'web',
      level: 'info',
      msg: '',
      time: '2026-01-02T03:04:07Z',
    });
    const keys = Object.keys(line);
    expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('leaves out the router, service and server keys of a request no router took', () => {
    const line = parse({ ...entry, router: '', service: '', upstream: '', status: 404 });
    expect(line).not.toHaveProperty('RouterName');
    expect(line).not.toHaveProperty('ServiceName');
    expect(line).not.toHaveProperty('ServiceURL');
    expect(line.DownstreamStatus).toBe(404);
  });

  it.each([
    { ms: START, want: '2026-01-02T03:04:05Z' },
    { ms: START + 0.5, want: '2026-01-02T03:04:05.0005Z' },
    { ms: START + 120, want: '2026-01-02T03:04:05.12Z' },
    { ms: START + 999.25, want: '2026-01-02T03:04:05.99925Z' },
  ])('writes StartUTC as Go writes a time: $want', ({ ms, want }) => {
    expect(parse({ ...entry, startMs: ms }).StartUTC).toBe(want);
  });

  it.each([
    { host: 'a.example.com', name: 'a.example.com' },
    { host: 'a.example.com:8443', name: 'a.example.com' },
    { host: '[::1]:8443', name: '::1' },
    { host: '[::1]', name: '::1' },
    { host: '', name: '' },
  ])('RequestHost is the Host name without its port: $host', ({ host, name }) => {
    const line = parse({ ...entry, host });
    expect(line.RequestHost).toBe(name);
    expect(line.RequestAddr).toBe(host);
  });

  it.each([
    { desc: 'quotes and backslashes', path: '/a"b\\c' },
    { desc: 'control characters', path: '/x\n\t\u0001\u007f' },
    { desc: 'non-ASCII text', path: '/café/日本/😀' },
    { desc: 'line and paragraph separators', path: '/\u2028\u2029' },
    { desc: 'escapes after plain text at the end', path: `/${'a'.repeat(200)}"` },
  ])('keeps every string exactly: $desc', ({ path }) => {
    expect(parse({ ...entry, path, router: path, configVersion: path }).RequestPath).toBe(path);
    expect(parse({ ...entry, router: path }).RouterName).toBe(path);
  });

  it('writes large counts and durations as integers', () => {
    const line = parse({
      ...entry,
      durationNs: 90_000_000_000_123,
      responseBytes: 2 ** 40,
      requestBytes: 10,
    });
    expect(line.Duration).toBe(90_000_000_000_123);
    expect(line.DownstreamContentSize).toBe(2 ** 40);
    expect(line.RequestContentSize).toBe(10);
  });
});
