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

/**
 * An instance path as a list from the leaf up: a node's path is built only when a violation needs it (most
 * values have none, and an array per visited value was most of validation's garbage).
 */
type PathLink = { parent: PathLink; seg: string | number } | null;

function pathOf(link: PathLink): Array<string | number> {
  const path: Array<string | number> = [];
  for (let l = link; l !== null; l = l.parent) path.push(l.seg);
  return path.reverse();
}

/** The number of code points of a string (JSON Schema counts those, not UTF-16 units). */
function codePoints(v: string): number {
  let n = v.length;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = v.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function report(out: SchemaViolation[], link: PathLink, message: string): void {
  out.push({ path: pathOf(link), message });
}

/** Checks the scalar and size keywords (numbers, strings, lists, maps); one message per failed keyword. */
function bounds(v: unknown, s: JsonSchema, out: SchemaViolation[], link: PathLink): void {
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum)
      report(out, link, `${v} is less than the minimum ${s.minimum}`);
    if (s.maximum !== undefined && v > s.maximum)
      report(out, link, `${v} is more than the maximum ${s.maximum}`);
  } else if (typeof v === 'string') {
    if (s.minLength !== undefined || s.maxLength !== undefined) {
      const length = codePoints(v);
      if (s.minLength !== undefined && length < s.minLength)
        report(out, link, `must be at least ${s.minLength} characters long`);
      if (s.maxLength !== undefined && length > s.maxLength)
        report(out, link, `must be at most ${s.maxLength} characters long`);
    }
    const re = s.pattern === undefined ? null : compiled(s.pattern);
    if (re !== null && !re.matcher(v).find())
      report(out, link, `${quote(v)} does not match the pattern ${s.pattern}`);
  } else if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems)
      report(out, link, `must have at least ${s.minItems} items`);
    if (s.maxItems !== undefined && v.length > s.maxItems)
      report(out, link, `must have at most ${s.maxItems} items`);
  } else if (v !== null && typeof v === 'object' && s.maxProperties !== undefined) {
    const n = Object.keys(v).length;
    if (n > s.maxProperties) report(out, link, `must have at most ${s.maxProperties} entries`);
  }
}

function describeType(type: JsonType | JsonType[]): string {
  const list = Array.isArray(type) ? type : [type];
  return list.join(' or ');
}

// Per definitions table: each `$ref` schema merged with its target once, and each `anyOf` alternative made a root
// once, rather than again for every value of every object (the schemas are fixed; only the values vary).
const resolvedByDefs = new WeakMap<object, WeakMap<JsonSchema, JsonSchema>>();
const rootsByDefs = new WeakMap<object, WeakMap<JsonSchema, JsonSchema>>();

function cacheFor(caches: WeakMap<object, WeakMap<JsonSchema, JsonSchema>>, defs: object) {
  let cache = caches.get(defs);
  if (cache === undefined) {
    cache = new WeakMap();
    caches.set(defs, cache);
  }
  return cache;
}

/**
 * Validates a value against one of the generated schemas. A `null` value counts as unset, as the Kubernetes API
 * server reads it: it fails only `required`. Unknown fields are violations (kubectl's strict field validation).
 */
export function checkSchema(value: unknown, schema: JsonSchema): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  const defs = schema.definitions ?? {};
  const resolved = cacheFor(resolvedByDefs, defs);

  function resolve(s: JsonSchema): JsonSchema {
    if (s.$ref === undefined) return s;
    const hit = resolved.get(s);
    if (hit !== undefined) return hit;
    let cur = s;
    // Definitions may point at definitions; the bound only guards against a malformed cycle.
    for (let i = 0; i < 16 && cur.$ref !== undefined; i++) {
      const target = defs[cur.$ref.replace('#/definitions/', '')];
      if (target === undefined) {
        cur = {};
        break;
      }
      const { $ref: _ref, ...siblings } = cur;
      cur = { ...target, ...siblings };
    }
    resolved.set(s, cur);
    return cur;
  }

  function visit(v: unknown, raw: JsonSchema, link: PathLink): void {
    if (out.length >= MAX_VIOLATIONS || v === null || v === undefined) return;
    const s = resolve(raw);
    if (s.anyOf !== undefined) {
      if (!s.anyOf.some((alt) => checkSchemaAt(v, alt).length === 0)) {
        out.push({ path: pathOf(link), message: 'matches none of the allowed shapes' });
      }
      return;
    }
    if (s.type !== undefined) {
      const type = s.type;
      if (!(Array.isArray(type) ? type.some((t) => matchesType(v, t)) : matchesType(v, type))) {
        out.push({ path: pathOf(link), message: `expected ${describeType(s.type)}, got ${typeOf(v)}` });
        return;
      }
    }
    if (s.enum !== undefined && !s.enum.includes(v as string)) {
      const allowed = s.enum.map((e) => JSON.stringify(e)).join(', ');
      out.push({ path: pathOf(link), message: `${quote(v)} is not one of ${allowed}` });
      return;
    }
    bounds(v, s, out, link);
    if (Array.isArray(v)) {
      const items = s.items;
      if (items !== undefined)
        for (let i = 0; i < v.length; i++) visit(v[i], items, { parent: link, seg: i });
      return;
    }
    if (typeof v === 'object') visitObject(v as Record<string, unknown>, s, link);
  }

  function visitObject(v: Record<string, unknown>, s: JsonSchema, link: PathLink): void {
    const props = s.properties ?? {};
    for (const req of s.required ?? []) {
      if (v[req] === undefined || v[req] === null) {
        out.push({ path: [...pathOf(link), req], message: `missing required field "${req}"` });
      }
    }
    for (const key of Object.keys(v)) {
      const child = v[key];
      const propSchema = props[key];
      if (propSchema !== undefined) visit(child, propSchema, { parent: link, seg: key });
      else if (s.additionalProperties === false) {
        const known = Object.keys(props);
        out.push({
          path: [...pathOf(link), key],
          message: `unknown field "${key}"${suggestion(key, known)}`,
          unknownKey: true,
        });
      } else if (typeof s.additionalProperties === 'object')
        visit(child, s.additionalProperties, { parent: link, seg: key });
    }
  }

  // anyOf alternatives are inline schemas; they share the root's definitions.
  const roots = cacheFor(rootsByDefs, defs);
  function checkSchemaAt(v: unknown, alt: JsonSchema): SchemaViolation[] {
    let root = roots.get(alt);
    if (root === undefined) {
      root = { ...alt, definitions: defs };
      roots.set(alt, root);
    }
    return checkSchema(v, root);
  }

  visit(value, schema, null);
  return out.length > MAX_VIOLATIONS ? out.slice(0, MAX_VIOLATIONS) : out;
}
