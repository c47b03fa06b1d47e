import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../request.ts';
import { getHeader } from './http-headers.ts';
import { compileMiddleware } from './registry.ts';
import { get, run } from './test-helpers.ts';
import type { MiddlewareResult } from './types.ts';
import { splitUrl } from './url.ts';

// Traefik's own middleware test tables read as facts (inputs, expected outputs), Traefik v3.x:
// pkg/middlewares/{stripprefix,stripprefixregex,addprefix,replacepath,replacepathregex,redirect}/*_test.go.
// `desc` is "<Go test name>/<row desc>" (or the row's path when the Go table has no desc).

/** What the next handler sees: Go's URL.Path (decoded), the raw path on the wire and X-Forwarded-Prefix. */
function forwarded(result: MiddlewareResult) {
  if (result.kind !== 'next') return { status: result.kind === 'respond' ? result.response.status : 0 };
  const parts = splitUrl(result.request.url);
  const raw = parts?.path ?? '';
  return {
    status: 200,
    path: decodeURIComponent(raw),
    rawPath: raw,
    prefix: getHeader(result.request.headers, 'X-Forwarded-Prefix') ?? '',
  };
}

describe('stripPrefix (strip_prefix_test.go TestStripPrefix)', () => {
  it.each<{
    desc: string;
    prefixes: string[];
    path: string;
    status?: number;
    expPath?: string;
    raw?: string;
    header?: string;
  }>([
    { desc: 'no prefixes configured', prefixes: [], path: '/noprefixes', expPath: '/noprefixes' },
    { desc: 'wildcard (.*) requests', prefixes: ['/'], path: '/', expPath: '', header: '/' },
    { desc: 'prefix and path matching', prefixes: ['/stat'], path: '/stat', expPath: '', header: '/stat' },
    {
      desc: 'path prefix on exactly matching path',
      prefixes: ['/stat/'],
      path: '/stat/',
      expPath: '',
      header: '/stat/',
    },
    {
      desc: 'path prefix on matching longer path',
      prefixes: ['/stat/'],
      path: '/stat/us',
      expPath: '/us',
      header: '/stat/',
    },
    { desc: 'path prefix on mismatching path', prefixes: ['/stat/'], path: '/status', expPath: '/status' },
    {
      desc: 'general prefix on matching path',
      prefixes: ['/stat'],
      path: '/stat/',
      expPath: '/',
      header: '/stat',
    },
    {
      desc: 'earlier prefix matching',
      prefixes: ['/stat', '/stat/us'],
      path: '/stat/us',
      expPath: '/us',
      header: '/stat',
    },
    {
      desc: 'later prefix matching',
      prefixes: ['/mismatch', '/stat'],
      path: '/stat',
      expPath: '',
      header: '/stat',
    },
    {
      desc: 'prefix matching within slash boundaries',
      prefixes: ['/stat'],
      path: '/status',
      expPath: '/us',
      header: '/stat',
    },
    {
      desc: 'raw path is also stripped',
      prefixes: ['/stat'],
      path: '/stat/a%2Fb',
      expPath: '/a/b',
      raw: '/a%2Fb',
      header: '/stat',
    },
    {
      desc: 'encoded char in prefix segment of raw path',
      prefixes: ['/api/'],
      path: '/ap%69/a%2Fb',
      expPath: '/a/b',
      raw: '/a%2Fb',
      header: '/api/',
    },
    {
      desc: 'dot in the path not stripped by the prefix',
      prefixes: ['/api'],
      path: '/api./foo',
      status: 400,
    },
    {
      desc: 'multiple dots in the path not stripped by the prefix',
      prefixes: ['/api'],
      path: '/api../foo',
      status: 400,
    },
  ])('TestStripPrefix/$desc', ({ prefixes, path, status = 200, expPath, raw, header = '' }) => {
    const got = forwarded(
      run('stripPrefix', { prefixes, forceSlash: false }, get(`http://localhost${path}`)),
    );
    if (status !== 200) {
      expect(got.status).toBe(status);
      return;
    }
    expect(got).toEqual({ status, path: expPath, rawPath: raw ?? expPath, prefix: header });
  });

  it('TestStripPrefix/multiple dots in the path not stripped by the prefix with forceSlash', () => {
    const got = forwarded(
      run('stripPrefix', { prefixes: ['/api'], forceSlash: true }, get('http://localhost/api../foo')),
    );
    expect(got.status).toBe(400);
  });
});

