import { RE2JS } from 're2js';
import type { JsonSchema, JsonType } from './schemas/json-schema.ts';

/** One schema violation: where (the instance path as segments) and what. */
export interface SchemaViolation {
  path: Array<string | number>;
  /** The violation without its place, lowercase, e.g. `expected string, got number`. */
  message: string;
  /** True when the path names a key that should not be there (the position is the key's). */
  unknownKey?: boolean;
}

/** Violations reported per object at most: one broken list must not flood the editor. */
export const MAX_VIOLATIONS = 50;

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

function matchesType(value: unknown, type: JsonType): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** Edit distance, bounded: used only to suggest a close field name for a typo. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

/** The known name closest to a probable typo (edit distance at most 2, case-insensitive), if any. */
export function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function suggestion(key: string, known: string[]): string {
  const best = closest(key, known);
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

/** A value as messages quote it: JSON, cut short so that a huge value cannot flood the message. */
function quote(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

const patterns = new Map<string, RE2JS | null>();

/** Compiles a schema pattern once; a pattern RE2 cannot compile is not checked rather than failing validation. */
function compiled(pattern: string): RE2JS | null {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = RE2JS.compile(pattern);
    } catch {
      re = null;
    }
    patterns.set(pattern, re);
  }
  return re;
}

/** Checks the scalar and size keywords (numbers, strings, lists, maps); one message per failed keyword. */
function bounds(v: unknown, s: JsonSchema): string[] {
  const out: string[] = [];
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum) out.push(`${v} is less than the minimum ${s.minimum}`);
    if (s.maximum !== undefined && v > s.maximum) out.push(`${v} is more than the maximum ${s.maximum}`);
  } else if (typeof v === 'string') {
    // JSON Schema counts characters (code points), not UTF-16 units.
    const length = [...v].length;
    if (s.minLength !== undefined && length < s.minLength)
      out.push(`must be at least ${s.minLength} characters long`);
    if (s.maxLength !== undefined && length > s.maxLength)
      out.push(`must be at most ${s.maxLength} characters long`);
    const re = s.pattern === undefined ? null : compiled(s.pattern);
    if (re !== null && !re.matcher(v).find()) out.push(`${quote(v)} does not match the pattern ${s.pattern}`);
  } else if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems) out.push(`must have at least ${s.minItems} items`);
    if (s.maxItems !== undefined && v.length > s.maxItems) out.push(`must have at most ${s.maxItems} items`);
  } else if (v !== null && typeof v === 'object' && s.maxProperties !== undefined) {
    const n = Object.keys(v).length;
    if (n > s.maxProperties) out.push(`must have at most ${s.maxProperties} entries`);
  }
  return out;
}

function describeType(type: JsonType | JsonType[]): string {
  const list = Array.isArray(type) ? type : [type];
  return list.join(' or ');
}

/**
 * Validates a value against one of the generated schemas. A `null` value counts as unset, as the Kubernetes API
 * server reads it: it fails only `required`. Unknown fields are violations (kubectl's strict field validation).
 */
export function checkSchema(value: unknown, schema: JsonSchema): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  const defs = schema.definitions ?? {};

  function resolve(s: JsonSchema): JsonSchema {
    let cur = s;
    // Definitions may point at definitions; the bound only guards against a malformed cycle.
    for (let i = 0; i < 16 && cur.$ref !== undefined; i++) {
      const target = defs[cur.$ref.replace('#/definitions/', '')];
      if (target === undefined) return {};
      const { $ref: _ref, ...siblings } = cur;
      cur = { ...target, ...siblings };
    }
    return cur;
  }

  function visit(v: unknown, raw: JsonSchema, path: Array<string | number>): void {
    if (out.length >= MAX_VIOLATIONS || v === null || v === undefined) return;
    const s = resolve(raw);
    if (s.anyOf !== undefined) {
      if (!s.anyOf.some((alt) => checkSchemaAt(v, alt).length === 0)) {
        out.push({ path, message: 'matches none of the allowed shapes' });
      }
      return;
    }
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? s.type : [s.type];
      if (!types.some((t) => matchesType(v, t))) {
        out.push({ path, message: `expected ${describeType(s.type)}, got ${typeOf(v)}` });
        return;
      }
    }
    if (s.enum !== undefined && !s.enum.includes(v as string)) {
      const allowed = s.enum.map((e) => JSON.stringify(e)).join(', ');
      out.push({ path, message: `${quote(v)} is not one of ${allowed}` });
      return;
    }
    for (const message of bounds(v, s)) out.push({ path, message });
    if (Array.isArray(v)) {
      const items = s.items;
      if (items !== undefined) for (let i = 0; i < v.length; i++) visit(v[i], items, [...path, i]);
      return;
    }
    if (typeof v === 'object') visitObject(v as Record<string, unknown>, s, path);
  }

  function visitObject(v: Record<string, unknown>, s: JsonSchema, path: Array<string | number>): void {
    const props = s.properties ?? {};
    for (const req of s.required ?? []) {
      if (v[req] === undefined || v[req] === null) {
        out.push({ path: [...path, req], message: `missing required field "${req}"` });
      }
    }
    for (const [key, child] of Object.entries(v)) {
      const propSchema = props[key];
      if (propSchema !== undefined) visit(child, propSchema, [...path, key]);
      else if (s.additionalProperties === false) {
        const known = Object.keys(props);
        out.push({
          path: [...path, key],
          message: `unknown field "${key}"${suggestion(key, known)}`,
          unknownKey: true,
        });
      } else if (typeof s.additionalProperties === 'object')
        visit(child, s.additionalProperties, [...path, key]);
    }
  }

  // anyOf alternatives are inline schemas; they share the root's definitions.
  function checkSchemaAt(v: unknown, alt: JsonSchema): SchemaViolation[] {
    return checkSchema(v, { ...alt, definitions: defs });
  }

  visit(value, schema, []);
  return out.length > MAX_VIOLATIONS ? out.slice(0, MAX_VIOLATIONS) : out;
}
