import { describe, expect, it } from 'vitest';
import { trace } from '../../../../../../core/index.ts';
import { configFixture } from '../../../test/fixtures.ts';
import { buildRequest, checkExpectation, EMPTY_FORM, parseHeaders, saveRequest } from './request-form.ts';
import { toTraceView } from './trace-view.ts';

const shop = () => configFixture().config;

function run(url: string, extra: Partial<typeof EMPTY_FORM> = {}) {
  const built = buildRequest({ ...EMPTY_FORM, url, ...extra });
  if (!built.request) throw new Error(built.errors.join('; '));
  return toTraceView(trace(shop(), built.request, { seed: 1 }));
}

describe('trace view on core trace output', () => {
  it('lights the path of a routed request', () => {
    const v = run('https://shop.localhost:8443/api/cart');
    expect(v.router).toBe('shop-storefront-api-7c2d9e4f1a3b5c6d7e8f@kubernetescrd');
    expect(v.traced).toEqual(
      expect.arrayContaining([
        'entrypoint:websecure',
        'router:shop-storefront-api-7c2d9e4f1a3b5c6d7e8f@kubernetescrd',
        'middleware:shop-strip-api@kubernetescrd',
        'service:shop-api-mirror@kubernetescrd',
        'server:http://127.0.0.1:9201',
      ]),
    );
    expect(v.traced).not.toContain('router:shop-admin-9e8d7c6b5a4f3e2d1c0b@kubernetescrd');
    const strip = v.steps.find((s) => s.title === 'middleware shop-strip-api@kubernetescrd')!;
    expect(strip.lines.join('\n')).toContain('/cart');
  });

  it('shows a 404 with its closest misses', () => {
    const v = run('https://nobody.localhost:8443/');
    expect(v.status).toBe(404);
    expect(v.notFound).toBe(true);
    expect(v.router).toBeUndefined();
  });
});

describe('request form', () => {
  it('parses repeated headers into lists and reports bad lines', () => {
    expect(parseHeaders('Cookie: a=b\nX-A: 1\nX-A: 2\nnonsense')).toEqual({
      headers: { Cookie: 'a=b', 'X-A': ['1', '2'] },
      errors: ['line 4: expected "Name: value"'],
    });
  });

  it('refuses a relative URL with the field named', () => {
    expect(buildRequest({ ...EMPTY_FORM, url: '/api' }).errors[0]).toMatch(/^URL:/);
  });

  it('turns a client IP into remoteAddr and https into a server name', () => {
    const { request } = buildRequest({ ...EMPTY_FORM, url: 'https://shop.localhost/', clientIP: '10.1.2.3' });
    expect(request).toMatchObject({ remoteAddr: '10.1.2.3:40000', tls: { serverName: 'shop.localhost' } });
  });

  it('runs a saved request as a route test', () => {
    const form = { ...EMPTY_FORM, url: 'https://shop.localhost:8443/api/cart' };
    const saved = saveRequest(form, run(form.url));
    expect(checkExpectation(saved, run(form.url)).pass).toBe(true);
    const moved = checkExpectation(saved, run('https://shop.localhost:8443/'));
    expect(moved.pass).toBe(false);
    expect(moved.failures[0]).toMatch(/^router /);
  });
});
