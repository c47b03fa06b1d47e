// Recovers the CRD constraints the TypeScript declarations leave out (integer, minimum/maximum, pattern, lengths,
// item counts) from the ajv validators a @kubernetes-models package ships, by running them on probe objects built
// from our schema and reading where they complain. Build-time only, used by generate.mjs.

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const STUBS = {
  // Metadata and other shared types are validated by our own schema; their validators are not needed here.
  any: 'const ok = Object.assign(() => true, { errors: null });\nexport const validate = ok;\n',
  formats:
    'const ok = Object.assign(() => true, { validate: () => true });\nexport const formats = new Proxy({}, { get: () => ok });\n',
  ucs2length: 'export default (s) => [...s].length;\n',
};

/** Copies a package's `_schemas` folder with its bare imports pointed at local stubs, so it loads in isolation. */
export function isolateValidators(schemasDir, into) {
  mkdirSync(into, { recursive: true });
  for (const [name, text] of Object.entries(STUBS)) writeFileSync(join(into, `__stub_${name}.js`), text);
  writeFileSync(join(into, 'package.json'), '{"type":"module"}\n');
  for (const file of readdirSync(schemasDir)) {
    if (!file.endsWith('.js')) continue;
    const src = readFileSync(join(schemasDir, file), 'utf8').replace(
      /from"(@[^"]+|[a-z][^"]*)"/g,
      (_, spec) => {
        if (spec.endsWith('/ucs2length')) return 'from"./__stub_ucs2length.js"';
        if (spec === '@kubernetes-models/validate') return 'from"./__stub_formats.js"';
        return 'from"./__stub_any.js"';
      },
    );
    writeFileSync(join(into, file), src);
  }
}

/** Loads one isolated validator module's `validate` function. */
export async function loadValidator(dir, file) {
  const mod = await import(pathToFileURL(join(dir, file)).href);
  return mod.validate;
}

function resolve(root, node) {
  let cur = node;
  for (let i = 0; i < 16 && cur?.$ref; i++) cur = root.definitions?.[cur.$ref.slice('#/definitions/'.length)];
  return cur ?? {};
}

const MAX_DEPTH = 14;

/**
 * Builds a probe instance: every property filled, leaves set by `mode`. Only the first item of a list recurses
 * with long lists, so a "many items" probe stays linear in the schema's size.
 */
function build(root, node, mode, depth, long) {
  const s = resolve(root, node);
  if (depth > MAX_DEPTH) return undefined;
  if (s.enum) return s.enum[0];
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (types.includes('object') || s.properties) {
    const out = {};
    for (const [k, v] of Object.entries(s.properties ?? {})) {
      const value = build(root, v, mode, depth + 1, long);
      if (value !== undefined) out[k] = value;
    }
    if (typeof s.additionalProperties === 'object') {
      const value = build(root, s.additionalProperties, mode, depth + 1, long);
      if (value !== undefined) out['probe.example.com/key'] = value;
    }
    return out;
  }
  if (types.includes('array')) {
    const count = long ? mode.longArray : mode.array;
    const items = [];
    for (let i = 0; i < count; i++) items.push(build(root, s.items ?? {}, mode, depth + 1, long && i === 0));
    return items;
  }
  if (types.includes('string') && types.includes('integer')) return mode.intOrString;
  if (types.includes('number') || types.includes('integer')) return mode.number;
  if (types.includes('string')) return mode.string;
  if (types.includes('boolean')) return true;
  return undefined;
}

/** Finds the schema node an ajv instancePath points at, or undefined when our schema has no such place. */
function nodeAt(root, instancePath) {
  let node = resolve(root, root);
  const segs = instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let target = node;
  for (const seg of segs) {
    if (node.properties?.[seg]) target = node.properties[seg];
    else if (node.items && /^\d+$/.test(seg)) target = node.items;
    else if (typeof node.additionalProperties === 'object') target = node.additionalProperties;
    else return undefined;
    node = resolve(root, target);
  }
  // Constraints belong to the type: a property that is a $ref gets them on its definition.
  return target.$ref ? node : target;
}

const PROBES = [
  { number: 0.5, string: 'x', intOrString: 'x', array: 1, longArray: 1 },
  { number: -(2 ** 52), string: '', intOrString: 'x', array: 0, longArray: 0 },
  { number: 2 ** 52, string: '\u0001'.repeat(4096), intOrString: '\u0001', array: 1, longArray: 300 },
];

function apply(node, error) {
  const { keyword, params } = error;
  if (keyword === 'type' && params.type === 'integer' && node.type === 'number') node.type = 'integer';
  else if (keyword === 'minimum' && Number.isSafeInteger(params.limit)) node.minimum = params.limit;
  else if (keyword === 'maximum' && Number.isSafeInteger(params.limit)) node.maximum = params.limit;
  else if (keyword === 'pattern') node.pattern = params.pattern;
  else if (keyword === 'minLength') node.minLength = params.limit;
  else if (keyword === 'maxLength') node.maxLength = params.limit;
  else if (keyword === 'minItems') node.minItems = params.limit;
  else if (keyword === 'maxItems') node.maxItems = params.limit;
  else if (keyword === 'maxProperties') node.maxProperties = params.limit;
  else return false;
  return true;
}

/**
 * Adds the validator's constraints to `schema` in place; returns how many (field, keyword) pairs it set. Errors
 * our schema cannot place (paths it does not have) are skipped: the declarations are the authority on shape.
 */
export function probeConstraints(schema, validate) {
  const added = new Map();
  for (const mode of PROBES) {
    const instance = build(schema, schema, mode, 0, true);
    if (validate(instance)) continue;
    for (const error of validate.errors ?? []) {
      if (error.schemaPath.includes('/anyOf/')) continue;
      const node = nodeAt(schema, error.instancePath);
      if (node === undefined || !apply(node, error)) continue;
      const keywords = added.get(node) ?? new Set();
      keywords.add(error.keyword);
      added.set(node, keywords);
    }
  }
  return [...added.values()].reduce((n, k) => n + k.size, 0);
}
