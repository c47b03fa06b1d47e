import { describe, expect, it } from 'vitest';
import { fullServiceName, makeID, normalize, qualify, routerKey } from './naming.ts';

describe('normalize', () => {
  it.each([
    { desc: 'dots and slashes', input: 'default-test.route', expected: 'default-test-route' },
    { desc: 'runs collapse to one dash', input: 'a..//__b', expected: 'a-b' },
    { desc: 'leading and trailing runs vanish', input: '--a-b--', expected: 'a-b' },
    { desc: 'unicode letters and digits stay', input: 'café-ünïcode_٣', expected: 'café-ünïcode-٣' },
    { desc: 'only separators', input: '@@', expected: '' },
  ])('$desc', ({ input, expected }) => {
    expect(normalize(input)).toBe(expected);
  });
});

describe('names', () => {
  it("matches Traefik's CRD fixture name for the simple IngressRoute", () => {
    expect(routerKey('default', 'test.route', 'Host(`foo.com`) && PathPrefix(`/bar`)')).toBe(
      'default-test-route-6b204d94623b3df4370c',
    );
  });

  it.each([
    { desc: 'service with a numeric port', ns: 'apps', name: 'shop', port: 80, expected: 'apps-shop-80' },
    { desc: 'service with a named port', ns: 'apps', name: 'shop', port: 'http', expected: 'apps-shop-http' },
    { desc: 'TraefikService', ns: 'apps', name: 'canary', port: undefined, expected: 'apps-canary' },
    {
      desc: 'explicit own provider',
      ns: 'apps',
      name: 'canary@kubernetescrd',
      port: undefined,
      expected: 'apps-canary',
    },
    {
      desc: 'other provider kept',
      ns: 'apps',
      name: 'api.v1@file',
      port: undefined,
      expected: 'api-v1@file',
    },
  ])('fullServiceName: $desc', ({ ns, name, port, expected }) => {
    expect(fullServiceName(ns, name, port)).toBe(expected);
  });

  it('makeID and qualify', () => {
    expect(makeID('', 'x')).toBe('x');
    expect(makeID('ns', 'x')).toBe('ns-x');
    expect(qualify('ns-x')).toBe('ns-x@kubernetescrd');
    expect(qualify('x@file')).toBe('x@file');
  });
});
