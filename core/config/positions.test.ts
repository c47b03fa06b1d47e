import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../resources/index.ts';
import type { ResolveOptions } from './options.ts';
import { resolve } from './resolve.ts';

// Each case marks the expected position of its diagnostic with `⟦`; the marker is removed before parsing.
const BASE = `---
apiVersion: v1
kind: Service
metadata: { name: shop, namespace: apps }
spec:
  ports: [{ name: http, port: 80 }]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: shop-1, namespace: apps, labels: { kubernetes.io/service-name: shop } }
addressType: IPv4
ports: [{ name: http, port: 80 }]
endpoints: [{ addresses: [10.0.0.1] }]
---
apiVersion: v1
kind: Service
metadata: { name: ext, namespace: apps }
spec: { type: ExternalName, externalName: example.org }
---
apiVersion: v1
kind: Service
metadata: { name: idle, namespace: apps }
spec:
  ports: [{ name: http, port: 80 }]
`;

function route(match: string, extra = '', service = '        - name: shop\n          port: 80\n'): string {
  return `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: { name: r, namespace: apps }
spec:
  entryPoints: [web]
  routes:
    - match: ${match}
      kind: Rule
${extra}      services:
${service}`;
}

function mw(name: string, spec: string): string {
  return `---\napiVersion: traefik.io/v1alpha1\nkind: Middleware\nmetadata: { name: ${name}, namespace: apps }\nspec:\n${spec}`;
}

const OK = 'Host(`ok.example.com`)';

interface Case {
  code: string;
  yaml: string;
  options?: ResolveOptions;
}

