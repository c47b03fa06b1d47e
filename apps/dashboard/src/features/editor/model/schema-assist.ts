import type { JsonSchema } from '../../../../../../core/resources/schemas/json-schema.ts';

/**
 * Schema hints for the editor without a language-server worker: the YAML path at a position (from indentation,
 * so it works on half-typed text), the schema node there, and what to complete or show on hover.
 */
export type PathSegment = string | number;

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface PathAt {
  /** Path of the mapping the position is in (for a key) or of the key's value (for a value). */
  path: PathSegment[];
  mode: 'key' | 'value';
  /** Keys already present in that mapping. */
  siblings: string[];
  /** The key on this line, when there is one. */
  key?: string;
}

interface Line {
  indent: number;
  key?: string;
  dash: boolean;
  blank: boolean;
}

function scan(text: string): Line[] {
  return text.split('\n').map((raw) => {
    const t = raw.replace(/\s+#.*$/, '');
    if (t.trim() === '' || t.trim().startsWith('#')) return { indent: 0, dash: false, blank: true };
    const m = /^(\s*)(-\s+)?([A-Za-z0-9_.$/-]+)?\s*(:)?/.exec(t)!;
    const indent = m[1]!.length + (m[2]?.length ?? 0);
    return { indent, dash: m[2] !== undefined, blank: false, ...(m[3] && m[4] ? { key: m[3] } : {}) };
  });
}

/**
 * The path of the mapping whose keys start at column `want` on line `index`, found by walking up to the
 * less-indented keys and list items that contain it.
 */
function parents(lines: Line[], index: number, want: number, inItem = false): PathSegment[] {
  const rev: PathSegment[] = [];
  let afterItem = inItem;
  for (let i = index - 1; i >= 0 && (want > 0 || afterItem); i--) {
    const l = lines[i]!;
    if (l.blank) continue;
    const dashCol = l.dash ? l.indent - 2 : -1;
    if (!afterItem && l.dash && l.indent === want) {
      // Inside a list item's mapping: the item is an array element.
      rev.push(countItems(lines, i, dashCol));
      want = dashCol;
      afterItem = true;
      continue;
    }
    if (l.key === undefined) continue;
    // A list may sit at its key's own indentation (`routes:` then `- match:` in the same column).
    const owns = l.indent < want || (afterItem && !l.dash && l.indent <= want);
    if (!owns) continue;
    rev.push(l.key);
    afterItem = false;
    if (l.dash) {
      rev.push(countItems(lines, i, dashCol));
      want = dashCol;
      afterItem = true;
    } else want = l.indent;
  }
  return rev.reverse();
}

function countItems(lines: Line[], index: number, dashIndent: number): number {
  let n = 0;
  for (let i = index - 1; i >= 0; i--) {
    const l = lines[i]!;
    if (l.blank) continue;
    const li = l.dash ? l.indent - 2 : l.indent;
    if (li < dashIndent) break;
    if (l.dash && li === dashIndent) n++;
  }
  return n;
}

/** Where the position is in the document's structure. */
export function pathAt(text: string, pos: Position): PathAt {
  const lines = scan(text);
  const index = pos.line - 1;
  const raw = text.split('\n')[index] ?? '';
  const before = raw.slice(0, pos.column - 1);
  const cur = lines[index] ?? { indent: 0, dash: false, blank: true };
  const colon = before.indexOf(':');
  const indent = cur.blank ? before.length - before.trimStart().length : cur.indent;
  const dashOnly = /^\s*-\s+$/.test(before);
  const effectiveIndent = dashOnly ? before.length : indent;
  let path = parents(lines, index, effectiveIndent);
  if (cur.dash || dashOnly) {
    const dashIndent = (cur.blank ? before.length : cur.indent) - 2;
    path = [...parents(lines, index, Math.max(0, dashIndent), true), countItems(lines, index, dashIndent)];
  }
  const siblings = siblingKeys(lines, index, effectiveIndent);
  if (colon >= 0 && cur.key !== undefined && before.length > before.indexOf(cur.key) + cur.key.length) {
    return { path: [...path, cur.key], mode: 'value', siblings, key: cur.key };
  }
  return { path, mode: 'key', siblings, ...(cur.key ? { key: cur.key } : {}) };
}

function siblingKeys(lines: Line[], index: number, indent: number): string[] {
  const keys: string[] = [];
  for (const dir of [-1, 1]) {
    for (let i = index + dir; i >= 0 && i < lines.length; i += dir) {
      const l = lines[i]!;
      if (l.blank) continue;
      if (l.indent < indent) break;
      if (dir === 1 && l.dash && l.indent === indent) break;
      if (l.indent === indent && l.key) keys.push(l.key);
      if (dir === -1 && l.dash && l.indent === indent) break;
    }
  }
  return keys;
}

/** Resolves `$ref`, and merges `allOf`/`anyOf` branches' properties, so lookups see one object schema. */
export function resolveSchema(
  root: JsonSchema,
  node: JsonSchema | undefined,
  depth = 0,
): JsonSchema | undefined {
  if (!node || depth > 20) return node;
  if (node.$ref?.startsWith('#/definitions/')) {
    const key = node.$ref.slice('#/definitions/'.length).replace(/~1/g, '/').replace(/~0/g, '~');
    return resolveSchema(root, root.definitions?.[key], depth + 1);
  }
  const branches = [...(node.allOf ?? []), ...(node.anyOf ?? [])];
  if (branches.length === 0) return node;
  const merged: JsonSchema = { ...node, properties: { ...(node.properties ?? {}) } };
  for (const b of branches) {
    const r = resolveSchema(root, b, depth + 1);
    Object.assign(merged.properties!, r?.properties ?? {});
    if (!merged.description && r?.description) merged.description = r.description;
    if (!merged.enum && r?.enum) merged.enum = r.enum;
    if (!merged.items && r?.items) merged.items = r.items;
  }
  return merged;
}

/** The schema node at a path. */
export function schemaAt(root: JsonSchema, path: readonly PathSegment[]): JsonSchema | undefined {
  let node = resolveSchema(root, root);
  for (const seg of path) {
    if (!node) return undefined;
    if (typeof seg === 'number') node = resolveSchema(root, node.items);
    else {
      const next =
        node.properties?.[seg] ??
        (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
      node = resolveSchema(root, next);
    }
  }
  return node;
}

export interface Suggestion {
  label: string;
  insert: string;
  detail?: string;
  documentation?: string;
  kind: 'property' | 'value';
}

/** What to offer at a position: missing keys of the mapping, or the enum/boolean values of a key. */
export function suggest(root: JsonSchema, text: string, pos: Position): Suggestion[] {
  const at = pathAt(text, pos);
  const node = schemaAt(root, at.path);
  if (!node) return [];
  if (at.mode === 'value') {
    const values = node.enum ?? (typeOf(node) === 'boolean' ? [true, false] : []);
    return values.map((v) => ({
      label: String(v),
      insert: String(v),
      kind: 'value' as const,
      ...(node.description ? { documentation: node.description } : {}),
    }));
  }
  const present = new Set(at.siblings);
  return Object.entries(node.properties ?? {})
    .filter(([k]) => !present.has(k))
    .map(([k, v]) => {
      const r = resolveSchema(root, v);
      const t = r ? typeOf(r) : undefined;
      const insert = t === 'object' ? `${k}:\n  ` : t === 'array' ? `${k}:\n  - ` : `${k}: `;
      return {
        label: k,
        insert,
        kind: 'property' as const,
        ...(t ? { detail: node.required?.includes(k) ? `${t} (required)` : t } : {}),
        ...(r?.description ? { documentation: r.description } : {}),
      };
    });
}

/** The documentation of the key under the position, for hover. */
export function describe(
  root: JsonSchema,
  text: string,
  pos: Position,
): { key: string; text: string } | undefined {
  const at = pathAt(text, { line: pos.line, column: 1 });
  const raw = text.split('\n')[pos.line - 1] ?? '';
  const key = /^\s*(?:-\s+)?([A-Za-z0-9_.$/-]+)\s*:/.exec(raw)?.[1];
  if (!key) return undefined;
  const start = raw.indexOf(key) + 1;
  if (pos.column < start || pos.column > start + key.length) return undefined;
  const node = schemaAt(root, [...at.path, key]);
  if (!node?.description) return undefined;
  const t = typeOf(node);
  const values = node.enum ? `\n\nOne of: ${node.enum.map((v) => `\`${String(v)}\``).join(', ')}` : '';
  return { key, text: `**${key}**${t ? ` (${t})` : ''}\n\n${node.description}${values}` };
}

function typeOf(node: JsonSchema): string | undefined {
  if (Array.isArray(node.type)) return node.type.filter((t) => t !== 'null').join(' | ');
  if (node.type) return node.type;
  if (node.properties) return 'object';
  if (node['x-kubernetes-int-or-string']) return 'integer | string';
  return undefined;
}
