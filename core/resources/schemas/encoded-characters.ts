import { ENCODED_CHARACTER_OPTIONS } from '../../rules/encoded-characters.ts';
import type { JsonSchema } from './json-schema.ts';

const MIDDLEWARE_KEY = 'traefik.io/v1alpha1/Middleware';

/** The Middleware `spec.encodedCharacters` schema; with descriptions for editors when `documented`. */
function encodedCharactersSchema(documented: boolean): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const c of ENCODED_CHARACTER_OPTIONS) {
    const hex = c.byte.toString(16).toUpperCase().padStart(2, '0');
    properties[c.option] = documented
      ? {
          type: 'boolean',
          description: `Whether a request path may contain the encoded ${c.name} (%${hex}, either case).\nDefault: false (a 400 answers it).`,
        }
      : { type: 'boolean' };
  }
  const schema: JsonSchema = { type: 'object', properties, additionalProperties: false };
  if (documented)
    schema.description =
      'EncodedCharacters rejects requests whose path holds encoded characters not allowed here (the query is not checked).\nIt runs after the entry point check, which it cannot loosen.\nMore info: https://doc.traefik.io/traefik/reference/routing-configuration/http/middlewares/encodedcharacters/';
  return schema;
}

/**
 * Adds Traefik's `encodedCharacters` middleware (v3.6.7+) to the Middleware schema: the CRD package the schemas
 * are generated from predates it. Returns a new map; the generated schemas are left as they are.
 */
export function withEncodedCharactersMiddleware(
  schemas: Readonly<Record<string, JsonSchema>>,
  documented: boolean,
): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = { ...schemas };
  const middleware = schemas[MIDDLEWARE_KEY];
  const spec = middleware?.properties?.spec;
  if (middleware === undefined || spec?.properties === undefined || spec.properties.encodedCharacters)
    return out;
  out[MIDDLEWARE_KEY] = {
    ...middleware,
    properties: {
      ...middleware.properties,
      spec: {
        ...spec,
        properties: { ...spec.properties, encodedCharacters: encodedCharactersSchema(documented) },
      },
    },
  };
  return out;
}