const CASES: Case[] = [
  { code: 'RULE001', yaml: route('Host(`a.example.com`) && ⟦Nope(`x`)') },
  { code: 'RULE001', yaml: route("'Host(`a.example.com`) || ⟦''x'' == y'") },
  { code: 'RULE002', yaml: route('⟦Host(`a.example.com`, `b.example.com`)') },
  { code: 'RULE003', yaml: route('⟦""') },
  { code: 'RULE004', yaml: route('Host(`a.example.com`) && Path(⟦`/users/{id}`)') },
  { code: 'RULE004', yaml: route('"Host(`a.example.com`) && Query(⟦`a=1`)"') },
  { code: 'REF001', yaml: route(OK, '      middlewares:\n        - name: ⟦gone\n') },
  { code: 'REF002', yaml: route(OK, '', '        - name: ⟦nope\n          port: 80\n') },
  { code: 'REF003', yaml: route(OK, '', '        - name: shop\n          port: ⟦81\n') },
  {
    code: 'REF004',
    yaml: `${route(OK, '', '        - name: ts\n          kind: TraefikService\n')}---\napiVersion: traefik.io/v1alpha1\nkind: TraefikService\nmetadata: { name: ts, namespace: apps }\nspec:\n  weighted:\n    services:\n      - name: ⟦ghost\n        kind: TraefikService\n`,
  },
  {
    code: 'REF005',
    yaml: `${route(OK, '      middlewares:\n        - name: c\n')}${mw('c', '  chain:\n    middlewares:\n      - name: ⟦absent\n')}`,
  },
  { code: 'REF006', yaml: `${route(OK)}${mw('auth', '  basicAuth:\n    secret: ⟦nosecret\n')}` },
  { code: 'REF007', yaml: `${route(OK)}  tls:\n    options:\n      name: ⟦strict\n` },
  {
    code: 'REF008',
    yaml: route(OK, '', '        - name: shop\n          port: 80\n          serversTransport: ⟦st\n'),
  },
  {
    code: 'REF009',
    yaml: `${route(OK)}${mw('e', '  errors:\n    status: ["500"]\n    service:\n      name: ⟦pages\n      port: 80\n')}`,
  },
  {
    code: 'NS001',
    yaml: route(OK, '', '        - name: shop\n          namespace: ⟦other\n          port: 80\n'),
  },
  { code: 'SVC001', yaml: route(OK, '', '        - name: ⟦ext\n          port: 80\n') },
  { code: 'SVC002', yaml: route(OK, '', '        - name: ⟦idle\n          port: 80\n') },
  {
    code: 'SVC003',
    yaml: route(
      OK,
      '',
      '        ⟦- name: shop\n          port: 80\n          weight: 0\n        - name: shop\n          port: http\n          weight: 0\n',
    ),
  },
  {
    code: 'SVC004',
    yaml: route(OK, '', '        - name: shop\n          port: 80\n          strategy: ⟦random\n'),
  },
  {
    code: 'SVC004',
    yaml: `${route(OK, '', '        - name: ts\n          kind: TraefikService\n')}---\napiVersion: traefik.io/v1alpha1\nkind: TraefikService\nmetadata: { name: ts, namespace: apps }\nspec:\n  weighted:\n    services:\n      - name: shop\n        port: 80\n        strategy: ⟦random\n`,
  },
  {
    code: 'SVC004',
    yaml: `${route(OK, '', '        - name: ts\n          kind: TraefikService\n')}---\napiVersion: traefik.io/v1alpha1\nkind: TraefikService\nmetadata: { name: ts, namespace: apps }\nspec:\n  mirroring:\n    name: shop\n    port: 80\n    mirrors:\n      - name: shop\n        port: 80\n        strategy: ⟦leastconn\n`,
  },
  {
    code: 'SVC004',
    yaml: `${route(OK)}${mw('e', '  errors:\n    status: ["500"]\n    service:\n      name: shop\n      port: 80\n      strategy: ⟦random\n')}`,
  },
  { code: 'EP001', yaml: route(OK).replace('entryPoints: [web]', 'entryPoints: [web, ⟦admin]') },
  {
    code: 'PRIO001',
    yaml: `${route(OK)}---\n${route('⟦Host(`ok.example.com`)').replace('name: r,', 'name: r2,')}`,
  },
  {
    code: 'PRIO002',
    yaml: route('⟦Host(`ok.example.com`) && Path(`/a`)', '      priority: 1\n').replace(
      '  routes:\n',
      `  routes:\n    - match: ${OK}\n      priority: 5\n      services: [{ name: shop, port: 80 }]\n`,
    ),
  },
  {
    code: 'DUP001',
    yaml: route(OK).replace(
      '  routes:\n',
      '  routes:\n    - match: ⟦Host(`ok.example.com`)\n      services: [{ name: shop, port: 80 }]\n',
    ),
  },
  {
    code: 'MW001',
    yaml: `${route(OK)}${mw('two', '  ⟦addPrefix: { prefix: /a }\n  stripPrefix: { prefixes: [/b] }\n')}`,
  },
  { code: 'MW002', yaml: `${route(OK)}${mw('fa', '  forwardAuth:\n    ⟦trustForwardHeader: true\n')}` },
  {
    code: 'MW002',
    yaml: `${route(OK)}${mw('b', '  buffering:\n    retryExpression: IsNetworkError() && ⟦Nope()\n')}`,
  },
  {
    code: 'MW002',
    yaml: `${route(OK)}${mw('b', '  buffering:\n    retryExpression: "Attempts() < 2 || ⟦!IsNetworkError()"\n')}`,
  },
  {
    code: 'MW002',
    yaml: `${route(OK)}${mw('b', '  buffering:\n    retryExpression: >-\n      IsNetworkError() &&\n      Attempts() < ⟦"2"\n')}`,
  },
  { code: 'MW002', yaml: `${route(OK)}${mw('b', '  buffering:\n    maxResponseBodyBytes: ⟦-1\n')}` },
  {
    code: 'TLS001',
    yaml: `${route(OK)}  tls:\n    ⟦options: { name: a }\n---\n${route(OK.replace('ok', 'OK')).replace('name: r,', 'name: r2,')}  tls: {}\n---\napiVersion: traefik.io/v1alpha1\nkind: TLSOption\nmetadata: { name: a, namespace: apps }\nspec: {}\n`,
  },
  {
    code: 'TLS004',
    yaml: `${route(OK)}---\napiVersion: traefik.io/v1alpha1\nkind: TLSOption\nmetadata: { name: ⟦default, namespace: apps }\nspec: {}\n---\napiVersion: traefik.io/v1alpha1\nkind: TLSOption\nmetadata: { name: default, namespace: other }\nspec: {}\n`,
  },
];

