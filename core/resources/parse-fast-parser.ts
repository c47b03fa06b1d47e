import type { FastTree } from './parse-fast.ts';
import {
  PLAIN_START,
  type PlainScalars,
  quotedValue,
  type ScalarCache,
  UNSUPPORTED,
} from './parse-fast-scalars.ts';

// The block and flow grammar of the fast path (see parse-fast.ts for the subset and why).

export const SPACE = 32;
export const NEWLINE = 10;
export const HASH = 35;
const COLON = 58;
export const DASH = 45;

/**
 * Entries are pushed onto the parser's scratch stacks; a finished collection moves its region to the document's
 * flat tree, and each document keeps exact-length copies. Why: these trees live as long as the parsed objects, and
 * with three objects per collection (node, keys, spans) they were most of the heap after a parse (on 22,000 objects)
 * and most of what made the garbage collector slow; two arrays per document are far fewer objects to copy.
 */
const EMPTY_KEYS: string[] = [];

/** Collection kinds in a {@link FastTree}, and the encoding of a child collection in a parent's spans. */
export const MAP = 0;
export const SEQ = 1;
export const CHILD = -2;

/** The parser of one file; offsets are absolute in it. */
export class FastParser {
  /** Where the line after the last parsed value starts. */
  private pos = 0;
  /** The last parsed value, and for a scalar its span (for a collection `end` is -1). */
  private value: unknown;
  private start = 0;
  private end = -1;
  /** Scratch stacks for the keys, spans and sequence values of the collections being parsed (see above). */
  private readonly keyStack: string[] = [];
  private readonly spanStack: number[] = [];
  private readonly valueStack: unknown[] = [];
  // The stacks' tops: the arrays are never shortened (setting `length` lower reallocates), only overwritten.
  private keyTop = 0;
  private spanTop = 0;
  private valueTop = 0;
  /** The current document's finished collections and their keys, flat (see {@link FastTree}). */
  private readonly nodes: number[] = [];
  private readonly nodeKeys: string[] = [];
  private nodeTop = 0;
  private nodeKeyTop = 0;

  /**
   * Appends a finished collection to the document's flat tree from the stacks' regions above `keyBase` and
   * `spanBase`, pops those regions, and returns the collection's index.
   */
  private complete(kind: number, start: number, keyBase: number, spanBase: number): number {
    const keys = this.keyStack;
    const spans = this.spanStack;
    const nodes = this.nodes;
    const at = this.nodeTop;
    let top = at;
    nodes[top++] = kind;
    nodes[top++] = start;
    nodes[top++] = (this.spanTop - spanBase) / (kind === MAP ? 4 : 2);
    nodes[top++] = this.nodeKeyTop;
    for (let i = spanBase; i < this.spanTop; i++) nodes[top++] = spans[i] as number;
    this.nodeTop = top;
    this.spanTop = spanBase;
    for (let i = keyBase; i < this.keyTop; i++) this.nodeKeys[this.nodeKeyTop++] = keys[i] as string;
    this.keyTop = keyBase;
    return at;
  }

  private pushSpan(n: number): void {
    this.spanStack[this.spanTop++] = n;
  }

  /** The start offset of the finished collection at `node`. */
  private startOf(node: number): number {
    return this.nodes[node + 1] as number;
  }

  /** The sequence values above `base`, popped. */
  private takeValues(base: number): unknown[] {
    const out = this.valueStack.slice(base, this.valueTop);
    this.valueTop = base;
    return out;
  }

  constructor(
    private readonly text: string,
    private readonly scalars: PlainScalars,
    private readonly keys: ScalarCache,
    private readonly values: ScalarCache,
  ) {}

  private code(i: number): number {
    return i < this.text.length ? this.text.charCodeAt(i) : NEWLINE;
  }

  /** A space or the end of the line (or file) at `i`. */
  private isBlank(i: number): boolean {
    const c = this.code(i);
    return c === SPACE || c === NEWLINE;
  }

  private lineEnd(i: number): number {
    const n = this.text.indexOf('\n', i);
    return n < 0 ? this.text.length : n;
  }

  private skipSpaces(i: number): number {
    let j = i;
    while (this.text.charCodeAt(j) === SPACE) j++;
    return j;
  }

