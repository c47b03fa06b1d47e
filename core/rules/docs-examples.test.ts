import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../request.ts';
import { compileRule } from './compile.ts';
import { rulePriority } from './priority.ts';
import { buildRouterTable } from './table.ts';
import { request } from './test-helpers.ts';

// The examples of Traefik's "Rules & Priority" reference page, each with requests it should and
// should not match.
const EXAMPLES: [rule: string, matches: HttpRequest[], misses: HttpRequest[]][] = [
  [
    'Header(`Content-Type`, `application/yaml`)',
    [request('http://h/', { headers: { 'content-type': 'application/yaml' } })],
    [request('http://h/', { headers: { 'content-type': 'application/json' } })],
  ],
  [
    'HeaderRegexp(`Content-Type`, `^application/(json|yaml)$`)',
    [request('http://h/', { headers: { 'Content-Type': 'application/json' } })],
    [request('http://h/', { headers: { 'Content-Type': 'Application/JSON' } })],
  ],
  [
    'HeaderRegexp(`Content-Type`, `(?i)^application/(json|yaml)$`)',
    [request('http://h/', { headers: { 'Content-Type': 'Application/JSON' } })],
    [request('http://h/', { headers: { 'Content-Type': 'text/html' } })],
  ],
  ['Host(`example.com`)', [request('http://example.com/')], [request('http://www.example.com/')]],
  [
    'HostRegexp(`^.+\\.example\\.com$`)',
    [request('http://a.b.example.com/')],
    [request('http://example.com/')],
  ],
  ['HostRegexp(`^example\\.(com|org)$`)', [request('http://example.org/')], [request('http://example.net/')]],
  [
    'HostRegexp(`(?i)^example\\.(com|org)$`)',
    [request('http://EXAMPLE.com/')],
    [request('http://example.net/')],
  ],
  ['Method(`OPTIONS`)', [request('http://h/', { method: 'OPTIONS' })], [request('http://h/')]],
  [
    'Path(`/products`)',
    [request('http://h/products')],
    [request('http://h/products/shoes'), request('http://h/products/')],
  ],
  [
    'PathPrefix(`/products`)',
    [
      request('http://h/products'),
      request('http://h/products/shoes'),
      request('http://h/products/'),
      request('http://h/products-for-sale'),
    ],
    [request('http://h/product')],
  ],
  [
    'PathRegexp(`^/products/(shoes|socks)/[0-9]+$`)',
    [request('http://h/products/shoes/31'), request('http://h/products/socks/1')],
    [request('http://h/products/hats/31'), request('http://h/products/shoes/x')],
  ],
  ['PathRegexp(`\\.(jpeg|jpg|png)$`)', [request('http://h/a/b.png')], [request('http://h/a/b.gif')]],
  ['PathRegexp(`(?i)^/products`)', [request('http://h/Products/x')], [request('http://h/shop/products')]],
  [
    'Query(`mobile`, `true`)',
    [request('http://h/search?mobile=true')],
    [request('http://h/search?mobile=false')],
  ],
  ['Query(`mobile`)', [request('http://h/search?mobile')], [request('http://h/search?mobile=true')]],
  [
    'QueryRegexp(`mobile`, `^(true|yes)$`)',
    [request('http://h/?mobile=yes')],
    [request('http://h/?mobile=no')],
  ],
  [
    'QueryRegexp(`mobile`, `^.*$`)',
    [request('http://h/?mobile'), request('http://h/?mobile=x')],
    [request('http://h/?other')],
  ],
  [
    'QueryRegexp(`mobile`, `(?i)^(true|yes)$`)',
    [request('http://h/?mobile=YES')],
    [request('http://h/?mobile=y')],
  ],
  [
    'ClientIP(`10.76.105.11`)',
    [request('http://h/', { remoteAddr: '10.76.105.11:1' })],
    [request('http://h/', { remoteAddr: '10.76.105.12:1' })],
  ],
  [
    'ClientIP(`::1`)',
    [request('http://h/', { remoteAddr: '[::1]:1' })],
    [request('http://h/', { remoteAddr: '127.0.0.1:1' })],
  ],
  [
    'ClientIP(`192.168.1.0/24`)',
    [request('http://h/', { remoteAddr: '192.168.1.7:1' })],
    [request('http://h/', { remoteAddr: '192.168.0.7:1' })],
  ],
  [
    'ClientIP(`fe80::/10`)',
    [request('http://h/', { remoteAddr: '[fe80::1]:1' })],
    [request('http://h/', { remoteAddr: '[fec0::1]:1' })],
  ],
];

describe("Traefik's documented examples", () => {
  it.each(EXAMPLES)('%s', (rule, matches, misses) => {
    const compiled = compileRule(rule);
    for (const req of matches) expect(compiled.matches(req), req.url).toBe(true);
    for (const req of misses) expect(compiled.matches(req), req.url).toBe(false);
  });

  it('gives the documented priorities and winner', () => {
    const r1 = { name: 'Router-1', rule: 'HostRegexp(`[a-z]+\\.traefik\\.com`)' };
    const r2 = { name: 'Router-2', rule: 'Host(`foobar.traefik.com`)' };
    expect(rulePriority(r1.rule)).toBe(34);
    expect(rulePriority(r2.rule)).toBe(26);
    const req = request('http://foobar.traefik.com/');
    expect(buildRouterTable([r2, r1]).match(req)).toBe(r1);
    // "If you set the option priority: 2 to Router-1, it allows Router-2 to handle requests".
    const lowered = { ...r1, priority: 2 };
    expect(buildRouterTable([r2, lowered]).match(req)).toBe(r2);
  });
});
