import { withEncodedCharactersMiddleware } from './encoded-characters.ts';
import type { JsonSchema } from './json-schema.ts';
import { withLegacyKinds } from './legacy.ts';
import { VALIDATION_SCHEMAS } from './validation.generated.ts';

let all: Readonly<Record<string, JsonSchema>> | undefined;

/** The compact (undocumented) schema used to validate one kind, or undefined when the kind is not recognised. */
export function validationSchema(apiVersion: string, kind: string): JsonSchema | undefined {
  all ??= Object.freeze(withLegacyKinds(withEncodedCharactersMiddleware(VALIDATION_SCHEMAS, false)));
  return all[`${apiVersion}/${kind}`];
}