  /** The first line from `from` (a line start) up to `end` that is not blank or a comment. */
  nextContent(from: number, end: number): number {
    let i = from;
    while (i < end) {
      const j = this.skipSpaces(i);
      const c = this.code(j);
      if (c !== NEWLINE && c !== HASH) return i;
      i = this.lineEnd(j) + 1;
    }
    return end;
  }

  private indentAt(lineStart: number): number {
    return this.skipSpaces(lineStart) - lineStart;
  }

  private isSeqItem(i: number): boolean {
    return this.text.charCodeAt(i) === DASH && this.isBlank(i + 1);
  }

  /** After a value that ends at `i`, only spaces and a comment may follow; returns the next line start. */
  private endOfLine(i: number): number {
    const j = this.skipSpaces(i);
    const c = this.code(j);
    if (c === HASH && j > i) return this.lineEnd(j) + 1;
    if (c !== NEWLINE) throw UNSUPPORTED;
    return j + 1;
  }

  /** The next content line after an inline value, which must not go on over more indented lines. */
  private afterInline(indent: number, end: number): number {
    const next = this.nextContent(this.pos, end);
    if (next < end && this.indentAt(next) > indent) throw UNSUPPORTED;
    return next;
  }

  /** True when a plain scalar may start at `i`. */
  private plainStart(i: number): boolean {
    const c = this.code(i);
    if (c === DASH) return !this.isBlank(i + 1);
    return c < 128 ? PLAIN_START[c] === 1 : true;
  }

  /** The end of the single-line quoted scalar opening at `i` (after its closing quote). */
  private quotedEnd(i: number): number {
    const q = this.text.charCodeAt(i);
    const e = this.lineEnd(i);
    for (let k = i + 1; k < e; k++) {
      const c = this.text.charCodeAt(k);
      if (q === 34 && c === 92) k++;
      else if (c === q) {
        if (q === 39 && this.text.charCodeAt(k + 1) === 39) k++;
        else return k + 1;
      }
    }
    throw UNSUPPORTED;
  }

  /** The end of a map key starting at `i` (at its `:`), or -1 when no key starts there. */
  private keyEnd(i: number): number {
    const c = this.text.charCodeAt(i);
    if (c === 34 || c === 39) {
      const close = this.quotedEnd(i);
      return this.text.charCodeAt(close) === COLON && this.isBlank(close + 1) ? close : -1;
    }
    const e = this.lineEnd(i);
    for (let k = i; k < e; k++) if (this.text.charCodeAt(k) === COLON && this.isBlank(k + 1)) return k;
    return -1;
  }

  /** The key from `i` to `e` (its `:`). */
  private keyName(i: number, e: number): string {
    const c = this.text.charCodeAt(i);
    if (c === 34 || c === 39) return quotedValue(this.text, i, e);
    const slot = this.keys.slot(this.text, i, e);
    if (slot >= 0 && this.keys.has(slot, this.text, i, e)) return this.keys.get(slot) as string;
    if (!this.plainStart(i)) throw UNSUPPORTED;
    const raw = this.text.slice(i, e);
    if (raw.includes(' #') || raw.endsWith(' ') || raw === '<<') throw UNSUPPORTED;
    const v = this.scalars.resolve(raw);
    if (typeof v !== 'string') throw UNSUPPORTED;
    if (slot >= 0) this.keys.set(slot, raw, v);
    return v;
  }

  /** A block collection whose first line starts at `lineStart` with `indent`. */
  private block(lineStart: number, indent: number, end: number): number {
    if (this.isSeqItem(lineStart + indent)) return this.blockSeq(lineStart, indent, end);
    return this.blockMap(lineStart, indent, indent, end);
  }

  /** The value after `:` or `-` at `i`: inline, a nested block, or empty. Returns the collection, if any. */
  private entryValue(i: number, indent: number, end: number, sameIndentSeq: boolean): number | undefined {
    const c = this.code(i);
    if (c !== NEWLINE && c !== HASH) {
      const node = this.inlineValue(i);
      this.pos = this.afterInline(indent, end);
      return node;
    }
    const next = this.nextContent(this.lineEnd(i) + 1, end);
    const nextIndent = next < end ? this.indentAt(next) : -1;
    if (nextIndent > indent || (sameIndentSeq && nextIndent === indent && this.isSeqItem(next + indent))) {
      const node = this.block(next, nextIndent, end);
      this.start = this.startOf(node);
      this.end = -1;
      return node;
    }
    // An empty value: null, placed after the indicator and its spaces, as the yaml package places it.
    this.value = null;
    this.start = i;
    this.end = i;
    this.pos = next;
    return undefined;
  }

