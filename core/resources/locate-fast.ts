import type { SourceRef } from '../diagnostics/diagnostic.ts';
import { formatPath, type PositionOf } from './locate.ts';
import type { FastCollection } from './parse-fast.ts';
import type { FieldPath } from './types.ts';

/** The index of the entry of `node` at one path segment, as locate.ts finds a child; -1 when there is none. */
function entryIndex(node: FastCollection, seg: string | number): number {
  if (node.kind === 'seq') {
    return typeof seg === 'number' && Number.isInteger(seg) && seg >= 0 && seg < node.spans.length / 2
      ? seg
      : -1;
  }
  // Keys on the fast path are strings, so this is locate.ts's comparison.
  return node.keys.indexOf(String(seg));
}

/**
 * `locateNode` for a tree of the fast parser: the same positions for the same text. Falls back to the nearest
 * existing ancestor; `length` is set for a scalar found at the full path.
 */
export function locateFastNode(
  root: FastCollection,
  positionOf: PositionOf,
  file: string,
  path: FieldPath,
  fallbackOffset: number,
  opts?: { key?: boolean },
): SourceRef {
  let node: FastCollection | undefined = root;
  // The target's span; `end` is -1 for a collection, and `start` -1 when nothing is targeted.
  let start = root.start;
  let end = -1;
  let found = 0;
  for (let i = 0; i < path.length && node !== undefined; i++) {
    const index = entryIndex(node, path[i] as string | number);
    if (index < 0) break;
    found = i + 1;
    const stride: number = node.kind === 'map' ? 4 : 2;
    const at: number = index * stride + stride - 2;
    // The value's end, or the value itself when it is a collection.
    const value: number | FastCollection | undefined = node.spans[at + 1];
    if (i === path.length - 1 && opts?.key) {
      // As locate.ts: the key of a sequence item is nothing, which falls back to the document's start.
      start = node.kind === 'map' ? (node.spans[index * 4] as number) : -1;
      end = node.kind === 'map' ? (node.spans[index * 4 + 1] as number) : -1;
    } else {
      start = node.spans[at] as number;
      end = typeof value === 'number' ? value : -1;
    }
    node = typeof value === 'number' ? undefined : value;
  }
  const pos = positionOf(start < 0 ? fallbackOffset : start);
  const ref: SourceRef = { file, line: pos.line, column: pos.col, path: formatPath(path) };
  if (found === path.length && start >= 0 && end >= 0) ref.length = end - start;
  return ref;
}

/** Offset to 1-based line and column through a table of line starts built once per file. */
export function lineTable(text: string): PositionOf {
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  const starts = new Uint32Array(lines);
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
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
