import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../request.ts';
import { compileRule } from './compile.ts';
import { RuleSyntaxError } from './errors.ts';
import { request } from './test-helpers.ts';

// Cases follow Traefik's documentation and pkg/muxer/http/matcher_test.go.
function check(rule: string, cases: [HttpRequest | string, boolean][]): void {
  const compiled = compileRule(rule);
  for (const [r, want] of cases) {
    const req = typeof r === 'string' ? request(r) : r;
    expect({ rule, req, got: compiled.matches(req) }).toEqual({ rule, req, got: want });
    expect(compiled.explain(req).result).toBe(want);
  }
}

function rejects(rule: string, pattern?: RegExp): RuleSyntaxError {
  let caught: unknown;
  try {
    compileRule(rule);
  } catch (err) {
    caught = err;
  }
  expect(caught, rule).toBeInstanceOf(RuleSyntaxError);
  if (pattern) expect((caught as Error).message).toMatch(pattern);
  return caught as RuleSyntaxError;
}

describe('Host', () => {
  it('ignores case and port', () => {
    check('Host(`example.com`)', [
      ['https://example.com/', true],
      ['https://example.com:8080/', true],
      ['https://EXAMPLE.COM/path', true],
      ['https://example.org/', false],
    ]);
    check('Host(`EXAMPLE.COM`)', [['https://example.com/', true]]);
  });
  it('tolerates a trailing dot on either side', () => {
    check('Host(`example.com.`)', [
      ['https://example.com/', true],
      ['https://example.com./', true],
      ['https://example.org./', false],
    ]);
    check('Host(`example.com`)', [
      ['https://example.com./path', true],
      ['https://example.org./', false],
    ]);
  });
  it('takes the Host header over the URL, in any case', () => {
    check('Host(`api.example.com`)', [
      [request('http://10.0.0.1:8000/', { headers: { host: 'api.example.com:8000' } }), true],
      [request('http://api.example.com/', { headers: { Host: 'other.example.com' } }), false],
    ]);
  });
  it('never matches an empty host (HTTP/1.0 without Host)', () => {
    check('Host(`example.com`)', [[request('http://example.com/', { headers: { Host: '' } }), false]]);
  });
  it('matches IP hosts, IPv6 without brackets when a port is given', () => {
    check('Host(`127.0.0.1`)', [
      ['http://127.0.0.1:8000/', true],
      ['http://127.0.0.2/', false],
    ]);
    check('Host(`::1`)', [
      ['http://[::1]:8080/', true],
      // Without a port Go's SplitHostPort fails, so the brackets stay.
      ['http://[::1]/', false],
    ]);
    check('Host(`[::1]`)', [['http://[::1]/', true]]);
  });
  it('matches wildcard subdomains (*. exactly one label, **. one or more)', () => {
    check('Host(`*.example.com`)', [
      ['http://a.example.com/', true],
      ['http://a.b.example.com/', false],
      ['http://example.com/', false],
    ]);
    check('Host(`**.example.com`)', [
      ['http://a.example.com/', true],
      ['http://a.b.example.com/', true],
      ['http://example.com/', false],
      ['http://badexample.com/', false],
    ]);
  });
  it('needs the punycode form', () => {
    check('Host(`xn--9t9h.com`)', [
      ['https://xn--9t9h.com/', true],
      [request('https://x/', { headers: { Host: '🦭.com' } }), false],
    ]);
  });
  it('rejects bad values', () => {
    rejects('Host()', /no values/);
    rejects('Host(``)', /empty value/);
    rejects('Host(`🦭.com`)', /non-ASCII/);
    expect(rejects('Host(`example.com`, `example.org`)').code).toBe('RULE002');
  });
});