  private blockSeq(lineStart: number, indent: number, end: number): number {
    const spanBase = this.spanTop;
    const valueBase = this.valueTop;
    let line = lineStart;
    while (line < end && this.indentAt(line) === indent && this.isSeqItem(line + indent)) {
      const i = this.skipSpaces(line + indent + 1);
      let child: number | undefined;
      if (this.code(i) !== NEWLINE && this.code(i) !== HASH && this.keyEnd(i) >= 0) {
        child = this.blockMap(line, i - line, indent, end);
        this.start = this.startOf(child);
        this.end = -1;
      } else child = this.entryValue(i, indent, end, false);
      this.pushSpan(this.start);
      this.pushSpan(child === undefined ? this.end : CHILD - child);
      this.valueStack[this.valueTop++] = this.value;
      line = this.nextContent(this.pos, end);
    }
    if (line < end && this.indentAt(line) > indent) throw UNSUPPORTED;
    this.pos = line;
    this.value = this.takeValues(valueBase);
    return this.complete(SEQ, lineStart + indent, this.keyTop, spanBase);
  }

  private blockMap(lineStart: number, indent: number, parentIndent: number, end: number): number {
    const keyBase = this.keyTop;
    const spanBase = this.spanTop;
    const value: Record<string, unknown> = {};
    let line = lineStart;
    let lineIndent = indent;
    while (line < end && lineIndent === indent) {
      const k = line + indent;
      const e = this.keyEnd(k);
      if (e < 0) throw UNSUPPORTED;
      const name = this.keyName(k, e);
      if (name === '__proto__' || Object.hasOwn(value, name)) throw UNSUPPORTED;
      const child = this.entryValue(this.skipSpaces(e + 1), indent, end, true);
      this.keyStack[this.keyTop++] = name;
      this.pushSpan(k);
      this.pushSpan(e);
      this.pushSpan(this.start);
      this.pushSpan(child === undefined ? this.end : CHILD - child);
      value[name] = this.value;
      line = this.nextContent(this.pos, end);
      lineIndent = line < end ? this.indentAt(line) : -1;
      if (lineIndent > indent || (lineIndent > parentIndent && lineIndent < indent)) throw UNSUPPORTED;
    }
    this.pos = line;
    this.value = value;
    return this.complete(MAP, lineStart + indent, keyBase, spanBase);
  }

  /** A value that starts and ends on this line: quoted, flow collection or plain scalar. */
  private inlineValue(i: number): number | undefined {
    const c = this.text.charCodeAt(i);
    if (c === 34 || c === 39) {
      const e = this.quotedEnd(i);
      this.value = quotedValue(this.text, i, e);
      this.start = i;
      this.end = e;
      this.pos = this.endOfLine(e);
      return undefined;
    }
    if (c === 91 || c === 123) {
      const node = this.flow(i);
      this.pos = this.endOfLine(this.flowEnd);
      this.start = i;
      this.end = -1;
      return node;
    }
    if (!this.plainStart(i)) throw UNSUPPORTED;
    const e = this.lineEnd(i);
    let stop = i;
    while (stop < e && !(this.text.charCodeAt(stop) === HASH && this.text.charCodeAt(stop - 1) === SPACE))
      stop++;
    while (stop > i && this.text.charCodeAt(stop - 1) === SPACE) stop--;
    const slot = this.values.slot(this.text, i, stop);
    if (slot >= 0 && this.values.has(slot, this.text, i, stop)) this.value = this.values.get(slot);
    else {
      const raw = this.text.slice(i, stop);
      if (raw.includes(': ') || raw.endsWith(':')) throw UNSUPPORTED;
      this.value = this.scalars.resolve(raw);
      if (slot >= 0) this.values.set(slot, raw, this.value);
    }
    this.start = i;
    this.end = stop;
    this.pos = e + 1;
    return undefined;
  }

  /** Where the last parsed flow collection ends (after its closing bracket). */
  private flowEnd = 0;

