import { describe, expect, it } from 'vitest';
import {
  canonicalHeaderKey,
  fromByteString,
  parseQuery,
  routingPath,
  splitHostPort,
  toByteString,
} from './go-url.ts';
import { canonicalHost, clientIpOf, hostOf, splitUrl } from './request-view.ts';
import { request } from './test-helpers.ts';

describe('routingPath', () => {
  it.each([
    ['/a/b', '/a/b'],
    ['', '/'],
    ['/foo%20bar', '/foo bar'],
    ['/%61pi', '/api'],
    ['/a%2Fb', '/a%2Fb'],
    ['/a%2fb', '/a/b'],
    ['/a%3Fb%23c%25d', '/a%3Fb%23c%25d'],
    ['/%C3%A9t%C3%A9', '/été'],
    ['/été', '/été'],
    ['/a b', '/a b'],
    ['/%FF', '/\ufffd'],
  ])('%j → %j', (raw, want) => {
    expect(routingPath(raw)).toBe(want);
  });
  it('is undefined for malformed escapes', () => {
    expect(routingPath('/%')).toBeUndefined();
    expect(routingPath('/%zz')).toBeUndefined();
    expect(routingPath('/%4')).toBeUndefined();
  });
});

describe('parseQuery', () => {
  it('parses as Go url.ParseQuery does', () => {
    const q = parseQuery('a=1&a=2&b&c=&=v&d=x%20y+z&&e=%zz&f;g=1&h=%C3%A9');
    expect(Object.fromEntries(q)).toEqual({
      a: ['1', '2'],
      b: [''],
      c: [''],
      '': ['v'],
      d: ['x y z'],
      h: ['é'],
    });
  });
});

describe('splitUrl', () => {
  it('splits without normalising', () => {
    expect(splitUrl('https://user:pw@Host.com:8443/a%2F?x=1#frag')).toEqual({
      authority: 'Host.com:8443',
      rawPath: '/a%2F',
      rawQuery: 'x=1',
    });
    expect(splitUrl('http://h')).toEqual({ authority: 'h', rawPath: '', rawQuery: '' });
    expect(splitUrl('http://h?q')).toEqual({ authority: 'h', rawPath: '', rawQuery: 'q' });
    expect(splitUrl('/only/path?q=1')).toEqual({ authority: '', rawPath: '/only/path', rawQuery: 'q=1' });
  });
});

describe('hosts and addresses', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['example.com:8080', 'example.com'],
    ['example.com:', 'example.com'],
    ['[::1]:80', '::1'],
    ['[::1]', '[::1]'],
    ['::1', '::1'],
    ['  a.com ', 'a.com'],
  ])('canonicalHost(%j) = %j', (raw, want) => {
    expect(canonicalHost(raw)).toBe(want);
  });
  it('hostOf prefers the Host header', () => {
    expect(hostOf(request('http://url.host/', { headers: { HOST: 'Header.Host:1' } }))).toBe('header.host');
    expect(hostOf(request('http://URL.host:9/'))).toBe('url.host');
  });
  it('clientIpOf takes the peer address', () => {
    expect(clientIpOf(request('http://h/', { remoteAddr: '10.0.0.1:5000' }))).toBe('10.0.0.1');
    expect(clientIpOf(request('http://h/', { remoteAddr: '[2001:db8::1]:5000' }))).toBe('2001:db8::1');
    expect(clientIpOf(request('http://h/', { remoteAddr: '10.0.0.1' }))).toBe('10.0.0.1');
    expect(clientIpOf(request('http://h/'))).toBe('');
  });
  it('splitHostPort fails where Go fails', () => {
    expect(splitHostPort('a:1:2')).toBeUndefined();
    expect(splitHostPort('[::1]x:1')).toBeUndefined();
    expect(splitHostPort('a]:1')).toBeUndefined();
    expect(splitHostPort('[a]:1')).toEqual({ host: 'a', port: '1' });
  });
});

describe('helpers', () => {
  it('canonicalHeaderKey', () => {
    expect(canonicalHeaderKey('x-forwarded-FOR')).toBe('X-Forwarded-For');
    expect(canonicalHeaderKey('x forwarded')).toBe('x forwarded');
  });
  it('UTF-8 byte strings round-trip', () => {
    for (const s of ['abc', 'é', '€', '🦭', 'a\u0000b']) expect(fromByteString(toByteString(s))).toBe(s);
    expect(toByteString('é')).toBe('\xc3\xa9');
    expect(fromByteString('\xc3')).toBe('\ufffd');
    expect(fromByteString('\xed\xa0\x80')).toBe('\ufffd\ufffd\ufffd');
  });
});