describe('HostRegexp', () => {
  it('is a Go regexp on the lower-cased host without port, not anchored', () => {
    check('HostRegexp(`^[a-zA-Z-]+\\.com$`)', [
      ['https://example.com/', true],
      ['https://example.com:8080/', true],
      ['https://example.org/', false],
    ]);
    check('HostRegexp(`^[A-Z]+\\.com$`)', [['https://EXAMPLE.com/', false]]);
    check('HostRegexp(`example\\.com`)', [['https://api.example.com.evil.net/', true]]);
  });
  it('matches every request when the regexp matches the empty string', () => {
    // Traefik also tries the CNAME-flattened host, which is empty without CNAME flattening.
    check('HostRegexp(`^(api)?$`)', [['https://anything.example/', true]]);
  });
  it('rejects bad values', () => {
    rejects('HostRegexp(`(example.com`)', /compiling HostRegexp/);
    rejects('HostRegexp(`🦭.com`)', /non-ASCII/);
  });
  it('accepts a v2 placeholder as a literal regexp, as Traefik v3 does, with a RULE004 hint', () => {
    // matcher_test.go "valid HostRegexp matcher with Traefik v2 syntax": compiles, matches nothing.
    const rule = compileRule('HostRegexp(`{sub:[a-z]+}.example.com`)');
    expect(rule.matches(request('https://api.example.com/'))).toBe(false);
    expect(rule.hints.map((h) => h.code)).toEqual(['RULE004']);
  });
});

describe('Path and PathPrefix', () => {
  it('Path is exact', () => {
    check('Path(`/css`)', [
      ['https://example.org/css', true],
      ['https://example.com/css/', false],
      ['https://example.com/css/main.css', false],
      ['https://example.com/css?x=1', true],
    ]);
  });
  it('PathPrefix is a string prefix, not a segment prefix', () => {
    check('PathPrefix(`/css`)', [
      ['https://example.com/html', false],
      ['https://example.com/css', true],
      ['https://example.com/css/main.css', true],
      ['https://example.com/cssx', true],
    ]);
  });
  it('a URL without a path is the path /', () => {
    check('Path(`/`)', [['https://example.com', true]]);
  });
  it('sees unreserved characters decoded and reserved ones encoded', () => {
    check('Path(`/foo bar`)', [['https://example.com/foo%20bar', true]]);
    check('PathPrefix(`/api/v1`)', [['https://example.com/%61pi/v1/x', true]]);
    // %2F stays encoded: it is not a path separator to the matcher.
    check('Path(`/a/b`)', [['https://example.com/a%2Fb', false]]);
    check('Path(`/a%2Fb`)', [['https://example.com/a%2Fb', true]]);
    check('Path(`/é`)', [['https://example.com/%C3%A9', true]]);
  });
  it('matches nothing on a malformed escape (Traefik answers 400)', () => {
    check('PathPrefix(`/`)', [['https://example.com/a%zz', false]]);
    check('!PathPrefix(`/x`)', [['https://example.com/%', true]]);
  });
  it('rejects values without a leading slash', () => {
    rejects('Path(`css`)', /does not start with a '\/'/);
    rejects('PathPrefix(`css`)', /does not start with a '\/'/);
    expect(rejects('PathPrefix(`/css`, `/js`)').code).toBe('RULE002');
  });
  it('matches a v2 placeholder literally, as Traefik v3 does, and hints the v3 form', () => {
    const rule = compileRule('Path(`/users/{id:[0-9]+}`)');
    expect(rule.matches(request('https://example.com/users/42'))).toBe(false);
    expect(rule.matches(request('https://example.com/users/%7Bid:[0-9]+%7D'))).toBe(true);
    expect(rule.hints[0]?.message).toContain('PathRegexp(`^/users/(?:[0-9]+)$`)');
  });
});

