import type { SourceRef } from '../diagnostics/diagnostic.ts';
import type { FieldPath, ParsedResource } from '../resources/types.ts';

function firstContentLine(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const t = (lines[i] ?? '').trim();
    if (t === '' || t.startsWith('#') || t.startsWith('%') || t === '---' || t.startsWith('--- #')) continue;
    return i;
  }
  return 0;
}

/** Maps an offset in the value of a quoted scalar to a column offset in its raw source line (single line only). */
function quotedColumn(raw: string, offset: number): number | undefined {
  const quote = raw[0];
  let cooked = 0;
  let i = 1;
  while (i < raw.length) {
    if (cooked === offset) return i;
    const c = raw[i];
    if (quote === "'" && c === "'" && raw[i + 1] === "'") i += 2;
    else if (quote === "'" && c === "'") return cooked === offset ? i : undefined;
    else if (quote === '"' && c === '\\') {
      const e = raw[i + 1];
      i += e === 'x' ? 4 : e === 'u' ? 6 : e === 'U' ? 10 : 2;
    } else if (quote === '"' && c === '"') return undefined;
    else i += 1;
    cooked++;
  }
  return undefined;
}

/** Maps an offset in a block or multi-line plain scalar to a line and column, each content line one cooked line. */
function blockPosition(
  lines: string[],
  start: number,
  offset: number,
): { line: number; column: number } | undefined {
  let indent = -1;
  let cooked = 0;
  let end: { line: number; column: number } | undefined;
  for (let k = start; k < lines.length; k++) {
    const text = (lines[k] ?? '').replace(/\r$/, '');
    if (text.trim() === '') {
      cooked += 1;
      continue;
    }
    const lead = text.length - text.trimStart().length;
    if (indent < 0) indent = lead;
    if (lead < indent) break;
    const content = text.slice(indent);
    if (offset <= cooked + content.length) return { line: k, column: indent + (offset - cooked) };
    cooked += content.length + 1;
    end = { line: k, column: text.length };
  }
  // Past the last line (the rule's end, or its trailing newline): point just after the last character.
  return end;
}

/**
 * The file position of character `offset` inside the string value at `path`: the value's own position plus the
 * offset, through quotes, escapes and block scalars. Falls back to the value's start when the layout is unusual.
 */
export function locateInScalar(
  r: ParsedResource,
  path: FieldPath,
  offset: number,
  length?: number,
): SourceRef {
  const at = r.locate(path);
  const result: SourceRef = { ...at };
  if (length !== undefined) result.length = length;
  const lines = r.text.split('\n');
  const base = r.line - 1 - firstContentLine(lines);
  const index = at.line - 1 - base;
  const raw = (lines[index] ?? '').slice(at.column - 1).replace(/\r$/, '');
  if (raw === '') return result;
  const first = raw[0];
  if (first === '"' || first === "'") {
    const col = quotedColumn(raw, offset);
    if (col !== undefined) result.column = at.column + col;
    return result;
  }
  if (first === '|' || first === '>') {
    const pos = blockPosition(lines, index + 1, offset);
    if (pos !== undefined) {
      result.line = pos.line + 1 + base;
      result.column = pos.column + 1;
    }
    return result;
  }
  // A plain scalar: on its own line as long as the offset stays within it (a trailing comment is not the value).
  const own = raw.replace(/\s+#.*$/, '').trimEnd();
  if (offset <= own.length) {
    result.column = at.column + offset;
    return result;
  }
  const pos = blockPosition(lines, index + 1, offset - own.length - 1);
  if (pos !== undefined) {
    result.line = pos.line + 1 + base;
    result.column = pos.column + 1;
  }
  return result;
}