describe('stripPrefixRegex (strip_prefix_regex_test.go TestStripPrefixRegex)', () => {
  const regex = ['/a/api/', '/b/([a-z0-9]+)/', '/c/[a-z0-9]+/[0-9]+/'];
  it.each<{ path: string; expPath: string; raw?: string; header?: string }>([
    { path: '/a/test', expPath: '/a/test' },
    { path: '/a/test/', expPath: '/a/test/' },
    { path: '/a/api/', expPath: '', header: '/a/api/' },
    { path: '/a/api/test', expPath: '/test', header: '/a/api/' },
    { path: '/a/api/test/', expPath: '/test/', header: '/a/api/' },
    { path: '/b/api/', expPath: '', header: '/b/api/' },
    { path: '/b/api', expPath: '/b/api' },
    { path: '/b/api/test1', expPath: '/test1', header: '/b/api/' },
    { path: '/b/api2/test2', expPath: '/test2', header: '/b/api2/' },
    { path: '/c/api/123/', expPath: '', header: '/c/api/123/' },
    { path: '/c/api/123', expPath: '/c/api/123' },
    { path: '/c/api/123/test3', expPath: '/test3', header: '/c/api/123/' },
    { path: '/c/api/abc/test4', expPath: '/c/api/abc/test4' },
    { path: '/a/api/a%2Fb', expPath: '/a/b', raw: '/a%2Fb', header: '/a/api/' },
  ])('TestStripPrefixRegex/$path', ({ path, expPath, raw, header = '' }) => {
    const got = forwarded(run('stripPrefixRegex', { regex }, get(`http://localhost${path}`)));
    expect(got).toEqual({ status: 200, path: expPath, rawPath: raw ?? expPath, prefix: header });
  });
});

function redirectOutcome(result: MiddlewareResult) {
  if (result.kind !== 'respond') return { status: 200 };
  return { status: result.response.status, location: getHeader(result.response.headers, 'Location') };
}

