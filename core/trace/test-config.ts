import type { Middleware, Router, RuntimeConfig, Service } from '../config/types.ts';

/** A RuntimeConfig for tests, with Traefik's usual `web` (:80) and `websecure` (:443) entrypoints. */
export function makeConfig(parts: {
  routers?: Record<string, Router>;
  middlewares?: Record<string, Middleware>;
  services?: Record<string, Service>;
}): RuntimeConfig {
  return {
    http: {
      routers: parts.routers ?? {},
      middlewares: parts.middlewares ?? {},
      services: parts.services ?? {},
      serversTransports: {},
    },
    tls: { certificates: [], options: {}, stores: {} },
    entryPoints: { web: { address: ':80' }, websecure: { address: ':443' } },
    version: 'test',
  };
}

/** The shop example: a storefront with an API behind a strip-prefix, a canary and a mirror. */
export function shopConfig(): RuntimeConfig {
  return makeConfig({
    routers: {
      'shop-storefront-api@kubernetescrd': {
        entryPoints: ['websecure'],
        rule: 'Host(`shop.example.com`) && PathPrefix(`/api`)',
        service: 'shop-api-80@kubernetescrd',
        middlewares: ['shop-strip-api@kubernetescrd', 'shop-cors@kubernetescrd'],
        tls: {},
        source: { kind: 'IngressRoute', namespace: 'shop', name: 'storefront' },
      },
      'shop-storefront-web@kubernetescrd': {
        entryPoints: ['websecure'],
        rule: 'Host(`shop.example.com`)',
        service: 'shop-canary@kubernetescrd',
        tls: {},
        source: { kind: 'IngressRoute', namespace: 'shop', name: 'storefront' },
      },
      'shop-admin@kubernetescrd': {
        entryPoints: ['websecure'],
        rule: 'Host(`shop.example.com`) && PathPrefix(`/admin`)',
        service: 'shop-web-80@kubernetescrd',
        middlewares: ['shop-auth@kubernetescrd'],
        tls: {},
      },
      'shop-redirect@kubernetescrd': {
        entryPoints: ['web'],
        rule: 'Host(`shop.example.com`)',
        service: 'shop-web-80@kubernetescrd',
        middlewares: ['shop-https@kubernetescrd'],
      },
      'blog@kubernetescrd': {
        entryPoints: ['websecure'],
        rule: 'Host(`blog.example.com`) && Path(`/feed`)',
        service: 'shop-web-80@kubernetescrd',
        tls: {},
      },
    },
    middlewares: {
      'shop-strip-api@kubernetescrd': { stripPrefix: { prefixes: ['/api'] } },
      'shop-cors@kubernetescrd': {
        headers: { accessControlAllowOriginList: ['*'], accessControlAllowMethods: ['GET', 'POST'] },
      },
      'shop-https@kubernetescrd': { redirectScheme: { scheme: 'https', permanent: true } },
      'shop-auth@kubernetescrd': { basicAuth: { users: ['test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/'] } },
    },
    services: {
      'shop-api-80@kubernetescrd': {
        loadBalancer: { servers: [{ url: 'http://10.0.0.5:8080' }], passHostHeader: true },
      },
      'shop-web-80@kubernetescrd': {
        loadBalancer: {
          servers: [{ url: 'http://10.0.1.1:80' }, { url: 'http://10.0.1.2:80' }],
          passHostHeader: true,
        },
      },
      'shop-web-v2-80@kubernetescrd': { loadBalancer: { servers: [{ url: 'http://10.0.2.1:80' }] } },
      'shop-canary@kubernetescrd': {
        weighted: {
          services: [
            { name: 'shop-web-80@kubernetescrd', weight: 9 },
            { name: 'shop-web-v2-80@kubernetescrd', weight: 1 },
          ],
        },
      },
    },
  });
}
