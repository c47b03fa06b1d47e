import type { Tags } from 'yaml';
import { CHILD, DASH, FastParser, HASH, MAP, NEWLINE, SPACE } from './parse-fast-parser.ts';
import { PlainScalars, ScalarCache, UNSUPPORTED } from './parse-fast-scalars.ts';

/**
 * The fast path of manifest parsing: one pass over the block-style YAML that Kubernetes tools write (block maps and
 * sequences, single-line plain and quoted scalars, single-line flow collections, comments). At the first thing
 * outside that subset (anchors, aliases, tags, block or multi-line scalars, merge keys, directives, tabs, CR, BOM,
 * duplicate keys, non-string keys, any error) it gives up and the caller parses the file with the `yaml` package,
 * so what it returns is what the `yaml` package gives for the same text: documents, values and node positions.
 * Why: on 5 MB of manifests the `yaml` package's lexer alone costs more than the whole parse budget.
 */

/**
 * The collections of one document of the fast parser, offsets only, flat: two arrays per document instead of
 * objects per collection (the trees live as long as the parsed objects; fewer objects is less garbage-collector
 * work). Scalars are no nodes of their own: their offsets are in the parent's entries.
 *
 * A collection at index `p` of `nodes` is `kind` ({@link MAP} or {@link SEQ}), start offset, entry count, index of
 * its first key in `keys`, then per entry: for a map key start, key end, value start, value end; for a sequence
 * value start, value end. When the value is a collection, `CHILD - <its index>` stands in the value end's place.
 */
export interface FastTree {
  nodes: number[];
  /** The keys of the maps, each map's keys in order from its first-key index. */
  keys: string[];
  /** The index of the document's top collection, and its start offset. */
  root: number;
  start: number;
}

/** One document: its character range in the file, its tree and value (`root` null for an empty document). */
export interface FastDocument {
  start: number;
  end: number;
  root: FastTree | null;
  value: unknown;
}

/** True when the last value of a tree is an empty scalar (`key:` with nothing after it). */
function endsEmpty(tree: FastTree): boolean {
  const nodes = tree.nodes;
  let p = tree.root;
  for (;;) {
    const n = nodes[p + 2] as number;
    if (n === 0) return false;
    const last = p + 4 + n * (nodes[p] === MAP ? 4 : 2) - 1;
    const value = nodes[last] as number;
    if (value >= 0) return value === nodes[last - 1];
    p = CHILD - value;
  }
}

/** The start of the next line when a `---` marker line starts at `i` (nothing but a comment after it). */
function markerEnd(text: string, i: number): number | undefined {
  if (!text.startsWith('---', i)) return undefined;
  const c = i + 3 < text.length ? text.charCodeAt(i + 3) : NEWLINE;
  if (c === NEWLINE) return Math.min(i + 4, text.length);
  if (c !== SPACE) return undefined;
  let j = i + 3;
  while (text.charCodeAt(j) === SPACE) j++;
  const d = j < text.length ? text.charCodeAt(j) : NEWLINE;
  if (d !== NEWLINE && d !== HASH) throw UNSUPPORTED;
  const n = text.indexOf('\n', j);
  return n < 0 ? text.length : n + 1;
}

/**
 * True when the text holds a character the fast path leaves to the yaml package: CR, tab, other controls, the
 * BOM, and NEL, LS and PS (line breaks in YAML 1.1).
 */
function hasUnsupportedChar(text: string): boolean {
  // One regular expression scan: V8 runs it several times faster than a loop over the code units.
  return UNSUPPORTED_CHAR.test(text);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what it finds.
const UNSUPPORTED_CHAR = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

// Per schema (the custom tags decide what a plain scalar resolves to): the resolver and the caches of recent scalars.
const scalarsByTags = new WeakMap<
  (tags: Tags) => Tags,
  { scalars: PlainScalars; keys: ScalarCache; values: ScalarCache }
>();

/**
 * Parses a whole file on the fast path; `undefined` when the file needs the `yaml` package. Documents are split as
 * the `yaml` package splits them: a document ends where the next `---` line starts, the last at the end of the
 * file, and text before the first `---` that holds no content belongs to the first document.
 */
export function parseFast(text: string, customTags: (tags: Tags) => Tags): FastDocument[] | undefined {
  if (hasUnsupportedChar(text)) return undefined;
  let schema = scalarsByTags.get(customTags);
  if (schema === undefined) {
    schema = { scalars: new PlainScalars(customTags), keys: new ScalarCache(), values: new ScalarCache() };
    scalarsByTags.set(customTags, schema);
  }
  try {
    const parser = new FastParser(text, schema.scalars, schema.keys, schema.values);
    const segments: { start: number; content: number; end: number }[] = [];
    let start = 0;
    let content = 0;
    for (let i = 0; i < text.length; ) {
      const c = text.charCodeAt(i);
      // `...` (document end) and `%` (directives) are left to the yaml package.
      if (c === 37 || (c === 46 && text.startsWith('...', i))) return undefined;
      const e = c === DASH ? markerEnd(text, i) : undefined;
      if (e !== undefined) {
        segments.push({ start, content, end: i });
        start = i;
        content = e;
      }
      const n = text.indexOf('\n', i);
      if (n < 0) break;
      i = n + 1;
    }
    segments.push({ start, content, end: text.length });
    const first = segments[0] as { end: number };
    const skipFirst = segments.length > 1 && parser.nextContent(0, first.end) >= first.end;
    const docs: FastDocument[] = [];
    for (let k = skipFirst ? 1 : 0; k < segments.length; k++) {
      const seg = segments[k] as { start: number; content: number; end: number };
      const { root, value } = parser.document(seg.content, seg.end);
      // Where a document that is, or ends with, an empty value ends depends on the yaml package's token
      // bookkeeping (the newline after it goes to the next document); such files are left to it.
      if (k < segments.length - 1 && (root === null || endsEmpty(root))) return undefined;
      docs.push({ start: k === 1 && skipFirst ? 0 : seg.start, end: seg.end, root, value });
    }
    return docs;
  } catch (err) {
    if (err === UNSUPPORTED) return undefined;
    // A stack overflow on absurd nesting: the yaml package reports it.
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}
