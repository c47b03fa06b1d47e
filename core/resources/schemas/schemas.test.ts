import { describe, expect, it } from 'vitest';
import { KINDS } from '../kinds.ts';
import { withEncodedCharactersMiddleware } from './encoded-characters.ts';
import { jsonSchemas, manifestSchema, SCHEMA_SOURCES } from './index.ts';
import type { JsonSchema } from './json-schema.ts';
import { VALIDATION_SCHEMAS } from './validation.generated.ts';

function at(schema: JsonSchema, path: string[]): JsonSchema | undefined {
  const defs = schema.definitions ?? {};
  let cur: JsonSchema | undefined = schema;
  for (const seg of path) {
    while (cur?.$ref !== undefined)
      cur = { ...defs[cur.$ref.replace('#/definitions/', '')], ...cur, $ref: undefined };
    cur = seg === '[]' ? cur?.items : cur?.properties?.[seg];
  }
  return cur;
}

describe('jsonSchemas', () => {
  const schemas = jsonSchemas();

  it('has one schema per recognised kind, and only those', () => {
    expect(Object.keys(schemas).sort()).toEqual(Object.keys(KINDS).sort());
  });

  it('pins apiVersion and kind and requires metadata', () => {
    for (const [key, schema] of Object.entries(schemas)) {
      const info = KINDS[key];
      expect(schema.properties?.apiVersion?.enum, key).toEqual([info?.apiVersion]);
      expect(schema.properties?.kind?.enum, key).toEqual([info?.kind]);
      expect(schema.required, key).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata']));
    }
  });

  it.each([
    { key: 'traefik.io/v1alpha1/IngressRoute', path: ['spec', 'routes', '[]', 'match'], doc: /rule/i },
    { key: 'traefik.io/v1alpha1/Middleware', path: ['spec', 'ipAllowList', 'sourceRange'], doc: /IP/ },
    { key: 'traefik.containo.us/v1alpha1/Middleware', path: ['spec', 'stripPrefix'], doc: /strip/i },
    { key: 'v1/Service', path: ['spec', 'ports', '[]', 'targetPort'], doc: /port/i },
    { key: 'networking.k8s.io/v1/Ingress', path: ['spec', 'rules', '[]', 'host'], doc: /host/i },
    { key: 'gateway.networking.k8s.io/v1/HTTPRoute', path: ['spec', 'parentRefs'], doc: /parent/i },
    { key: 'v1/Secret', path: ['metadata', 'name'], doc: /unique/i },
  ])('describes $key $path', ({ key, path, doc }) => {
    const schema = schemas[key];
    expect(schema).toBeDefined();
    expect(at(schema as JsonSchema, path)?.description).toMatch(doc);
  });

  it.each([
    { key: 'traefik.io/v1alpha1/IngressRoute', path: ['spec', 'routes', '[]', 'kind'], values: ['Rule'] },
    {
      key: 'traefik.io/v1alpha1/TraefikService',
      path: ['spec', 'weighted', 'services', '[]', 'kind'],
      values: ['Service', 'TraefikService'],
    },
    {
      key: 'v1/Service',
      path: ['spec', 'type'],
      values: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
    },
    {
      key: 'networking.k8s.io/v1/Ingress',
      path: ['spec', 'rules', '[]', 'http', 'paths', '[]', 'pathType'],
      values: ['Exact', 'Prefix', 'ImplementationSpecific'],
    },
  ])('carries the enum of $key $path', ({ key, path, values }) => {
    expect(at(schemas[key] as JsonSchema, path)?.enum).toEqual(values);
  });

  it('marks int-or-string fields', () => {
    const port = at(schemas['traefik.io/v1alpha1/IngressRoute'] as JsonSchema, [
      'spec',
      'routes',
      '[]',
      'services',
      '[]',
      'port',
    ]);
    expect(port?.type).toEqual(['integer', 'string']);
  });

  it('validates with the same structure it documents', () => {
    const strip = (s: unknown): unknown =>
      JSON.parse(
        JSON.stringify(s, (k, v) =>
          ['description', 'title', '$schema', '$id'].includes(k) && typeof v === 'string' ? undefined : v,
        ),
      );
    // Both views carry the same additions to the generated schemas (encodedCharacters).
    for (const [key, schema] of Object.entries(withEncodedCharactersMiddleware(VALIDATION_SCHEMAS, false)))
      expect(schema, key).toEqual(strip(schemas[key]));
  });

  it('names its sources', () => {
    expect(Object.keys(SCHEMA_SOURCES)).toEqual(
      expect.arrayContaining(['@kubernetes-models/traefik@1.0.1', '@kubernetes-models/gateway-api@2.0.0']),
    );
  });
});

describe('manifestSchema', () => {
  const combined = manifestSchema();

  function refs(node: unknown, out: string[] = []): string[] {
    if (Array.isArray(node)) for (const n of node) refs(n, out);
    else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string') out.push(v);
        else refs(v, out);
      }
    }
    return out;
  }

  it('selects each kind by apiVersion and kind', () => {
    expect(combined.allOf).toHaveLength(Object.keys(KINDS).length);
    expect(combined.allOf?.[0]).toEqual({
      if: {
        properties: { apiVersion: { const: 'traefik.io/v1alpha1' }, kind: { const: 'IngressRoute' } },
        required: ['apiVersion', 'kind'],
      },
      // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword, not a thenable.
      then: { $ref: '#/definitions/traefik.io~1v1alpha1~1IngressRoute' },
    });
  });

  it('resolves every reference inside the combined schema', () => {
    const decode = (p: string) => p.replace(/~1/g, '/').replace(/~0/g, '~');
    const all = refs(combined);
    expect(all.length).toBeGreaterThan(100);
    for (const ref of all) {
      expect(ref.startsWith('#/definitions/'), ref).toBe(true);
      expect(combined.definitions?.[decode(ref.slice('#/definitions/'.length))], ref).toBeDefined();
    }
  });
});
