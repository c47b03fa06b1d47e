/**
 * The subset of JSON Schema (draft-07) Routeyard's generated schemas use: what {@link checkSchema} validates and
 * what Monaco reads for completion and hover.
 */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  title?: string;
  description?: string;
  type?: JsonType | JsonType[];
  enum?: ReadonlyArray<string | number | boolean>;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  if?: JsonSchema;
  then?: JsonSchema;
  const?: string | number | boolean;
  definitions?: Record<string, JsonSchema>;
  minimum?: number;
  maximum?: number;
  /** An RE2 pattern, as in CRDs; checked with an RE2 engine so that no input can make it backtrack. */
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  maxProperties?: number;
  'x-kubernetes-int-or-string'?: boolean;
}

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';
