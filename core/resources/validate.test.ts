import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests } from './parse.ts';
import { MAX_VIOLATIONS } from './schema-check.ts';
import { validateResource } from './validate.ts';

function validate(text: string) {
  const { resources, diagnostics } = parseManifests(text, 'v.yaml');
  expect(diagnostics).toEqual([]);
  return resources.flatMap(validateResource).map((d) => ({
    code: d.code,
    at: `${d.source.line}:${d.source.column}`,
    path: d.source.path,
    message: d.message,
  }));
}

describe('validateResource: SCHEMA001', () => {
  it.each([
    {
      desc: 'IngressRoute: wrong types, enum, typo and missing match',
      text: `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: shop}
spec:
  entryPoints: web
  routes:
    - match: 42
      kind: rule
      middleware: [{name: auth}]
    - kind: Rule
      services: [{name: shop, port: 80, weight: "3"}]
`,
      want: [
        { at: '5:16', path: 'spec.entryPoints', message: /expected array, got string/ },
        { at: '7:14', path: 'spec.routes[0].match', message: /expected string, got integer/ },
        { at: '8:13', path: 'spec.routes[0].kind', message: /"rule" is not one of "Rule"/ },
        {
          at: '9:7',
          path: 'spec.routes[0].middleware',
          message: /unknown field "middleware" \(did you mean "middlewares"\?\)/,
        },
        { at: '10:7', path: 'spec.routes[1].match', message: /missing required field "match"/ },
        { at: '11:49', path: 'spec.routes[1].services[0].weight', message: /expected integer, got string/ },
      ],
    },
    {
      desc: 'Middleware: unknown middleware type and bad nested field',
      text: `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata: {name: strip}
spec:
  stripPrefixes:
    prefixes: [/api]
  headers:
    customRequestHeaders:
      X-Count: 3
`,
      want: [
        {
          at: '5:3',
          path: 'spec.stripPrefixes',
          message: /unknown field "stripPrefixes" \(did you mean "stripPrefix"\?\)/,
        },
        {
          at: '9:16',
          path: 'spec.headers.customRequestHeaders["X-Count"]',
          message: /expected string, got integer/,
        },
      ],
    },
    {
      desc: 'Middleware: CRD bounds, integer and duration pattern',
      text: `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata: {name: breaker}
spec:
  circuitBreaker:
    expression: NetworkErrorRatio() > 0.5
    checkPeriod: 10 seconds
    responseCode: 99
  retry: {attempts: 2.5}
`,
      want: [
        {
          at: '7:18',
          path: 'spec.circuitBreaker.checkPeriod',
          message: /"10 seconds" does not match the pattern/,
        },
        { at: '8:19', path: 'spec.circuitBreaker.responseCode', message: /99 is less than the minimum 100/ },
        { at: '9:21', path: 'spec.retry.attempts', message: /expected integer, got number/ },
      ],
    },
    {
      desc: 'HTTPRoute: Gateway API lengths, item counts and patterns',
      text: `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  hostnames: ["Shop.Example.com"]
  rules:
    - backendRefs: [{name: web, port: 70000}]
      timeouts: {request: 1.5s}
      filters: [${Array(17).fill('{type: RequestHeaderModifier, requestHeaderModifier: {remove: [x]}}').join(', ')}]
`,
      want: [
        { at: '5:15', path: 'spec.hostnames[0]', message: /"Shop.Example.com" does not match the pattern/ },
        {
          at: '7:39',
          path: 'spec.rules[0].backendRefs[0].port',
          message: /70000 is more than the maximum 65535/,
        },
        { at: '8:27', path: 'spec.rules[0].timeouts.request', message: /does not match the pattern/ },
        { at: '9:16', path: 'spec.rules[0].filters', message: /must have at most 16 items/ },
      ],
    },
    {
      desc: 'Service: enum and port type',
      text: `apiVersion: v1
kind: Service
metadata: {name: web, namespace: apps}
spec:
  type: ClusterIp
  ports:
    - port: "80"
      targetPort: http
`,
      want: [
        { at: '5:9', path: 'spec.type', message: /"ClusterIp" is not one of "ClusterIP", "NodePort"/ },
        { at: '7:13', path: 'spec.ports[0].port', message: /expected number, got string/ },
      ],
    },
    {
      desc: 'Ingress: pathType enum and missing backend',
      text: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: prefix
`,
      want: [
        {
          at: '9:13',
          path: 'spec.rules[0].http.paths[0].backend',
          message: /missing required field "backend"/,
        },
        {
          at: '10:23',
          path: 'spec.rules[0].http.paths[0].pathType',
          message: /"prefix" is not one of "Exact"/,
        },
      ],
    },
    {
      desc: 'HTTPRoute: Gateway API enum and inherited fields',
      text: `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  parentRefs: [{name: gw}]
  rules:
    - matches: [{path: {type: Prefix, value: /}}]
      backendRefs: [{name: web, port: 80, wieght: 1}]
`,
      want: [
        {
          at: '7:31',
          path: 'spec.rules[0].matches[0].path.type',
          message: /"Prefix" is not one of "Exact", "PathPrefix"/,
        },
        {
          at: '8:43',
          path: 'spec.rules[0].backendRefs[0].wieght',
          message: /unknown field "wieght" \(did you mean "weight"\?\)/,
        },
      ],
    },
    {
      desc: 'Secret: data values must be strings',
      text: `apiVersion: v1
kind: Secret
metadata: {name: tls, creationTimestamp: null}
type: kubernetes.io/tls
data:
  tls.crt: 12
`,
      want: [{ at: '6:12', path: 'data["tls.crt"]', message: /expected string, got integer/ }],
    },
  ])('$desc', ({ text, want }) => {
    const got = validate(text);
    expect(got.every((d) => d.code === 'SCHEMA001')).toBe(true);
    expect(got).toEqual(
      want.map((w) => ({ code: 'SCHEMA001', ...w, message: expect.stringMatching(w.message) })),
    );
  });

  it('names the object in the message and carries it', () => {
    const text =
      'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: apps}\nspec: {type: Nope}\n';
    const [r] = parseManifests(text, 'v.yaml').resources;
    const [d] = r ? validateResource(r) : [];
    expect(d?.message).toBe(
      'Service "web": spec.type: "Nope" is not one of "ClusterIP", "NodePort", "LoadBalancer", "ExternalName"',
    );
    expect(d?.object).toEqual({ kind: 'Service', namespace: 'apps', name: 'web' });
    expect(d?.source).toEqual({ file: 'v.yaml', line: 4, column: 14, path: 'spec.type', length: 4 });
  });

  it.each([
    {
      desc: 'uppercase name',
      kind: 'IngressClass',
      apiVersion: 'networking.k8s.io/v1',
      meta: '{name: Traefik}',
      path: 'metadata.name',
      at: '3:18',
    },
    {
      desc: 'Service name starting with a digit',
      kind: 'Service',
      apiVersion: 'v1',
      meta: '{name: 1web}',
      path: 'metadata.name',
      at: '3:18',
    },
    {
      desc: 'Namespace name with a dot',
      kind: 'Namespace',
      apiVersion: 'v1',
      meta: '{name: a.b}',
      path: 'metadata.name',
      at: '3:18',
    },
    {
      desc: 'namespace with underscore',
      kind: 'Secret',
      apiVersion: 'v1',
      meta: '{name: s, namespace: my_ns}',
      path: 'metadata.namespace',
      at: '3:32',
    },
    {
      desc: 'name longer than 253',
      kind: 'Secret',
      apiVersion: 'v1',
      meta: `{name: ${'a'.repeat(254)}}`,
      path: 'metadata.name',
      at: '3:18',
    },
  ])('rejects a $desc', ({ kind, apiVersion, meta, path, at }) => {
    expect(validate(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: ${meta}\n`)).toEqual([
      {
        code: 'SCHEMA001',
        at,
        path,
        message: expect.stringMatching(/is not a valid (\w+ name|namespace): it must be an RFC 1\d{3}/),
      },
    ]);
  });

  it('accepts valid names of each rule', () => {
    const ok = (kind: string, apiVersion: string, name: string) =>
      validate(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: ${name}, namespace: team-a}\n`);
    expect(ok('Secret', 'v1', 'tls.example.com')).toEqual([]);
    expect(ok('Service', 'v1', 'web-1')).toEqual([]);
    expect(ok('Ingress', 'networking.k8s.io/v1', '0-shop')).toEqual([]);
  });

  it('checks CRD patterns with RE2, so a hostile value cannot make them backtrack', () => {
    // ^([0-9]+(ns|us|µs|ms|s|m|h)?)+$ backtracks exponentially in a backtracking engine on this input.
    const text = `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata: {name: m}
spec:
  circuitBreaker: {checkPeriod: "${'1'.repeat(5000)}x"}
`;
    expect(validate(text)).toEqual([
      expect.objectContaining({ code: 'SCHEMA001', path: 'spec.circuitBreaker.checkPeriod', at: '5:33' }),
    ]);
  });

  it.each([
    {
      desc: 'a misspelt Traefik kind',
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'IngresRoute',
      want: 'IngressRoute',
    },
    {
      desc: 'a kind in the wrong case',
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'middleware',
      want: 'Middleware',
    },
    { desc: 'a plural core kind', apiVersion: 'v1', kind: 'Secrets', want: 'Secret' },
  ])('suggests the kind for $desc', ({ apiVersion, kind, want }) => {
    expect(validate(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\n`)).toEqual([
      {
        code: 'SCHEMA001',
        at: '2:7',
        path: 'kind',
        message: expect.stringContaining(`(did you mean "${want}"?)`),
      },
    ]);
  });

  it('leaves real kinds it does not read alone', () => {
    for (const [apiVersion, kind] of [
      ['traefik.io/v1alpha1', 'ServersTransportTCP'],
      ['v1', 'ConfigMap'],
      ['v1', 'Pod'],
    ]) {
      expect(validate(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\n`)).toEqual([]);
    }
  });

  it('reports at most MAX_VIOLATIONS per object', () => {
    const labels = Array.from({ length: 80 }, (_, i) => `l${i}: ${i}`).join(', ');
    const found = validate(`apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: {${labels}}}\n`);
    expect(found).toHaveLength(MAX_VIOLATIONS);
  });

  it('does not check kinds it does not recognise', () => {
    expect(
      validate('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {anything: 1}\n'),
    ).toEqual([]);
  });

  it('accepts int-or-string ports and null fields', () => {
    const text = `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: shop, creationTimestamp: null}
spec:
  routes:
    - match: PathPrefix(\`/\`)
      middlewares: null
      services: [{name: shop, port: http}, {name: api, port: 8080}]
`;
    expect(validate(text)).toEqual([]);
  });

  it('accepts every example manifest', () => {
    const root = join(import.meta.dirname, '../../examples');
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.ya?ml$/.test(name)) files.push(p);
      }
    };
    walk(root);
    for (const file of files) {
      const { resources } = parseManifests(readFileSync(file, 'utf8'), file);
      expect(resources.flatMap(validateResource), file).toEqual([]);
    }
  });
});

describe('validateResource: API001', () => {
  it('flags the legacy traefik.containo.us group at its apiVersion and still validates the spec', () => {
    const text = `apiVersion: traefik.containo.us/v1alpha1
kind: Middleware
metadata: {name: allow}
spec:
  ipAllowList: {sourceRange: 10.0.0.0/8}
`;
    expect(validate(text)).toEqual([
      {
        code: 'API001',
        at: '1:13',
        path: 'apiVersion',
        message: expect.stringMatching(
          /legacy API group traefik\.containo\.us\/v1alpha1.*use traefik\.io\/v1alpha1/,
        ),
      },
      {
        code: 'SCHEMA001',
        at: '5:30',
        path: 'spec.ipAllowList.sourceRange',
        message: expect.stringMatching(/array/),
      },
    ]);
  });
});