describe('PathRegexp', () => {
  it('is not anchored and is case-sensitive', () => {
    check('PathRegexp(`^/(css|js)`)', [
      ['https://example.com/html', false],
      ['https://example.com/CSS', false],
      ['https://example.com/css/main.css', true],
      ['https://example.com/js', true],
    ]);
    check('PathRegexp(`\\.jpg$`)', [['https://example.com/img/a.jpg', true]]);
  });
  it('takes v2 placeholders literally, as v3 does', () => {
    check('PathRegexp("/{path:(css|js)}")', [
      ['https://example.com/css', false],
      ['https://example.com/{path:css}', true],
      ['https://example.com/%7Bpath:js%7D/', true],
    ]);
  });
  it('rejects a bad regexp', () => {
    rejects('PathRegexp(`/(css`)', /compiling PathRegexp/);
    rejects('PathRegexp(`(?=x)`)', /compiling PathRegexp/);
  });
});

describe('Method', () => {
  it('upper-cases the value but not the request method', () => {
    check('Method(`get`)', [
      [request('http://x/', { method: 'GET' }), true],
      [request('http://x/', { method: 'POST' }), false],
      [request('http://x/', { method: 'get' }), false],
    ]);
  });
  it('rejects bad values', () => {
    rejects('Method()');
    rejects('Method(``)');
    expect(rejects('Method(`GET`, `POST`)').code).toBe('RULE002');
  });
});

describe('Header and HeaderRegexp', () => {
  const h = (headers: HttpRequest['headers']): HttpRequest => request('https://example.com/', { headers });
  it('compares canonical names and any of several values', () => {
    for (const rule of ['Header(`X-Forwarded-Proto`, `https`)', 'Header(`x-forwarded-proto`, `https`)']) {
      check(rule, [
        [h({ 'X-Forwarded-Proto': 'https' }), true],
        [h({ 'x-forwarded-proto': 'https' }), true],
        [h({ 'X-Forwarded-Proto': ['http', 'https'] }), true],
        [h({ 'X-Forwarded-Proto': 'http, https' }), false],
        [h({ 'X-Forwarded-Host': 'example.com' }), false],
      ]);
    }
  });
  it('never sees Host, which Go moves out of the header map', () => {
    check('Header(`Host`, `example.com`)', [[h({ Host: 'example.com' }), false]]);
  });
  it('HeaderRegexp is unanchored unless the regexp anchors', () => {
    check('HeaderRegexp(`X-Forwarded-Proto`, `^https?$`)', [
      [h({ 'X-Forwarded-Proto': 'http' }), true],
      [h({ 'X-Forwarded-Proto': 'HTTPS' }), false],
      [h({ 'X-Forwarded-Proto': ['ws', 'https'] }), true],
    ]);
    check('HeaderRegexp(`User-Agent`, `curl`)', [[h({ 'user-agent': 'x curl/8' }), true]]);
  });
  it('rejects bad values', () => {
    rejects('Header(`X-Forwarded-Host`)', /takes a key and a value/);
    rejects('Header(`X-Forwarded-Host`, ``)', /empty value/);
    rejects('Header(``, `example.com`)', /empty value/);
    rejects('Header(`X`, `a`, `b`)');
    rejects('HeaderRegexp(`X`, `(a`)', /compiling HeaderRegexp/);
    expect(rejects('Headers(`X`, `a`)').code).toBe('RULE002');
    expect(rejects('HeadersRegexp(`X`, `a`)').code).toBe('RULE002');
  });
});

