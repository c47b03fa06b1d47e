import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../resources/index.ts';
import type { ParsedResource } from '../resources/types.ts';
import { resolve } from './resolve.ts';
import { createResolver } from './resolver.ts';

const ROUTE = `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: { name: shop, namespace: apps }
spec:
  entryPoints: [web]
  routes:
    - match: Host(\`shop.example.com\`)
      middlewares: [{ name: auth }]
      services: [{ name: shop, port: 80 }]
`;
const SERVICE = (port: number) => `apiVersion: v1
kind: Service
metadata: { name: shop, namespace: apps }
spec:
  ports: [{ name: http, port: ${port} }]
`;
const SLICE = (service: string, ip: string) => `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: shop-1, namespace: apps, labels: { kubernetes.io/service-name: ${service} } }
addressType: IPv4
ports: [{ name: http, port: 8080 }]
endpoints: [{ addresses: [${ip}] }]
`;
const AUTH = (secret: string) => `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata: { name: auth, namespace: apps }
spec:
  basicAuth: { secret: ${secret} }
`;
const SECRET = `apiVersion: v1
kind: Secret
metadata: { name: users, namespace: apps }
stringData: { users: "alice:$apr1$x$y" }
`;

function one(text: string, file: string): ParsedResource {
  const r = parseManifests(text, file).resources[0];
  if (r === undefined) throw new Error('no object');
  return r;
}

describe('createResolver', () => {
  it('re-resolves exactly like a full resolve after each kind of change', () => {
    let current = [
      one(ROUTE, 'route.yaml'),
      one(SERVICE(80), 'service.yaml'),
      one(SLICE('shop', '10.0.0.1'), 'slice.yaml'),
      one(AUTH('users'), 'auth.yaml'),
      one(SECRET, 'secret.yaml'),
    ];
    const resolver = createResolver(current);
    const step = (changed: ParsedResource[], removed: ParsedResource[] = []) => {
      const keyOf = (r: ParsedResource) => `${r.file}|${r.object.kind}`;
      const gone = new Set([...changed, ...removed].map(keyOf));
      current = [...current.filter((r) => !gone.has(keyOf(r))), ...changed];
      const result = resolver.update(changed, removed);
      expect(JSON.stringify(result)).toBe(JSON.stringify(resolve(current)));
      return result;
    };
    expect(Object.values(resolver.current().config.http.routers).map((r) => r.status)).toEqual(['enabled']);
    // The Service loses port 80: the route is skipped (REF003).
    expect(step([one(SERVICE(81), 'service.yaml')]).diagnostics.map((d) => d.code)).toEqual(['REF003']);
    expect(step([one(SERVICE(80), 'service.yaml')]).config.http.routers).not.toEqual({});
    // The slice moves to another Service: no endpoints (SVC002).
    expect(step([one(SLICE('other', '10.0.0.2'), 'slice.yaml')]).diagnostics.map((d) => d.code)).toEqual([
      'SVC002',
    ]);
    step([one(SLICE('shop', '10.0.0.3'), 'slice.yaml')]);
    // The Secret disappears: the middleware is skipped and the router disabled (REF006, REF001).
    const noSecret = step([], [one(SECRET, 'secret.yaml')]);
    expect(noSecret.diagnostics.map((d) => d.code).sort()).toEqual(['REF001', 'REF006']);
    expect(Object.values(noSecret.config.http.routers).map((r) => r.status)).toEqual(['disabled']);
    const back = step([one(SECRET, 'secret.yaml')]);
    expect(back.diagnostics).toEqual([]);
    expect(back.config.version).toBe(resolve(current).config.version);
  });
});

const doc = (kind: string, ns: string, name: string, spec: string) =>
  `apiVersion: traefik.io/v1alpha1\nkind: ${kind}\nmetadata: { name: ${name}, namespace: ${ns} }\nspec:\n${spec}`;
const CERT = readFileSync(new URL('./fixtures/tls/input.yaml', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => /^ {2}tls\.(crt|key): /.test(l))
  .join('\n');
// The merging rules the one-shot assembly of `resolve` re-implements: a `default` TLSOption and TLSStore in two
// namespaces (TLS004, none used), chains in a cycle and with a missing or disabled member, one certificate from two
// routes (the first wins), a service name written twice, a weighted service over a disabled member.
const EDGES = [
  doc('TLSOption', 'apps', 'default', '  minVersion: VersionTLS12\n'),
  doc('TLSOption', 'other', 'default', '  minVersion: VersionTLS13\n'),
  doc('TLSStore', 'apps', 'default', '  defaultCertificate: { secretName: cert }\n'),
  doc('TLSStore', 'other', 'default', '  defaultCertificate: { secretName: cert }\n'),
  doc('Middleware', 'apps', 'c1', '  chain: { middlewares: [{ name: c2 }] }\n'),
  doc('Middleware', 'apps', 'c2', '  chain: { middlewares: [{ name: c1 }] }\n'),
  doc('Middleware', 'apps', 'c3', '  chain: { middlewares: [{ name: gone }] }\n'),
  doc('Middleware', 'apps', 'c4', '  chain: { middlewares: [{ name: c3 }, { name: c1 }] }\n'),
  doc(
    'TraefikService',
    'apps',
    'split',
    '  weighted:\n    services: [{ name: shop, port: 80 }, { name: ghost, port: 80 }]\n',
  ),
  ...['a', 'b'].map((n) =>
    doc(
      'IngressRoute',
      'apps',
      n,
      `  entryPoints: [websecure]\n  routes:\n    - match: Host(\`shop.example.com\`)\n      middlewares: [{ name: c4 }, { name: c1 }]\n      services: [{ name: split, kind: TraefikService }, { name: shop, port: 80 }]\n  tls: { secretName: cert }\n`,
    ),
  ),
  `apiVersion: v1\nkind: Secret\nmetadata: { name: cert, namespace: apps }\ntype: kubernetes.io/tls\ndata:\n${CERT}\n`,
  SERVICE(80),
  SLICE('shop', '10.0.0.1'),
];

describe('resolve', () => {
  it('gives the bytes of the incremental resolver on the merging edge cases', () => {
    const resources = EDGES.map((text, i) => one(text, `e${i}.yaml`));
    const full = resolve(resources);
    expect(full.diagnostics.map((d) => d.code)).toContain('TLS004');
    expect(JSON.stringify(createResolver(resources).current())).toBe(JSON.stringify(full));
    // Object by object, in reverse, without the cycle: the incremental resolver settles a cycle from the statuses
    // it had before, so there its result depends on the history.
    const acyclic = resources.filter((r) => !['c1', 'c2'].includes(r.object.metadata.name));
    const resolver = createResolver([]);
    for (const r of [...acyclic].reverse()) resolver.update([r]);
    expect(JSON.stringify(resolver.current())).toBe(JSON.stringify(resolve(acyclic)));
  });
});
