import { describe, expect, it } from 'vitest';
import { getHeaderValues } from './http-headers.ts';
import { compileMiddleware } from './registry.ts';
import { get, nextRequest, run } from './test-helpers.ts';

describe('addPrefix', () => {
  it.each([
    { desc: 'prefix added', prefix: '/foo', url: 'http://a.com/bar?x=1', want: 'http://a.com/foo/bar?x=1' },
    { desc: 'root path', prefix: '/foo', url: 'http://a.com/', want: 'http://a.com/foo/' },
    {
      desc: 'prefix without leading slash gets one',
      prefix: 'foo',
      url: 'http://a.com/bar',
      want: 'http://a.com/foo/bar',
    },
    { desc: 'encoded path kept', prefix: '/foo', url: 'http://a.com/a%2Fb', want: 'http://a.com/foo/a%2Fb' },
  ])('$desc', ({ prefix, url, want }) => {
    expect(nextRequest(run('addPrefix', { prefix }, get(url))).url).toBe(want);
  });

  it('refuses an empty prefix', () => {
    expect(compileMiddleware('addPrefix', { prefix: '' })).toMatchObject({ ok: false });
  });
});

describe('stripPrefix', () => {
  it.each([
    {
      desc: 'first matching prefix stripped',
      prefixes: ['/foo', '/bar'],
      url: 'http://a.com/bar/baz',
      path: '/baz',
      header: '/bar',
    },
    {
      desc: 'whole path stripped leaves it empty (Go sends /)',
      prefixes: ['/api'],
      url: 'http://a.com/api',
      path: '',
      header: '/api',
    },
    {
      desc: 'prefix with trailing slash',
      prefixes: ['/api/'],
      url: 'http://a.com/api/cart',
      path: '/cart',
      header: '/api/',
    },
    {
      desc: 'partial segment is stripped too (no segment logic)',
      prefixes: ['/api'],
      url: 'http://a.com/apis/x',
      path: '/s/x',
      header: '/api',
    },
    {
      desc: 'no match leaves the request',
      prefixes: ['/api'],
      url: 'http://a.com/web',
      path: '/web',
      header: undefined,
    },
  ])('$desc', ({ prefixes, url, path, header }) => {
    const out = nextRequest(run('stripPrefix', { prefixes }, get(url)));
    expect(out.url).toBe(`http://a.com${path}`);
    expect(getHeaderValues(out.headers, 'X-Forwarded-Prefix')[0]).toBe(header);
  });

  it.each([
    { desc: 'forceSlash keeps a root slash', url: 'http://a.com/api', path: '/' },
    { desc: 'forceSlash removes a doubled slash', url: 'http://a.com/api/x', path: '/x' },
  ])('$desc', ({ url, path }) => {
    expect(nextRequest(run('stripPrefix', { prefixes: ['/api'], forceSlash: true }, get(url))).url).toBe(
      `http://a.com${path}`,
    );
  });

  it('appends to an existing X-Forwarded-Prefix', () => {
    const out = nextRequest(
      run('stripPrefix', { prefixes: ['/b'] }, get('http://a.com/b/c', { 'X-Forwarded-Prefix': '/a' })),
    );
    expect(getHeaderValues(out.headers, 'X-Forwarded-Prefix')).toEqual(['/a', '/b']);
  });
});

describe('stripPrefixRegex', () => {
  it.each([
    {
      desc: 'documented example',
      regex: ['/foo/[a-z0-9]+/[0-9]+/'],
      url: 'http://a.com/foo/abc/123/bar',
      path: '/bar',
      header: '/foo/abc/123/',
    },
    {
      desc: 'match must be a prefix',
      regex: ['/b/[0-9]+'],
      url: 'http://a.com/a/b/12',
      path: '/a/b/12',
      header: undefined,
    },
    {
      desc: 'second expression used when the first misses',
      regex: ['^/x', '^/api/v[0-9]'],
      url: 'http://a.com/api/v2/users',
      path: '/users',
      header: '/api/v2',
    },
    { desc: 'whole path stripped', regex: ['^/api'], url: 'http://a.com/api', path: '', header: '/api' },
  ])('$desc', ({ regex, url, path, header }) => {
    const out = nextRequest(run('stripPrefixRegex', { regex }, get(url)));
    expect(out.url).toBe(`http://a.com${path}`);
    expect(getHeaderValues(out.headers, 'X-Forwarded-Prefix')[0]).toBe(header);
  });

  it('reports an invalid expression', () => {
    const c = compileMiddleware('stripPrefixRegex', { regex: ['(unclosed'] });
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.problems[0]).toMatch(/^stripPrefixRegex\.regex\[0\]: /);
  });
});

describe('replacePath', () => {
  it.each([
    {
      desc: 'path replaced, query kept',
      path: '/foo',
      url: 'http://a.com/bar/baz?q=1',
      want: 'http://a.com/foo?q=1',
      original: '/bar/baz',
    },
    {
      desc: 'escaped original recorded as sent',
      path: '/x',
      url: 'http://a.com/a%20b',
      want: 'http://a.com/x',
      original: '/a%20b',
    },
  ])('$desc', ({ path, url, want, original }) => {
    const out = nextRequest(run('replacePath', { path }, get(url)));
    expect(out.url).toBe(want);
    expect(getHeaderValues(out.headers, 'X-Replaced-Path')).toEqual([original]);
  });

  it('answers 500 for a replacement that does not unescape', () => {
    expect(run('replacePath', { path: '/%zz' }, get('http://a.com/x'))).toMatchObject({
      kind: 'respond',
      response: { status: 500 },
    });
  });
});

describe('replacePathRegex', () => {
  it.each([
    {
      desc: 'documented example',
      regex: '^/foo/(.*)',
      replacement: '/bar/$1',
      url: 'http://a.com/foo/baz',
      want: '/bar/baz',
      header: '/foo/baz',
    },
    {
      desc: 'named group',
      regex: '^/v(?P<n>[0-9])/(.*)',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Go replacement template, not a JS one.
      replacement: '/api/${n}/$2',
      url: 'http://a.com/v1/users',
      want: '/api/1/users',
      header: '/v1/users',
    },
    {
      desc: 'Go takes $1x as a group named 1x (empty)',
      regex: '^/(a)',
      replacement: '/$1x',
      url: 'http://a.com/a',
      want: '/',
      header: '/a',
    },
    {
      desc: 'no match leaves the request',
      regex: '^/foo',
      replacement: '/bar',
      url: 'http://a.com/baz',
      want: '/baz',
      header: undefined,
    },
    {
      desc: 'empty replacement is a no-op',
      regex: '^/foo',
      replacement: '',
      url: 'http://a.com/foo',
      want: '/foo',
      header: undefined,
    },
    {
      desc: 'every match replaced',
      regex: 'o',
      replacement: '0',
      url: 'http://a.com/foo',
      want: '/f00',
      header: '/foo',
    },
  ])('$desc', ({ regex, replacement, url, want, header }) => {
    const out = nextRequest(run('replacePathRegex', { regex, replacement }, get(url)));
    expect(out.url).toBe(`http://a.com${want}`);
    expect(getHeaderValues(out.headers, 'X-Replaced-Path')[0]).toBe(header);
  });
});