describe('redirectScheme (redirect_scheme_test.go TestRedirectSchemeHandler)', () => {
  it('TestRedirectSchemeHandler/Without scheme', () => {
    expect(compileMiddleware('redirectScheme', {}).ok).toBe(false);
  });

  it.each<{
    desc: string;
    scheme: string;
    port?: string;
    permanent?: boolean;
    url: string;
    headers?: Record<string, string>;
    method?: string;
    status: number;
    location?: string;
  }>([
    { desc: 'HTTP to HTTPS', scheme: 'https', url: 'http://foo', status: 302, location: 'https://foo' },
    {
      desc: 'HTTP to HTTPS, with X-Forwarded-Proto',
      scheme: 'https',
      url: 'http://foo',
      headers: { 'X-Forwarded-Proto': 'http' },
      status: 302,
      location: 'https://foo',
    },
    {
      desc: 'HTTP to HTTPS, with X-Forwarded-Proto to HTTPS',
      scheme: 'https',
      url: 'http://foo',
      headers: { 'X-Forwarded-Proto': 'https' },
      status: 200,
    },
    {
      desc: 'HTTP to HTTPS, with X-Forwarded-Proto to unknown value',
      scheme: 'https',
      url: 'http://foo',
      headers: { 'X-Forwarded-Proto': 'bar' },
      status: 302,
      location: 'https://foo',
    },
    {
      desc: 'HTTP to HTTPS, with X-Forwarded-Proto to ws',
      scheme: 'https',
      url: 'http://foo',
      headers: { 'X-Forwarded-Proto': 'ws' },
      status: 302,
      location: 'https://foo',
    },
    {
      desc: 'HTTP to HTTPS, with X-Forwarded-Proto to wss',
      scheme: 'https',
      url: 'http://foo',
      headers: { 'X-Forwarded-Proto': 'wss' },
      status: 200,
    },
    {
      desc: 'HTTP with port to HTTPS without port',
      scheme: 'https',
      url: 'http://foo:8080',
      status: 302,
      location: 'https://foo',
    },
    {
      desc: 'HTTP without port to HTTPS with port',
      scheme: 'https',
      port: '8443',
      url: 'http://foo',
      status: 302,
      location: 'https://foo:8443',
    },
    {
      desc: 'HTTP with port to HTTPS with port',
      scheme: 'https',
      port: '8443',
      url: 'http://foo:8000',
      status: 302,
      location: 'https://foo:8443',
    },
    {
      desc: 'HTTPS with port to HTTPS with port',
      scheme: 'https',
      port: '8443',
      url: 'https://foo:8000',
      status: 302,
      location: 'https://foo:8443',
    },
    {
      desc: 'HTTPS with port to HTTPS without port',
      scheme: 'https',
      url: 'https://foo:8000',
      status: 302,
      location: 'https://foo',
    },
    {
      desc: 'redirection to HTTPS without port from an URL already in https',
      scheme: 'https',
      url: 'https://foo:8000/theother',
      status: 302,
      location: 'https://foo/theother',
    },
    {
      desc: 'HTTP to HTTPS permanent',
      scheme: 'https',
      port: '8443',
      permanent: true,
      url: 'http://foo',
      status: 301,
      location: 'https://foo:8443',
    },
    { desc: 'to HTTP 80', scheme: 'http', port: '80', url: 'http://foo:80', status: 200 },
    { desc: 'to HTTPS 443', scheme: 'https', port: '443', url: 'https://foo:443', status: 200 },
    {
      desc: 'HTTP to wss',
      scheme: 'wss',
      port: '9443',
      url: 'http://foo',
      status: 302,
      location: 'wss://foo:9443',
    },
    {
      desc: 'HTTP to wss without port',
      scheme: 'wss',
      url: 'http://foo',
      status: 302,
      location: 'wss://foo',
    },
    {
      desc: 'HTTP with port to wss without port',
      scheme: 'wss',
      url: 'http://foo:5678',
      status: 302,
      location: 'wss://foo',
    },
    {
      desc: 'HTTP to HTTPS without port',
      scheme: 'https',
      url: 'http://foo:443',
      status: 302,
      location: 'https://foo',
    },
    {
      desc: 'HTTP port redirection',
      scheme: 'http',
      port: '8181',
      url: 'http://foo:8080',
      status: 302,
      location: 'http://foo:8181',
    },
    {
      desc: 'HTTPS with port 80 to HTTPS without port',
      scheme: 'https',
      url: 'https://foo:80',
      status: 302,
      location: 'https://foo',
    },
    {
      desc: 'IPV6 HTTP to HTTPS redirection without port',
      scheme: 'https',
      url: 'http://[::1]',
      status: 302,
      location: 'https://[::1]',
    },
    {
      desc: 'IPV6 HTTP to HTTPS redirection with port',
      scheme: 'https',
      port: '8443',
      url: 'http://[::1]',
      status: 302,
      location: 'https://[::1]:8443',
    },
    {
      desc: 'IPV6 HTTP with port 80 to HTTPS redirection without port',
      scheme: 'https',
      url: 'http://[::1]:80',
      status: 302,
      location: 'https://[::1]',
    },
    {
      desc: 'IPV6 HTTP with port 80 to HTTPS redirection with port',
      scheme: 'https',
      port: '8443',
      url: 'http://[::1]:80',
      status: 302,
      location: 'https://[::1]:8443',
    },
  ])(
    'TestRedirectSchemeHandler/$desc',
    ({ scheme, port, permanent, url, headers = {}, method = 'GET', status, location }) => {
      const req: HttpRequest = { ...get(url, { ...headers, 'X-Foo': 'bar' }), method };
      const got = redirectOutcome(run('redirectScheme', { scheme, port, permanent }, req));
      expect(got).toEqual(location === undefined ? { status } : { status, location });
    },
  );
});

describe('addPrefix (add_prefix_test.go)', () => {
  it.each([
    { desc: 'Works with a non empty prefix', prefix: '/a', ok: true },
    { desc: 'Fails if prefix is empty', prefix: '', ok: false },
  ])('TestNewAddPrefix/$desc', ({ prefix, ok }) => {
    expect(compileMiddleware('addPrefix', { prefix }).ok).toBe(ok);
  });

  it.each([
    { desc: 'Works with a regular path', prefix: '/a', path: '/b', expPath: '/a/b' },
    { desc: 'Works with missing leading slash', prefix: 'a', path: '/', expPath: '/a/' },
    { desc: 'Works with a raw path', prefix: '/a', path: '/b%2Fc', expPath: '/a/b/c', raw: '/a/b%2Fc' },
  ])('TestAddPrefix/$desc', ({ prefix, path, expPath, raw }) => {
    const got = forwarded(run('addPrefix', { prefix }, get(`http://localhost${path}`)));
    expect(got).toEqual({ status: 200, path: expPath, rawPath: raw ?? expPath, prefix: '' });
  });
});