describe('Query and QueryRegexp', () => {
  it('matches any of the repeated values, case-sensitively', () => {
    check('Query(`q`, `traefik`)', [
      ['https://example.com/', false],
      ['https://example.com/?q=traefik', true],
      ['https://example.com/?rel=ddg&q=traefik', true],
      ['https://example.com/?q=awesome&q=traefik', true],
      ['https://example.com/?q=TRAEFIK', false],
      ['https://example.com/?Q=traefik', false],
      ['https://example.com/?q=tra%65fik', true],
    ]);
  });
  it('with one value matches a key present with an empty value', () => {
    check('Query(`mobile`)', [
      ['https://example.com/', false],
      ['https://example.com/?mobile', true],
      ['https://example.com/?mobile=', true],
      ['https://example.com/?mobile=true', false],
    ]);
  });
  it('decodes + as space and drops pairs with ; or bad escapes, as Go does', () => {
    check('Query(`q`, `a b`)', [['https://x/?q=a+b', true]]);
    check('Query(`q`, `1`)', [
      ['https://x/?q=1;x=2', false],
      ['https://x/?q=1&bad=%zz', true],
    ]);
  });
  it('QueryRegexp tests each value, unanchored', () => {
    check('QueryRegexp(`q`, `^(traefik|nginx)$`)', [
      ['https://example.com/?q=nginx&q=proxy', true],
      ['https://example.com/?q=NGINX', false],
      ['https://example.com/?q=haproxy', false],
    ]);
    check('QueryRegexp(`q`, `^.*$`)', [
      ['https://example.com/', false],
      ['https://example.com/?q=anything', true],
    ]);
    check('QueryRegexp(`mobile`)', [['https://example.com/?mobile', true]]);
  });
  it('rejects bad values; v2 key=value compiles as a literal key with a hint', () => {
    rejects('Query()');
    rejects('Query(``)');
    rejects('Query(`q`, ``)', /empty value/);
    rejects('Query(`q`, `a`, `b`)');
    rejects('QueryRegexp(`q`, `(traefik`)', /compiling QueryRegexp/);
    const v2 = compileRule('Query(`q=traefik`)');
    expect(v2.matches(request('https://example.com/?q=traefik'))).toBe(false);
    expect(v2.hints[0]?.message).toContain('Query(`q`, `traefik`)');
  });
});

describe('ClientIP', () => {
  const from = (remoteAddr: string | undefined): HttpRequest =>
    request('https://example.com/', { remoteAddr });
  it('matches an IP or a CIDR range against the connection address', () => {
    check('ClientIP(`127.0.0.1`)', [
      [from('127.0.0.1:4242'), true],
      [from('192.168.1.1:4242'), false],
      [from('1'), false],
      [from(undefined), false],
    ]);
    check('ClientIP(`192.168.1.0/24`)', [
      [from('192.168.1.100:1'), true],
      [from('192.168.2.1:1'), false],
    ]);
    check('ClientIP(`10.0.0.1/8`)', [[from('10.9.9.9:1'), true]]);
  });
  it('ignores X-Forwarded-For', () => {
    check('ClientIP(`1.2.3.4`)', [
      [request('http://x/', { remoteAddr: '10.0.0.1:1', headers: { 'X-Forwarded-For': '1.2.3.4' } }), false],
    ]);
  });
  it('handles IPv6, zones and IPv4-mapped addresses', () => {
    check('ClientIP(`::1`)', [
      [from('[::1]:8080'), true],
      [from('[::2]:8080'), false],
    ]);
    check('ClientIP(`2001:db8::/32`)', [
      [from('[2001:db8:1::5]:1'), true],
      [from('[2001:db9::1]:1'), false],
      [from('1.2.3.4:1'), false],
    ]);
    check('ClientIP(`fe80::/10`)', [[from('[fe80::1%eth0]:1'), true]]);
    check('ClientIP(`1.2.3.4`)', [[from('[::ffff:1.2.3.4]:1'), true]]);
    check('ClientIP(`1.2.3.0/24`)', [[from('[::ffff:1.2.3.4]:1'), true]]);
  });
  it('rejects what is neither an IP nor a CIDR', () => {
    rejects('ClientIP(`1`)', /ClientIP/);
    rejects('ClientIP(`10.0.0.0/33`)');
    rejects('ClientIP(`010.0.0.1`)');
    rejects('ClientIP(`::1/129`)');
    rejects('ClientIP(``)');
    expect(rejects('ClientIP(`127.0.0.1`, `192.168.1.0/24`)').code).toBe('RULE002');
  });
});