// The certificate of fixtures/tls: shop.example.com and *.shop.example.com, valid until 2036-11-19.
const fixture = readFileSync(new URL('./fixtures/tls/input.yaml', import.meta.url), 'utf8');
const SECRET = `---\napiVersion: v1\nkind: Secret\nmetadata: { name: cert, namespace: apps }\ndata:\n${fixture
  .split('\n')
  .filter((l) => /^ {2}tls\.(crt|key): /.test(l))
  .join('\n')}\n`;
const TLS_ROUTE = `${route(OK)}  tls:\n    secretName: ⟦cert\n${SECRET}`;
CASES.push(
  {
    code: 'TLS002',
    yaml: TLS_ROUTE.replace('ok.example.com', 'shop.example.com'),
    options: { now: Date.UTC(2040, 0, 1) },
  },
  { code: 'TLS003', yaml: TLS_ROUTE, options: { now: Date.UTC(2030, 0, 1) } },
);

function markerPosition(text: string): { line: number; column: number } {
  const before = text.slice(0, text.indexOf('⟦')).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

describe('diagnostic positions', () => {
  it.each(CASES.map((c, i) => ({ ...c, desc: `${c.code} #${i}` })))(
    '$desc points at the marked character',
    (c) => {
      const text = `${c.yaml}${BASE}`;
      const expected = markerPosition(text);
      const parsed = parseManifests(text.replace('⟦', ''), 'case.yaml');
      expect(parsed.diagnostics).toEqual([]);
      const found = resolve(parsed.resources, c.options).diagnostics.filter((d) => d.code === c.code);
      expect(
        found.map((d) => ({ line: d.source.line, column: d.source.column })),
        JSON.stringify(found),
      ).toContainEqual(expected);
      for (const d of found) expect(d.source.file).toBe('case.yaml');
    },
  );
});

describe('RULE004', () => {
  it('warns about a v2 form v3 reads literally and keeps the router enabled, as Traefik does', () => {
    const text = `${route('Host(`a.example.com`) && PathPrefix(`/users/{id:[0-9]+}`)')}${BASE}`;
    const { config, diagnostics } = resolve(parseManifests(text, 'case.yaml').resources);
    const found = diagnostics.filter((d) => d.code === 'RULE004');
    expect(found).toHaveLength(1);
    expect(found[0]?.severity).toBe('warning');
    expect(found[0]?.message).toContain('PathRegexp');
    expect(Object.values(config.http.routers).map((r) => r.status)).toEqual(['enabled']);
  });

  it('says nothing for a route that asks for the v2 syntax', () => {
    const text = `${route('Path(`/users/{id}`)', '      syntax: v2\n')}${BASE}`;
    const { diagnostics } = resolve(parseManifests(text, 'case.yaml').resources);
    expect(diagnostics.filter((d) => d.code === 'RULE004')).toEqual([]);
  });
});

describe('rule values Traefik refuses when it compiles the rule', () => {
  it.each([
    { desc: 'a path without a leading slash', match: 'Host(`a.example.com`) && PathPrefix(`api`)' },
    { desc: 'an invalid regexp', match: 'HostRegexp(`[a-`)' },
  ])('$desc disables the router with RULE001, as Traefik does', ({ match }) => {
    const text = `${route(match)}${BASE}`;
    const { config, diagnostics } = resolve(parseManifests(text, 'case.yaml').resources);
    expect(diagnostics.filter((d) => d.code === 'RULE001')).toHaveLength(1);
    expect(Object.values(config.http.routers).map((r) => r.status)).toEqual(['disabled']);
  });
});