/** What the next handler sees after replacePath(Regex): decoded path, raw path and X-Replaced-Path. */
function replaced(result: MiddlewareResult) {
  if (result.kind !== 'next') return { status: result.kind === 'respond' ? result.response.status : 0 };
  const raw = splitUrl(result.request.url)?.path ?? '';
  return {
    status: 200,
    path: decodeURIComponent(raw),
    rawPath: raw,
    header: getHeader(result.request.headers, 'X-Replaced-Path') ?? '',
  };
}

describe('replacePath (replace_path_test.go TestReplacePath)', () => {
  it.each([
    {
      desc: 'simple path',
      path: '/example',
      cfg: '/replacement-path',
      expPath: '/replacement-path',
      header: '/example',
    },
    {
      desc: 'long path',
      path: '/some/really/long/path',
      cfg: '/replacement-path',
      expPath: '/replacement-path',
      header: '/some/really/long/path',
    },
    {
      desc: 'path with escaped value',
      path: '/foo%2Fbar',
      cfg: '/replacement-path',
      expPath: '/replacement-path',
      header: '/foo%2Fbar',
    },
    {
      desc: 'replacement with escaped value',
      path: '/path',
      cfg: '/foo%2Fbar',
      expPath: '/foo/bar',
      raw: '/foo%2Fbar',
      header: '/path',
    },
    {
      desc: 'replacement with percent encoded backspace char',
      path: '/path/%08bar',
      cfg: '/path/%08bar',
      expPath: '/path/\bbar',
      raw: '/path/%08bar',
      header: '/path/%08bar',
    },
  ])('TestReplacePath/$desc', ({ path, cfg, expPath, raw, header }) => {
    const got = replaced(run('replacePath', { path: cfg }, get(`http://localhost${path}`)));
    expect(got).toEqual({ status: 200, path: expPath, rawPath: raw ?? expPath, header });
  });

  it('replace_path.go: a replacement that does not unescape answers 500 with the Go error', () => {
    const r = run('replacePath', { path: '/a%zzb' }, get('http://localhost/x'));
    expect(r.kind === 'respond' && { status: r.response.status, body: r.response.body }).toEqual({
      status: 500,
      body: 'invalid URL escape "%zz"\n',
    });
  });
});

describe('replacePathRegex (replace_path_regex_test.go TestReplacePathRegex, v3 code)', () => {
  it.each<{
    desc: string;
    path: string;
    regex: string;
    replacement: string;
    expPath: string;
    raw?: string;
    header?: string;
  }>([
    {
      desc: 'simple regex',
      path: '/whoami/and/whoami',
      replacement: '/who-am-i/$1',
      regex: '^/whoami/(.*)',
      expPath: '/who-am-i/and/whoami',
      header: '/whoami/and/whoami',
    },
    {
      desc: 'simple replace (no regex)',
      path: '/whoami/and/whoami',
      replacement: '/who-am-i',
      regex: '/whoami',
      expPath: '/who-am-i/and/who-am-i',
      header: '/whoami/and/whoami',
    },
    {
      // v3 replace_path_regex.go only rewrites when `len(replacement) > 0`; the v2 table expected "/and".
      desc: 'empty replacement (v3: untouched)',
      path: '/whoami/and/whoami',
      replacement: '',
      regex: '/whoami',
      expPath: '/whoami/and/whoami',
    },
    {
      desc: 'no match',
      path: '/whoami/and/whoami',
      replacement: '/whoami',
      regex: '/no-match',
      expPath: '/whoami/and/whoami',
    },
    {
      desc: 'multiple replacement',
      path: '/downloads/src/source.go',
      replacement: '/downloads/$1-$2',
      regex: '^(?i)/downloads/([^/]+)/([^/]+)$',
      expPath: '/downloads/src-source.go',
      header: '/downloads/src/source.go',
    },
    {
      desc: 'replacement with escaped char',
      path: '/aaa/bbb',
      replacement: '/foo%2Fbar',
      regex: '/aaa/bbb',
      expPath: '/foo/bar',
      raw: '/foo%2Fbar',
      header: '/aaa/bbb',
    },
    {
      desc: 'path and regex with escaped char',
      path: '/aaa%2Fbbb',
      replacement: '/foo/bar',
      regex: '/aaa%2Fbbb',
      expPath: '/foo/bar',
      header: '/aaa%2Fbbb',
    },
    {
      desc: 'path with escaped char (no match)',
      path: '/aaa%2Fbbb',
      replacement: '/foo/bar',
      regex: '/aaa/bbb',
      expPath: '/aaa/bbb',
      raw: '/aaa%2Fbbb',
    },
    {
      desc: 'path with percent encoded backspace char',
      path: '/foo/%08bar',
      replacement: '/$1',
      regex: '^/foo/(.*)',
      expPath: '/\bbar',
      raw: '/%08bar',
      header: '/foo/%08bar',
    },
  ])('TestReplacePathRegex/$desc', ({ path, regex, replacement, expPath, raw, header = '' }) => {
    const got = replaced(run('replacePathRegex', { regex, replacement }, get(`http://localhost${path}`)));
    expect(got).toEqual({ status: 200, path: expPath, rawPath: raw ?? expPath, header });
  });

  it('TestReplacePathRegex/invalid regular expression', () => {
    expect(
      compileMiddleware('replacePathRegex', { regex: '^(?err)/invalid/regexp/([^/]+)$', replacement: '/x' })
        .ok,
    ).toBe(false);
  });
});

