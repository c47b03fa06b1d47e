import { describe, expect, it } from 'vitest';
import { buildSampleRequests, impact } from './impact.ts';
import { makeConfig, shopConfig } from './test-config.ts';

describe('buildSampleRequests', () => {
  it('derives one request per host and path the rules name', () => {
    const urls = buildSampleRequests(shopConfig()).map(
      (s) => `${s.request.method} ${s.request.url} ${s.request.entryPoint}`,
    );
    expect(urls).toEqual([
      'GET http://shop.example.com/ web',
      'GET https://blog.example.com/feed websecure',
      'GET https://shop.example.com/ websecure',
      'GET https://shop.example.com/admin websecure',
      'GET https://shop.example.com/api websecure',
    ]);
  });

  it('carries the method, headers, query and client IP the rule asks for', () => {
    const config = makeConfig({
      routers: {
        'canary@file': {
          rule: 'Host(`a.com`) && Method(`POST`) && Header(`X-Canary`, `on`) && Query(`v`, `2`) && ClientIP(`10.9.0.0/16`)',
          service: 's@file',
        },
      },
    });
    expect(buildSampleRequests(config)[0]?.request).toEqual({
      method: 'POST',
      url: 'http://a.com/?v=2',
      headers: { 'X-Canary': 'on' },
      remoteAddr: '10.9.0.0:54321',
    });
  });
});

describe('impact', () => {
  it('returns only the requests whose outcome changed', () => {
    const before = shopConfig();
    const after = shopConfig();
    const api = after.http.routers['shop-storefront-api@kubernetescrd'];
    if (api) api.rule = 'Host(`shop.example.com`) && PathPrefix(`/v2/api`)';
    const samples = [...buildSampleRequests(before), ...buildSampleRequests(after)];
    const changed = impact(before, after, samples);
    expect(changed.map((c) => [c.request.url, c.changes])).toEqual([
      ['https://shop.example.com/api', ['router', 'service', 'upstream']],
      ['https://shop.example.com/v2/api', ['router', 'service', 'upstream']],
    ]);
    expect(changed[0]?.after.router).toBe('shop-storefront-web@kubernetescrd');
    expect(changed[1]?.after.router).toBe('shop-storefront-api@kubernetescrd');
  });

  it('is empty for identical configurations', () => {
    expect(impact(shopConfig(), shopConfig(), buildSampleRequests(shopConfig()))).toEqual([]);
  });
});
