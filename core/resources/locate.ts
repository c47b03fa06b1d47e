import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { SourceRef } from '../diagnostics/diagnostic.ts';
import type { FieldPath } from './types.ts';

const IDENT = /^[A-Za-z_$][\w$]*$/;

/**
 * Formats a field path the way diagnostics show it: `spec.routes[0].match`; keys that are not plain identifiers are
 * quoted, e.g. `metadata.annotations["kubernetes.io/ingress.class"]`.
 *
 * @example
 * formatPath(['spec', 'routes', 0, 'match']); // 'spec.routes[0].match'
 */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENT.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Finds the child node (and its key node) of a map or sequence at one path segment. */
function child(node: unknown, seg: string | number): { key?: Node; value: Node | null } | undefined {
  if (isSeq(node) && typeof seg === 'number') {
    const item = node.items[seg];
    return item === undefined ? undefined : { value: item as Node | null };
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const k = isScalar(pair.key) ? pair.key.value : pair.key;
      if (k === seg || (typeof seg === 'number' && k === String(seg)) || String(k) === String(seg)) {
        return { key: pair.key as Node, value: pair.value as Node | null };
      }
    }
  }
  return undefined;
}

/** Maps a character offset in the file to its 1-based line and column. */
export type PositionOf = (offset: number) => { line: number; col: number };

/**
 * Locates `path` in a parsed YAML document tree; falls back to the nearest existing ancestor. Positions are
 * absolute in the file.
 */
export function locateNode(
  root: Node | null,
  positionOf: PositionOf,
  file: string,
  path: FieldPath,
  fallbackOffset: number,
  opts?: { key?: boolean },
): SourceRef {
  let node: Node | null = root;
  let target: Node | null | undefined = root;
  let found = 0;
  for (let i = 0; i < path.length; i++) {
    const next = child(node, path[i] as string | number);
    if (next === undefined) break;
    found = i + 1;
    const last = i === path.length - 1;
    // A key without a value (`match:`) still has a position: point at the key.
    target = last && opts?.key ? next.key : (next.value ?? next.key);
    node = next.value;
  }
  const range = target?.range;
  const offset = range ? range[0] : fallbackOffset;
  const pos = positionOf(offset);
  const ref: SourceRef = { file, line: pos.line, column: pos.col, path: formatPath(path) };
  if (found === path.length && range && isScalar(target)) ref.length = range[1] - range[0];
  return ref;
}
