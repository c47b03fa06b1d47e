// Public surface of this area; core/index.ts re-exports it.
import type { JsonSchema } from './schemas/json-schema.ts';

export { findDuplicates } from './duplicates.ts';
export { DEFAULT_NAMESPACE, type ObjectRef, objectRef, resourceKey, sanitizeSecret } from './identity.ts';
export { KINDS, type KindInfo, kindInfo, LEGACY_TRAEFIK_API_VERSION, TRAEFIK_API_VERSION } from './kinds.ts';
export { formatPath } from './locate.ts';
export { MAX_ALIAS_COUNT, type ParseResult, parseManifests } from './parse.ts';
export { checkSchema, MAX_VIOLATIONS, type SchemaViolation } from './schema-check.ts';
export type { JsonSchema, JsonType } from './schemas/json-schema.ts';
export { isKubeObject } from './shape.ts';
export { validateResource } from './validate.ts';
export {
  type CertificateResult,
  certificateCoversHost,
  readCertificateDer,
  readCertificateFromSecretData,
  readCertificatePem,
  type X509Summary,
} from './x509.ts';

/**
 * The JSON Schemas per kind, keyed by `<apiVersion>/<kind>`, loaded on demand: the schema module (about 85 KB
 * gzipped) becomes its own chunk in the dashboard's build. Server code may call `jsonSchemas()` from
 * `core/resources/schemas/index.ts` directly; this is the same data.
 *
 * @example
 * const schemas = await loadJsonSchemas();
 * monacoYaml.update({ schemas: Object.entries(schemas).map(([key, schema]) => ({ uri: key, schema })) });
 */
export async function loadJsonSchemas(): Promise<Readonly<Record<string, JsonSchema>>> {
  const mod = await import('./schemas/index.ts');
  return mod.jsonSchemas();
}
