// The documented JSON Schemas, in their own module so the dashboard loads them lazily (`loadJsonSchemas()` in
// ../index.ts, or a dynamic import of this file): they weigh about 85 KB gzipped. Validation uses the compact,
// undocumented copy in validation.generated.ts instead.

import { withEncodedCharactersMiddleware } from './encoded-characters.ts';
import type { JsonSchema } from './json-schema.ts';
import { withLegacyKinds } from './legacy.ts';
import { GENERATED_SCHEMAS, SCHEMA_SOURCES } from './schemas.generated.ts';

export type { JsonSchema, JsonType } from './json-schema.ts';
export { SCHEMA_SOURCES };

let all: Readonly<Record<string, JsonSchema>> | undefined;

/**
 * A JSON Schema (draft-07) per recognised kind, keyed by `<apiVersion>/<kind>` (e.g.
 * `traefik.io/v1alpha1/IngressRoute`), with field descriptions and enums for editor completion and hover.
 * Generated from the Traefik v3, Gateway API and Kubernetes type packages (see {@link SCHEMA_SOURCES}).
 *
 * @example
 * const schema = jsonSchemas()['traefik.io/v1alpha1/IngressRoute'];
 */
export function jsonSchemas(): Readonly<Record<string, JsonSchema>> {
  all ??= Object.freeze(withLegacyKinds(withEncodedCharactersMiddleware(GENERATED_SCHEMAS, true)));
  return all;
}

/** JSON Pointer escaping for a definitions key (RFC 6901: `~` is `~0`, `/` is `~1`). */
function pointerKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Rewrites `#/definitions/X` refs inside one kind's schema to the combined schema's namespaced definitions. */
function rebase(node: unknown, prefix: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rebase(n, prefix));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/definitions/')) {
      out[k] = `#/definitions/${pointerKey(`${prefix}.${v.slice('#/definitions/'.length)}`)}`;
    } else if (k !== '$schema' && k !== '$id' && k !== 'definitions') out[k] = rebase(v, prefix);
  }
  return out;
}

let combined: JsonSchema | undefined;

/**
 * One schema for a whole manifest file: each YAML document gets its kind's schema, chosen by `apiVersion` and
 * `kind` (draft-07 `if`/`then`); documents of other kinds are left alone. This is what an editor needs for files
 * that mix kinds, since a YAML language server applies one schema to every document of a file.
 */
export function manifestSchema(): JsonSchema {
  if (combined !== undefined) return combined;
  const definitions: Record<string, JsonSchema> = {};
  const allOf: JsonSchema[] = [];
  for (const [key, schema] of Object.entries(jsonSchemas())) {
    for (const [name, def] of Object.entries(schema.definitions ?? {})) {
      definitions[`${key}.${name}`] = rebase(def, key) as JsonSchema;
    }
    definitions[key] = rebase(schema, key) as JsonSchema;
    const [apiVersion, kind] = [schema.properties?.apiVersion?.enum?.[0], schema.properties?.kind?.enum?.[0]];
    allOf.push({
      if: {
        properties: { apiVersion: { const: apiVersion }, kind: { const: kind } },
        required: ['apiVersion', 'kind'],
      },
      // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword, not a thenable.
      then: { $ref: `#/definitions/${pointerKey(key)}` },
    });
  }
  combined = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'routeyard://schemas/manifest',
    title: 'Kubernetes manifest (kinds Routeyard reads)',
    type: 'object',
    allOf,
    definitions,
  };
  return combined;
}
