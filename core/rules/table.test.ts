import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../request.ts';
import { compileRule } from './compile.ts';
import { routingPathOf } from './request-view.ts';
import { buildRouterTable } from './table.ts';
import { request } from './test-helpers.ts';

describe('buildRouterTable', () => {
  it('returns the original router object of the winner', () => {
    const api = { name: 'api', rule: 'Host(`a.com`) && PathPrefix(`/api`)', service: 'api-svc' };
    const web = { name: 'web', rule: 'Host(`a.com`)', service: 'web-svc' };
    const table = buildRouterTable([web, api]);
    expect(table.match(request('http://a.com/api/x'))).toBe(api);
    expect(table.match(request('http://a.com/'))).toBe(web);
    expect(table.match(request('http://b.com/'))).toBeUndefined();
    expect(table.ordered).toEqual([api, web]);
  });
  it('leaves out routers whose rule does not compile and lists them', () => {
    const table = buildRouterTable([
      { name: 'ok', rule: 'PathPrefix(`/`)' },
      { name: 'bad', rule: 'Host(`a`' },
      { name: 'v2', rule: 'Headers(`a`, `b`)' },
    ]);
    expect(table.ordered.map((r) => r.name)).toEqual(['ok']);
    expect(table.errors.map((e) => [e.name, e.error.code])).toEqual([
      ['bad', 'RULE001'],
      ['v2', 'RULE002'],
    ]);
  });
  it('lets a higher priority catch-all win over an indexed host rule', () => {
    const table = buildRouterTable([
      { name: 'host', rule: 'Host(`a.com`) && PathPrefix(`/x`)' },
      { name: 'all', rule: 'PathPrefix(`/`)', priority: 1000 },
    ]);
    expect(table.match(request('http://a.com/x'))?.name).toBe('all');
  });
  it('honours providers precedence on ties', () => {
    const routers = [
      { name: 'f', rule: 'Path(`/x`)', provider: 'file' },
      { name: 'k', rule: 'Path(`/x`)', provider: 'kubernetescrd' },
    ];
    expect(
      buildRouterTable(routers, { providersPrecedence: ['kubernetescrd'] }).match(request('http://h/x'))
        ?.name,
    ).toBe('k');
    expect(
      buildRouterTable(routers, { providersPrecedence: ['file'] }).match(request('http://h/x'))?.name,
    ).toBe('f');
  });
  it('picks no router for a malformed percent-encoding (Traefik answers 400)', () => {
    const table = buildRouterTable([{ name: 'not-x', rule: '!PathPrefix(`/x`)' }]);
    expect(table.match(request('http://a.com/%zz'))).toBeUndefined();
    expect(table.matchOrdered(request('http://a.com/%zz'))).toBeUndefined();
    expect(table.match(request('http://a.com/ok'))?.name).toBe('not-x');
  });
  it('finds hosts with trailing dots and ports through the index', () => {
    const table = buildRouterTable([
      { name: 'dot', rule: 'Host(`a.com.`) && Path(`/`)' },
      { name: 'plain', rule: 'Host(`b.com`)' },
      { name: 'upper', rule: 'Host(`C.com.`) && PathPrefix(`/x`)' },
    ]);
    expect(table.match(request('http://c.com/x1'))?.name).toBe('upper');
    expect(table.match(request('http://C.COM./x'))?.name).toBe('upper');
    expect(table.match(request('http://c.com/y'))).toBeUndefined();
    expect(table.match(request('http://a.com:81/'))?.name).toBe('dot');
    expect(table.match(request('http://b.com./'))?.name).toBe('plain');
    expect(table.match(request('http://B.COM:8080/z'))?.name).toBe('plain');
  });
});

// Small vocabularies so that rules overlap, tie and nest.
const HOSTS = ['a.com', 'b.com', 'a.com.', 'x.a.com', '*.a.com', '**.a.com', 'A.COM'];
const PATHS = ['/', '/a', '/ab', '/a/b', '/b', '/a%2Fb', '/é'];
const REQ_HOSTS = ['a.com', 'A.com:8080', 'a.com.', 'b.com', 'x.a.com', 'y.x.a.com', 'c.com', ''];
const REQ_PATHS = ['/', '/a', '/ab', '/abc', '/a/b/c', '/b', '/a%2Fb', '/%61b', '/%C3%A9', '/%zz'];

const leaf: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTS).map((h) => `Host(\`${h}\`)`),
  fc.constantFrom(...PATHS).map((p) => `PathPrefix(\`${p}\`)`),
  fc.constantFrom(...PATHS).map((p) => `Path(\`${p}\`)`),
  fc.constantFrom('GET', 'post').map((m) => `Method(\`${m}\`)`),
  fc.constantFrom('^/a', 'b$', '.*').map((r) => `PathRegexp(\`${r}\`)`),
  fc.constantFrom('^a\\.com$', 'com').map((r) => `HostRegexp(\`${r}\`)`),
  fc.constantFrom('x', 'y').map((k) => `Query(\`${k}\`)`),
  fc.constant('Header(`X-A`, `1`)'),
  fc.constantFrom('10.0.0.0/8', '::1').map((ip) => `ClientIP(\`${ip}\`)`),
);

const ruleArb: fc.Arbitrary<string> = fc.letrec<{ rule: string }>((tie) => ({
  rule: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('rule'), tie('rule')).map(([a, b]) => `${a} && ${b}`),
    fc.tuple(tie('rule'), tie('rule')).map(([a, b]) => `(${a} || ${b})`),
    tie('rule').map((a) => `!(${a})`),
  ),
})).rule;

const routersArb = fc
  .array(
    fc.record({
      rule: ruleArb,
      priority: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
      provider: fc.option(fc.constantFrom('file', 'kubernetescrd', 'docker'), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((rs) => rs.map((r, i) => ({ ...r, name: `r${i}` })));

const requestArb: fc.Arbitrary<HttpRequest> = fc
  .record({
    host: fc.constantFrom(...REQ_HOSTS),
    path: fc.constantFrom(...REQ_PATHS),
    query: fc.constantFrom('', '?x', '?y=1', '?x=1&y'),
    method: fc.constantFrom('GET', 'POST'),
    header: fc.boolean(),
    remote: fc.constantFrom('10.1.2.3:5', '[::1]:5', '192.168.0.1:5'),
  })
  .map((r) => ({
    method: r.method,
    url: `http://origin.test${r.path}${r.query}`,
    headers: { Host: r.host, ...(r.header ? { 'x-a': '1' } : {}) },
    remoteAddr: r.remote,
  }));

describe('buildRouterTable: the index always agrees with ordered evaluation', () => {
  it('on random router sets and requests', () => {
    fc.assert(
      fc.property(
        routersArb,
        fc.array(requestArb, { minLength: 1, maxLength: 10 }),
        fc.constantFrom<string[]>([], ['docker', 'file']),
        (routers, reqs, precedence) => {
          const table = buildRouterTable(routers, { providersPrecedence: precedence });
          const compiled = table.ordered.map((r) => compileRule(r.rule));
          for (const req of reqs) {
            // Traefik tries no router on a malformed path (400).
            const byHand =
              routingPathOf(req) === undefined
                ? undefined
                : table.ordered[compiled.findIndex((c) => c.matches(req))];
            expect(table.matchOrdered(req)).toBe(byHand);
            expect(table.match(req)).toBe(byHand);
          }
        },
      ),
      { seed: 20261122, numRuns: 400 },
    );
  });
});
