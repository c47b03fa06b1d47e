import { describe, expect, it } from 'vitest';
import type { IPStrategy } from '../config/types.ts';
import { compileMiddleware } from './registry.ts';
import { get, run } from './test-helpers.ts';

describe('ipAllowList', () => {
  it.each<{ desc: string; remote: string; xff?: string; ipStrategy?: IPStrategy; allowed: boolean }>([
    { desc: 'remote address in range', remote: '192.168.1.7:4000', allowed: true },
    { desc: 'remote address out of range', remote: '10.0.0.1:4000', allowed: false },
    { desc: 'single address entry', remote: '127.0.0.1:1', allowed: true },
    { desc: 'IPv6 in range', remote: '[2001:db8::1]:443', allowed: true },
    {
      desc: 'X-Forwarded-For ignored without ipStrategy',
      remote: '10.0.0.1:1',
      xff: '192.168.1.2',
      allowed: false,
    },
    {
      desc: 'depth 1 takes the right-most',
      remote: '10.0.0.1:1',
      xff: '10.9.9.9, 192.168.1.2',
      ipStrategy: { depth: 1 },
      allowed: true,
    },
    {
      desc: 'depth 2 takes the second from the right',
      remote: '10.0.0.1:1',
      xff: '192.168.1.2, 10.9.9.9',
      ipStrategy: { depth: 2 },
      allowed: true,
    },
    {
      desc: 'depth beyond the list rejects',
      remote: '192.168.1.2:1',
      xff: '192.168.1.2',
      ipStrategy: { depth: 3 },
      allowed: false,
    },
    {
      desc: 'excludedIPs skips proxies from the right',
      remote: '10.0.0.1:1',
      xff: '192.168.1.5, 10.0.0.2, 10.0.0.3',
      ipStrategy: { excludedIPs: ['10.0.0.0/8'] },
      allowed: true,
    },
    {
      desc: 'depth wins over excludedIPs',
      remote: '10.0.0.1:1',
      xff: '192.168.1.5, 10.0.0.3',
      ipStrategy: { depth: 1, excludedIPs: ['10.0.0.0/8'] },
      allowed: false,
    },
  ])('$desc', ({ remote, xff, ipStrategy, allowed }) => {
    const cfg = { sourceRange: ['192.168.1.0/24', '127.0.0.1', '2001:db8::/32'], ipStrategy };
    const result = run(
      'ipAllowList',
      cfg,
      get('http://a.com/', xff ? { 'X-Forwarded-For': xff } : {}, { remoteAddr: remote }),
    );
    if (allowed) expect(result.kind).toBe('next');
    else expect(result).toMatchObject({ kind: 'respond', response: { status: 403, body: 'Forbidden' } });
  });

  it('answers rejectStatusCode when set', () => {
    const result = run(
      'ipAllowList',
      { sourceRange: ['1.2.3.4'], rejectStatusCode: 404 },
      get('http://a.com/', {}, { remoteAddr: '5.6.7.8:1' }),
    );
    expect(result).toMatchObject({ kind: 'respond', response: { status: 404 } });
  });

  it.each([
    { desc: 'empty sourceRange', cfg: { sourceRange: [] } },
    { desc: 'malformed CIDR', cfg: { sourceRange: ['10.0.0.0/33'] } },
    { desc: 'not an address', cfg: { sourceRange: ['example.com'] } },
  ])('refuses $desc', ({ cfg }) => {
    expect(compileMiddleware('ipAllowList', cfg)).toMatchObject({ ok: false });
  });
});