describe('redirectRegex (redirect_regex_test.go TestRedirectRegexHandler)', () => {
  it.each<{
    desc: string;
    regex: string;
    replacement: string;
    permanent?: boolean;
    url: string;
    method?: string;
    headers?: Record<string, string>;
    status: number;
    location?: string;
  }>([
    {
      desc: 'simple redirection',
      regex: '^(?:http?:\\/\\/)(foo)(\\.com)(:\\d+)(.*)$',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Go replacement template, not a JS one.
      replacement: 'https://${1}bar$2:443$4',
      url: 'http://foo.com:80',
      status: 302,
      location: 'https://foobar.com:443',
    },
    {
      desc: "URL doesn't match regex",
      regex: '^(?:http?:\\/\\/)(foo)(\\.com)(:\\d+)(.*)$',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Go replacement template, not a JS one.
      replacement: 'https://${1}bar$2:443$4',
      url: 'http://bar.com:80',
      status: 200,
    },
    {
      desc: 'invalid rewritten URL',
      regex: '^(.*)$',
      replacement: 'http://192.168.0.%31/',
      url: 'http://foo.com:80',
      status: 502,
    },
    {
      desc: 'HTTP to HTTPS permanent',
      regex: '^http://',
      replacement: 'https://$1',
      permanent: true,
      url: 'http://foo',
      status: 301,
      location: 'https://foo',
    },
    {
      desc: 'HTTPS to HTTP permanent',
      regex: 'https://foo',
      replacement: 'http://foo',
      permanent: true,
      url: 'https://foo',
      status: 301,
      location: 'http://foo',
    },
    {
      desc: 'HTTP to HTTPS',
      regex: 'http://foo:80',
      replacement: 'https://foo:443',
      url: 'http://foo:80',
      status: 302,
      location: 'https://foo:443',
    },
    {
      desc: 'HTTP to HTTPS, with X-Forwarded-Proto',
      regex: 'http://foo:80',
      replacement: 'https://foo:443',
      url: 'http://foo:80',
      headers: { 'X-Forwarded-Proto': 'https' },
      status: 302,
      location: 'https://foo:443',
    },
    {
      desc: 'HTTPS to HTTP',
      regex: 'https://foo:443',
      replacement: 'http://foo:80',
      url: 'https://foo:443',
      status: 302,
      location: 'http://foo:80',
    },
    {
      desc: 'HTTP to HTTP',
      regex: 'http://foo:80',
      replacement: 'http://foo:88',
      url: 'http://foo:80',
      status: 302,
      location: 'http://foo:88',
    },
    {
      desc: 'HTTP to HTTP POST',
      regex: '^http://',
      replacement: 'https://$1',
      url: 'http://foo',
      method: 'POST',
      status: 307,
      location: 'https://foo',
    },
    {
      desc: 'HTTP to HTTP POST permanent',
      regex: '^http://',
      replacement: 'https://$1',
      permanent: true,
      url: 'http://foo',
      method: 'POST',
      status: 308,
      location: 'https://foo',
    },
  ])(
    'TestRedirectRegexHandler/$desc',
    ({ regex, replacement, permanent, url, method = 'GET', headers = {}, status, location }) => {
      const req: HttpRequest = { ...get(url, { ...headers, 'X-Foo': 'bar' }), method };
      const got = redirectOutcome(run('redirectRegex', { regex, replacement, permanent }, req));
      expect(got).toEqual(location === undefined ? { status } : { status, location });
    },
  );

  it('TestRedirectRegexHandler/invalid regex', () => {
    expect(compileMiddleware('redirectRegex', { regex: '^(.*', replacement: '$1' }).ok).toBe(false);
  });
});
