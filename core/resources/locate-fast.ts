import type { SourceRef } from '../diagnostics/diagnostic.ts';
import { formatPath, type PositionOf } from './locate.ts';
import type { FastTree } from './parse-fast.ts';
import { CHILD, MAP, SEQ } from './parse-fast-parser.ts';
import type { FieldPath } from './types.ts';

/** The index of the entry of collection `p` at one path segment, as locate.ts finds a child; -1 when there is none. */
function entryIndex(tree: FastTree, p: number, seg: string | number): number {
  const n = tree.nodes[p + 2] as number;
  if (tree.nodes[p] === SEQ)
    return typeof seg === 'number' && Number.isInteger(seg) && seg >= 0 && seg < n ? seg : -1;
  // Keys on the fast path are strings, so this is locate.ts's comparison.
  const key = String(seg);
  const first = tree.nodes[p + 3] as number;
  for (let j = 0; j < n; j++) if (tree.keys[first + j] === key) return j;
  return -1;
}

/**
 * `locateNode` for a tree of the fast parser: the same positions for the same text. Falls back to the nearest
 * existing ancestor; `length` is set for a scalar found at the full path.
 */
export function locateFastNode(
  tree: FastTree,
  positionOf: PositionOf,
  file: string,
  path: FieldPath,
  fallbackOffset: number,
  opts?: { key?: boolean },
): SourceRef {
  const nodes = tree.nodes;
  // The collection being descended into; -1 once the path reaches a scalar.
  let node = tree.root;
  // The target's span; `end` is -1 for a collection, and `start` -1 when nothing is targeted.
  let start = tree.start;
  let end = -1;
  let found = 0;
  for (let i = 0; i < path.length && node >= 0; i++) {
    const index = entryIndex(tree, node, path[i] as string | number);
    if (index < 0) break;
    found = i + 1;
    const isMap = nodes[node] === MAP;
    const stride = isMap ? 4 : 2;
    const entry = node + 4 + index * stride;
    const at = entry + stride - 2;
    // The value's end, or the encoded child collection.
    const value = nodes[at + 1] as number;
    if (i === path.length - 1 && opts?.key) {
      // As locate.ts: the key of a sequence item is nothing, which falls back to the document's start.
      start = isMap ? (nodes[entry] as number) : -1;
      end = isMap ? (nodes[entry + 1] as number) : -1;
    } else {
      start = nodes[at] as number;
      end = value >= 0 ? value : -1;
    }
    node = value >= 0 ? -1 : CHILD - value;
  }
  const pos = positionOf(start < 0 ? fallbackOffset : start);
  const ref: SourceRef = { file, line: pos.line, column: pos.col, path: formatPath(path) };
  if (found === path.length && start >= 0 && end >= 0) ref.length = end - start;
  return ref;
}

/** Offset to 1-based line and column through a table of line starts built once per file. */
export function lineTable(text: string): PositionOf {
  // One scan of the text (a typed array needed a first scan to count the lines).
  const starts: number[] = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - (starts[lo] as number) + 1 };
  };
}