  /** A single-line flow collection at `i`. */
  private flow(i: number): number {
    const open = this.text.charCodeAt(i);
    const close = open === 91 ? 93 : 125;
    const keyBase = this.keyTop;
    const spanBase = this.spanTop;
    const valueBase = this.valueTop;
    const dict: Record<string, unknown> = {};
    let k = this.skipSpaces(i + 1);
    if (this.text.charCodeAt(k) !== close) {
      for (;;) {
        if (open === 123) {
          const keyEnd = this.flowScalar(k, true);
          const name = this.value;
          if (typeof name !== 'string' || name === '__proto__' || Object.hasOwn(dict, name))
            throw UNSUPPORTED;
          this.keyStack[this.keyTop++] = name;
          this.pushSpan(k);
          this.pushSpan(keyEnd);
          k = this.skipSpaces(keyEnd + 1);
        }
        let end: number;
        let child: number;
        const c = this.text.charCodeAt(k);
        if (c === 91 || c === 123) {
          child = this.flow(k);
          end = this.flowEnd;
          this.pushSpan(k);
          this.pushSpan(CHILD - child);
        } else {
          end = this.flowScalar(k, false);
          this.pushSpan(k);
          this.pushSpan(end);
        }
        if (open === 123) dict[this.keyStack[this.keyTop - 1] as string] = this.value;
        else this.valueStack[this.valueTop++] = this.value;
        k = this.skipSpaces(end);
        const d = this.text.charCodeAt(k);
        if (d === close) break;
        if (d !== 44) throw UNSUPPORTED;
        k = this.skipSpaces(k + 1);
        if (this.text.charCodeAt(k) === close) throw UNSUPPORTED;
      }
    }
    this.flowEnd = k + 1;
    this.value = open === 91 ? this.takeValues(valueBase) : dict;
    return this.complete(open === 91 ? SEQ : MAP, i, keyBase, spanBase);
  }

  /** A scalar inside a flow collection at `k`; returns its end (for a key, its `:`), its value in `value`. */
  private flowScalar(k: number, isKey: boolean): number {
    const c = this.text.charCodeAt(k);
    if (c === 34 || c === 39) {
      const e = this.quotedEnd(k);
      this.value = quotedValue(this.text, k, e);
      if (isKey && this.text.charCodeAt(e) !== COLON) throw UNSUPPORTED;
      return e;
    }
    if (!this.plainStart(k) || (c === DASH && ',[]{}'.includes(this.text.charAt(k + 1)))) throw UNSUPPORTED;
    let e = k;
    for (;;) {
      const d = this.code(e);
      if (d === NEWLINE || d === 44 || d === 91 || d === 93 || d === 123 || d === 125) break;
      if (d === HASH && this.text.charCodeAt(e - 1) === SPACE) throw UNSUPPORTED;
      if (d === COLON) {
        const n = this.code(e + 1);
        if (n === SPACE || n === NEWLINE || n === 44 || n === 93 || n === 125) {
          if (!isKey || n !== SPACE) throw UNSUPPORTED;
          break;
        }
      }
      e++;
    }
    if (this.code(e) === NEWLINE) throw UNSUPPORTED;
    let stop = e;
    while (stop > k && this.text.charCodeAt(stop - 1) === SPACE) stop--;
    const raw = this.text.slice(k, stop);
    this.value = this.scalars.resolve(raw);
    if (isKey && (stop !== e || raw === '<<')) throw UNSUPPORTED;
    return stop;
  }

  /** Parses one document's content between `start` and `end` (both line starts). */
  document(start: number, end: number): { root: FastTree | null; value: unknown } {
    const first = this.nextContent(start, end);
    if (first >= end) return { root: null, value: null };
    const indent = this.indentAt(first);
    const at = first + indent;
    if (!this.isSeqItem(at) && this.keyEnd(at) < 0) throw UNSUPPORTED;
    this.nodeTop = 0;
    this.nodeKeyTop = 0;
    const root = this.block(first, indent, end);
    if (this.nextContent(this.pos, end) < end) throw UNSUPPORTED;
    const tree: FastTree = {
      nodes: this.nodes.slice(0, this.nodeTop),
      keys: this.nodeKeyTop === 0 ? EMPTY_KEYS : this.nodeKeys.slice(0, this.nodeKeyTop),
      root,
      start: this.startOf(root),
    };
    return { root: tree, value: this.value };
  }
}
