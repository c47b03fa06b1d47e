import { LEGACY_TRAEFIK_API_VERSION, TRAEFIK_API_VERSION } from '../kinds.ts';
import type { JsonSchema } from './json-schema.ts';

/**
 * Adds the legacy `traefik.containo.us/v1alpha1` kinds to a schema map: each is the traefik.io schema with its
 * apiVersion, since the legacy group's spec is the same and Routeyard validates it to help migration.
 */
export function withLegacyKinds(schemas: Readonly<Record<string, JsonSchema>>): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = { ...schemas };
  const prefix = `${TRAEFIK_API_VERSION}/`;
  for (const [key, schema] of Object.entries(schemas)) {
    if (!key.startsWith(prefix)) continue;
    const kind = key.slice(prefix.length);
    const props = schema.properties ?? {};
    const legacy: JsonSchema = {
      ...schema,
      properties: { ...props, apiVersion: { ...props.apiVersion, enum: [LEGACY_TRAEFIK_API_VERSION] } },
    };
    if (schema.$id !== undefined) legacy.$id = `routeyard://schemas/${LEGACY_TRAEFIK_API_VERSION}/${kind}`;
    if (schema.title !== undefined) legacy.title = `${kind} (${LEGACY_TRAEFIK_API_VERSION}, legacy)`;
    out[`${LEGACY_TRAEFIK_API_VERSION}/${kind}`] = legacy;
  }
  return out;
}
