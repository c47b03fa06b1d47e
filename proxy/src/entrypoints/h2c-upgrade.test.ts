import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { matchPreface, mayBePreface } from './h2c.ts';
import { dropH2cToken, headWithoutH2cUpgrade, isH2cUpgrade } from './h2c-upgrade.ts';

function request(rawHeaders: string[], method = 'GET', url = '/p?q=1'): IncomingMessage {
  const headers: Record<string, string> = {};
  for (let i = 0; i < rawHeaders.length; i += 2)
    headers[(rawHeaders[i] as string).toLowerCase()] = rawHeaders[i + 1] as string;
  return { method, url, httpVersion: '1.1', rawHeaders, headers } as unknown as IncomingMessage;
}

describe('the client preface', () => {
  it.each([
    { desc: 'whole preface', bytes: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0', want: 'h2c' },
    { desc: 'a prefix so far', bytes: 'PRI * HTT', want: 'partial' },
    { desc: 'differs late', bytes: 'PRI * HTTP/1.1\r\n', want: 'http1' },
    { desc: 'WebDAV PROPFIND', bytes: 'PROPFIND / HTTP/1.1\r\n', want: 'http1' },
  ])('$desc → $want', ({ bytes, want }) => {
    expect(matchPreface(Buffer.from(bytes, 'latin1'))).toBe(want);
  });

  it.each([
    { desc: 'GET', bytes: 'GET / HTTP/1.1', want: false },
    { desc: 'POST', bytes: 'POST / HTTP/1.1', want: false },
    { desc: 'PUT', bytes: 'PUT / HTTP/1.1', want: false },
    { desc: 'PATCH', bytes: 'PATCH / HTTP/1.1', want: false },
    { desc: 'one byte P', bytes: 'P', want: true },
    { desc: 'the preface', bytes: 'PRI * HTTP/2.0', want: true },
  ])('$desc may be the preface: $want', ({ bytes, want }) => {
    expect(mayBePreface(Buffer.from(bytes, 'latin1'))).toBe(want);
  });
});

describe('Upgrade: h2c', () => {
  it('rebuilds the head without the upgrade, keeping the other headers and Connection options', () => {
    const req = request([
      'Host',
      'a.example.com',
      'Connection',
      'keep-alive, Upgrade, HTTP2-Settings',
      'Upgrade',
      'h2c',
      'HTTP2-Settings',
      'AAMAAABkAARAAAAAAAIAAAAA',
      'X-Custom',
      'v',
    ]);
    expect(isH2cUpgrade(req)).toBe(true);
    expect(dropH2cToken(req)).toBe(false);
    expect(headWithoutH2cUpgrade(req).toString('latin1')).toBe(
      'GET /p?q=1 HTTP/1.1\r\nHost: a.example.com\r\nConnection: keep-alive\r\nX-Custom: v\r\n\r\n',
    );
  });

  it('drops Connection when it named only the upgrade', () => {
    const req = request(['Host', 'h', 'Connection', 'Upgrade, HTTP2-Settings', 'Upgrade', 'H2C']);
    expect(headWithoutH2cUpgrade(req).toString('latin1')).toBe('GET /p?q=1 HTTP/1.1\r\nHost: h\r\n\r\n');
  });

  it('keeps another protocol asked for with h2c as the upgrade', () => {
    const req = request(['Upgrade', 'h2c, websocket', 'HTTP2-Settings', 'x', 'Connection', 'Upgrade']);
    expect(dropH2cToken(req)).toBe(true);
    expect(req.headers.upgrade).toBe('websocket');
    expect(req.headers['http2-settings']).toBeUndefined();
  });

  it('leaves other upgrades alone', () => {
    expect(isH2cUpgrade(request(['Upgrade', 'websocket', 'Connection', 'Upgrade']))).toBe(false);
  });
});
