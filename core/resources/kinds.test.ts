import { describe, expect, it } from 'vitest';
import { DEFAULT_NAMESPACE, objectRef, resourceKey, sanitizeSecret } from './identity.ts';
import { KINDS, kindInfo } from './kinds.ts';
import type { KubeObject } from './types.ts';

describe('kindInfo', () => {
  it.each([
    {
      desc: 'IngressRoute',
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'IngressRoute',
      legacy: false,
      namespaced: true,
    },
    {
      desc: 'legacy Middleware',
      apiVersion: 'traefik.containo.us/v1alpha1',
      kind: 'Middleware',
      legacy: true,
      namespaced: true,
    },
    {
      desc: 'MiddlewareTCP',
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'MiddlewareTCP',
      legacy: false,
      namespaced: true,
    },
    { desc: 'Secret', apiVersion: 'v1', kind: 'Secret', legacy: false, namespaced: true },
    { desc: 'Namespace', apiVersion: 'v1', kind: 'Namespace', legacy: false, namespaced: false },
    {
      desc: 'EndpointSlice',
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      legacy: false,
      namespaced: true,
    },
    {
      desc: 'IngressClass',
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      legacy: false,
      namespaced: false,
    },
    {
      desc: 'HTTPRoute',
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      legacy: false,
      namespaced: true,
    },
  ])('recognises $desc', ({ apiVersion, kind, legacy, namespaced }) => {
    expect(kindInfo(apiVersion, kind)).toEqual({
      apiVersion,
      kind,
      key: `${apiVersion}/${kind}`,
      legacy,
      namespaced,
    });
  });

  it.each([
    { desc: 'other kinds', apiVersion: 'apps/v1', kind: 'Deployment' },
    { desc: 'other versions', apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'HTTPRoute' },
    { desc: 'wrong case', apiVersion: 'traefik.io/v1alpha1', kind: 'ingressroute' },
  ])('does not recognise $desc', ({ apiVersion, kind }) => {
    expect(kindInfo(apiVersion, kind)).toBeUndefined();
  });

  it('lists the 26 kinds of DESIGN.md §1', () => {
    expect(Object.keys(KINDS)).toHaveLength(9 + 9 + 4 + 1 + 2 + 2);
  });
});

describe('identity', () => {
  const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } };

  it('defaults the namespace', () => {
    expect(resourceKey(svc)).toBe('Service/default/web');
    expect(objectRef(svc)).toEqual({ kind: 'Service', namespace: DEFAULT_NAMESPACE, name: 'web' });
    expect(resourceKey({ ...svc, metadata: { name: 'web', namespace: 'apps' } })).toBe('Service/apps/web');
  });

  it('strips secret material, including the last-applied annotation that embeds it', () => {
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: {
        name: 'tls',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"tls.key":"c2VjcmV0"}}',
          keep: 'me',
        },
      },
      data: { 'tls.crt': 'Y2VydA==', 'tls.key': 'c2VjcmV0' },
      stringData: { password: 'hunter2' },
    };
    const clean = sanitizeSecret(secret);
    expect(clean).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: { name: 'tls', annotations: { keep: 'me' } },
    });
    expect(JSON.stringify(clean)).not.toMatch(/c2VjcmV0|hunter2/);
    expect(secret.data).toBeDefined();
  });
});
