import { describe, expect, it } from 'vitest';
import { parseRouteTests } from './route-tests.ts';
import { runRouteTests, wildcardMatch } from './run-route-tests.ts';
import { shopConfig } from './test-config.ts';

const SHOP_TESTS = `
tests:
  - name: cart API reaches the api service without its prefix
    request: { method: GET, url: "https://shop.example.com/api/cart?x=1", headers: { Cookie: "a=b" }, clientIP: 10.1.2.3, entryPoint: websecure }
    expect:
      ingressRoute: shop/storefront
      router: shop-storefront-…@kubernetescrd
      service: shop-api-80@kubernetescrd
      status: 200
      upstreamUrl: "http://10.0.0.5:8080/cart?x=1"
      upstreamHeaders: { X-Forwarded-Prefix: /api, x-forwarded-for: 10.1.2.3 }
      responseHeaders: { Access-Control-Allow-Origin: "*" }
  - name: http is redirected
    request: { url: "http://shop.example.com/x" }
    expect: { status: 301, redirect: "https://shop.example.com/x" }
  - name: wrong expectation
    request: { url: "https://shop.example.com/admin" }
    expect: { status: 200, service: shop-web-80@kubernetescrd }
`;

describe('parseRouteTests', () => {
  it('reads the documented format', () => {
    const { tests, diagnostics } = parseRouteTests(SHOP_TESTS, 'shop.yaml');
    expect(diagnostics).toEqual([]);
    expect(tests).toHaveLength(3);
    expect(tests[0]).toMatchObject({
      name: 'cart API reaches the api service without its prefix',
      file: 'shop.yaml',
      line: 3,
      request: {
        method: 'GET',
        url: 'https://shop.example.com/api/cart?x=1',
        headers: { Cookie: 'a=b' },
        remoteAddr: '10.1.2.3:54321',
        entryPoint: 'websecure',
      },
      expect: { status: 200, upstreamHeaders: { 'X-Forwarded-Prefix': '/api' } },
    });
    expect(tests[1]?.request.method).toBe('GET');
  });

  it.each([
    { desc: 'not YAML', text: 'tests: [', path: undefined, line: 1 },
    { desc: 'no tests list', text: 'cases: []', path: 'tests', line: 1 },
    {
      desc: 'missing url',
      text: 'tests:\n  - name: a\n    request: { method: GET }\n',
      path: 'tests[0].request.url',
      line: 3,
    },
    {
      desc: 'unknown expect key',
      text: 'tests:\n  - name: a\n    request: { url: "http://a.com/" }\n    expect: { stauts: 200 }\n',
      path: 'tests[0].expect.stauts',
      line: 4,
    },
    {
      desc: 'status not a number',
      text: 'tests:\n  - name: a\n    request: { url: "http://a.com/" }\n    expect:\n      status: ok\n',
      path: 'tests[0].expect.status',
      line: 5,
    },
    {
      desc: 'relative url',
      text: 'tests:\n  - name: a\n    request: { url: "/x" }\n',
      path: 'tests[0].request.url',
      line: 3,
    },
  ])('reports $desc with its place', ({ text, path, line }) => {
    const { diagnostics } = parseRouteTests(text, 't.yaml');
    expect(diagnostics[0]).toMatchObject({
      code: 'TEST001',
      severity: 'error',
      source: { file: 't.yaml', line },
    });
    expect(diagnostics[0]?.source.path).toBe(path);
  });

  it('keeps the valid cases when one is broken', () => {
    const text =
      'tests:\n  - name: bad\n    request: {}\n  - name: good\n    request: { url: "http://a.com/" }\n';
    const { tests, diagnostics } = parseRouteTests(text);
    expect(tests.map((t) => t.name)).toEqual(['good']);
    expect(diagnostics).toHaveLength(1);
  });
});

describe('runRouteTests', () => {
  it('passes, fails with reasons, and reports coverage', () => {
    const { tests } = parseRouteTests(SHOP_TESTS, 'shop.yaml');
    const report = runRouteTests(shopConfig(), tests);
    expect(report.passed).toBe(2);
    expect(report.failed).toBe(1);
    expect(report.results[2]?.failures).toEqual([
      'status: expected 200, got 401',
      'service: expected "shop-web-80@kubernetescrd", got (none)',
    ]);
    expect(report.reachedRouters).toEqual([
      'shop-admin@kubernetescrd',
      'shop-redirect@kubernetescrd',
      'shop-storefront-api@kubernetescrd',
    ]);
    expect(report.unreachedRouters).toEqual(['blog@kubernetescrd', 'shop-storefront-web@kubernetescrd']);
  });

  it.each([
    { desc: 'literal', pattern: 'a@b', value: 'a@b', ok: true },
    { desc: 'ellipsis', pattern: 'shop-…@kubernetescrd', value: 'shop-x-1234@kubernetescrd', ok: true },
    { desc: 'star', pattern: '*@file', value: 'x@kubernetescrd', ok: false },
    { desc: 'dots are literal', pattern: 'a.b', value: 'axb', ok: false },
  ])('wildcardMatch: $desc', ({ pattern, value, ok }) => {
    expect(wildcardMatch(pattern, value)).toBe(ok);
  });
});
