import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram, runProgram } from '../program.ts';
import { capture, shopDir } from './fixtures/shop-dir.ts';
import { register, runTests } from './test.ts';

const PASSING = `
tests:
  - name: cart API reaches the api service without its prefix
    request: { url: "http://shop.example.com/api/cart?x=1", clientIP: 10.1.2.3 }
    expect:
      ingressRoute: shop/storefront
      router: shop-storefront-…@kubernetescrd
      service: shop-storefront-…@kubernetescrd
      status: 200
      upstreamUrl: "http://10.0.0.5:8080/cart?x=1"
      upstreamHeaders: { X-Forwarded-Prefix: /api }
`;

const FAILING = `${PASSING}
  - name: the web is on the api
    request: { url: "http://shop.example.com/" }
    expect: { status: 200, upstreamUrl: "http://10.0.0.5:8080/", upstreamHeaders: { X-Forwarded-Prefix: /api } }
`;

let dir: string;
beforeAll(async () => {
  dir = await shopDir({
    'passing.test.yaml': PASSING,
    'failing.test.yaml': FAILING,
    'invalid.test.yaml':
      'tests:\n  - name: x\n    request: { url: "http://a/" }\n    expect: { stauts: 200 }\n',
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('routeyard test', () => {
  it('exits 0 when every test passes, and names the routers no test reached', async () => {
    const c = capture();
    expect(await runTests(dir, join(dir, 'passing.test.yaml'), {}, c.io)).toBe(0);
    expect(c.out()).toMatch(
      /^PASS {2}cart API reaches the api service without its prefix \(.*passing\.test\.yaml:3\)$/m,
    );
    expect(c.out()).toContain('1 test: 1 passed, 0 failed');
    expect(c.out()).toContain('coverage: 1/3 routers reached');
    expect(c.out()).toMatch(/routers no test reached:\n {2}shop-storefront-[0-9a-f]+@kubernetescrd\n/);
  });

  it('exits 1 on a failure, with the reason for each failed expectation', async () => {
    const c = capture();
    expect(await runTests(dir, join(dir, 'failing.test.yaml'), {}, c.io)).toBe(1);
    expect(c.out()).toContain('FAIL  the web is on the api');
    expect(c.out()).toContain(
      '      upstreamUrl: expected "http://10.0.0.5:8080/", got "http://10.0.1.1:8081/"',
    );
    expect(c.out()).toContain('      upstreamHeaders.X-Forwarded-Prefix: expected "/api", got (none)');
    expect(c.out()).toContain('2 tests: 1 passed, 1 failed');
  });

  it('writes JUnit XML and JSON', async () => {
    const junit = join(dir, 'out.xml');
    const c = capture();
    expect(await runTests(dir, join(dir, 'failing.test.yaml'), { junit, json: true }, c.io)).toBe(1);
    const xml = await readFile(junit, 'utf8');
    expect(xml).toContain('<testsuite name="routeyard route tests" tests="2" failures="1" errors="0">');
    expect(xml).toContain(
      '<failure message="upstreamUrl: expected &#34;http://10.0.0.5:8080/&#34;, got &#34;http://10.0.1.1:8081/&#34;">',
    );
    const json = JSON.parse(c.out());
    expect(json).toMatchObject({ passed: 1, failed: 1, results: [{ pass: true }, { pass: false }] });
  });

  it('exits 1 on an invalid tests file, pointing at the field', async () => {
    const c = capture();
    expect(await runTests(dir, join(dir, 'invalid.test.yaml'), {}, c.io)).toBe(1);
    expect(c.out()).toMatch(
      /INVALID .*invalid\.test\.yaml:4:15 tests\[0\]\.expect\.stauts: unknown key "stauts"/,
    );
  });

  it('exits 2 when the tests file cannot be read', async () => {
    const program = createProgram('0.0.0');
    register(program);
    const code = await runProgram(program, ['node', 'routeyard', 'test', dir, join(dir, 'missing.yaml')]);
    expect(code).toBe(2);
  });
});
