import { describe, expect, it } from 'vitest';
import { expandMiddlewares } from './chain.ts';
import { parseCidr, parseIp } from './ip.ts';
import { compileMiddlewareElement, MIDDLEWARES, middlewareTypes } from './registry.ts';
import { splitHostPort, splitUrl } from './url.ts';

describe('registry', () => {
  it('has every Traefik v3 HTTP middleware, keyed by its own type', () => {
    expect(Object.keys(MIDDLEWARES).sort()).toEqual(
      [
        'addPrefix',
        'basicAuth',
        'buffering',
        'chain',
        'circuitBreaker',
        'compress',
        'contentType',
        'digestAuth',
        'encodedCharacters',
        'errors',
        'forwardAuth',
        'grpcWeb',
        'headers',
        'inFlightReq',
        'ipAllowList',
        'passTLSClientCert',
        'rateLimit',
        'redirectRegex',
        'redirectScheme',
        'replacePath',
        'replacePathRegex',
        'retry',
        'stripPrefix',
        'stripPrefixRegex',
      ].sort(),
    );
    for (const [key, def] of Object.entries(MIDDLEWARES)) expect(def.type).toBe(key);
  });

  it.each([
    { desc: 'no type', mw: { status: 'enabled' as const }, problem: 'middleware sets no known type' },
    {
      desc: 'two types',
      mw: { addPrefix: { prefix: '/a' }, stripPrefix: { prefixes: ['/b'] } },
      problem: 'middleware sets several types: addPrefix, stripPrefix',
    },
  ])('compileMiddlewareElement refuses $desc', ({ mw, problem }) => {
    expect(compileMiddlewareElement(mw)).toEqual({ ok: false, problems: [problem] });
  });

  it('middlewareTypes ignores Routeyard keys', () => {
    expect(
      middlewareTypes({ addPrefix: { prefix: '/a' }, status: 'enabled', usedBy: ['r'], error: [] }),
    ).toEqual(['addPrefix']);
  });
});

describe('expandMiddlewares', () => {
  const mws = {
    'a@file': { addPrefix: { prefix: '/a' } },
    'b@file': { addPrefix: { prefix: '/b' } },
    'inner@file': { chain: { middlewares: ['b'] } },
    'outer@file': { chain: { middlewares: ['a', 'inner'] } },
    'loop@file': { chain: { middlewares: ['loop'] } },
  };

  it.each([
    {
      desc: 'nested chains in order, qualified with the provider',
      names: ['outer@file'],
      want: [
        ['a@file', ['outer@file']],
        ['b@file', ['outer@file', 'inner@file']],
      ],
    },
    { desc: 'missing member', names: ['nope@file'], want: [['nope@file', []]] },
  ])('$desc', ({ names, want }) => {
    expect(expandMiddlewares(mws, names).map((m) => [m.name, m.via])).toEqual(want);
  });

  it('reports a chain that includes itself', () => {
    expect(expandMiddlewares(mws, ['loop@file'])[0]?.error).toBe('chain "loop@file" includes itself');
  });
});

describe('url and ip helpers', () => {
  it.each([
    {
      desc: 'full',
      url: 'https://User@Shop.example.com:8443/a%20b?x=1&y',
      want: {
        scheme: 'https',
        authority: 'Shop.example.com:8443',
        hostname: 'Shop.example.com',
        port: '8443',
        path: '/a%20b',
        query: 'x=1&y',
      },
    },
    {
      desc: 'no path',
      url: 'http://a.com',
      want: { scheme: 'http', authority: 'a.com', hostname: 'a.com', port: '', path: '', query: undefined },
    },
    {
      desc: 'IPv6',
      url: 'http://[::1]:80/',
      want: {
        scheme: 'http',
        authority: '[::1]:80',
        hostname: '::1',
        port: '80',
        path: '/',
        query: undefined,
      },
    },
  ])('splitUrl: $desc', ({ url, want }) => {
    expect(splitUrl(url)).toEqual(want);
  });

  it('splitHostPort leaves a bare IPv6 address alone', () => {
    expect(splitHostPort('2001:db8::1')).toEqual({ hostname: '2001:db8::1', port: '' });
  });

  it.each([
    { desc: 'v4', ip: '10.0.0.1', ok: true },
    { desc: 'v6 compressed', ip: 'fe80::1', ok: true },
    { desc: 'v4-mapped v6', ip: '::ffff:10.0.0.1', ok: true },
    { desc: 'octet out of range', ip: '10.0.0.256', ok: false },
    { desc: 'two ::', ip: '1::2::3', ok: false },
  ])('parseIp: $desc', ({ ip, ok }) => {
    expect(parseIp(ip) !== undefined).toBe(ok);
  });

  it('a v4-mapped address is in the v4 block', () => {
    const net = parseCidr('10.0.0.0/8');
    const ip = parseIp('::ffff:10.1.2.3');
    expect(net && ip && net.bits).toBe(104);
    expect(ip?.[12]).toBe(10);
  });
});
