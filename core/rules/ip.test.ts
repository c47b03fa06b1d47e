import { describe, expect, it } from 'vitest';
import { ipEqual, netContains, parseAddr, parseCidr, parseIp } from './ip.ts';

describe('parseIp', () => {
  it.each([
    '1.2.3.4',
    '0.0.0.0',
    '255.255.255.255',
    '::',
    '::1',
    '2001:db8::1',
    '1:2:3:4:5:6:7:8',
    '::ffff:1.2.3.4',
    '1::',
    'fe80::1:2',
  ])('accepts %s', (s) => {
    expect(parseIp(s)).toHaveLength(16);
  });
  it.each([
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3.-4',
    ':::',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '12345::',
    'fe80::1%eth0',
    '',
    'a.b.c.d',
    '1:2:3:4:5:6:7::8:9',
  ])('rejects %s', (s) => {
    expect(parseIp(s)).toBeUndefined();
  });
  it('treats IPv4 and IPv4-mapped IPv6 as equal', () => {
    expect(ipEqual(parseIp('1.2.3.4') as number[], parseIp('::ffff:1.2.3.4') as number[])).toBe(true);
  });
  it('parseAddr allows and drops a zone', () => {
    expect(parseAddr('fe80::1%eth0')).toEqual(parseIp('fe80::1'));
    expect(parseAddr('1.2.3.4%eth0')).toBeUndefined();
  });
});

describe('CIDR', () => {
  it('parses and matches', () => {
    const net = parseCidr('192.168.1.77/24');
    expect(net).toEqual({ bytes: [192, 168, 1, 77], bits: 24 });
    expect(netContains(net as never, parseIp('192.168.1.1') as number[])).toBe(true);
    expect(netContains(net as never, parseIp('192.168.2.1') as number[])).toBe(false);
    const all = parseCidr('0.0.0.0/0');
    expect(netContains(all as never, parseIp('8.8.8.8') as number[])).toBe(true);
    expect(netContains(all as never, parseIp('::1') as number[])).toBe(false);
    const v6 = parseCidr('2001:db8::/33');
    expect(netContains(v6 as never, parseIp('2001:db8:7fff::1') as number[])).toBe(true);
    expect(netContains(v6 as never, parseIp('2001:db8:8000::1') as number[])).toBe(false);
  });
  it.each(['1.2.3.4', '1.2.3.4/33', '::/129', '1.2.3.4/', '1.2.3.4/-1', 'fe80::%eth0/64', 'x/8'])(
    'rejects %s',
    (s) => {
      expect(parseCidr(s)).toBeUndefined();
    },
  );
});
