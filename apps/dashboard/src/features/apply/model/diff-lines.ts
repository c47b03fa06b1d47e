/** One line of a unified diff, classified for rendering. */
export interface DiffLine {
  kind: 'add' | 'del' | 'ctx' | 'hunk' | 'file';
  text: string;
  /** Line numbers in the old and new file, when the line has them. */
  oldLine?: number;
  newLine?: number;
}

/** Parses a unified diff into classified lines with old and new line numbers. */
export function parseUnifiedDiff(diff: string): DiffLine[] {
  const out: DiffLine[] = [];
  let oldLine = 0;
  let newLine = 0;
  for (const text of diff.split('\n')) {
    // The `Index:` and `====` banner lines of createTwoFilesPatch say nothing the file lines do not.
    if (text.startsWith('Index:') || text.startsWith('====')) continue;
    if (text.startsWith('--- ') || text.startsWith('+++ ')) {
      out.push({ kind: 'file', text });
      continue;
    }
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk) {
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      out.push({ kind: 'hunk', text });
      continue;
    }
    if (text.startsWith('+')) out.push({ kind: 'add', text: text.slice(1), newLine: newLine++ });
    else if (text.startsWith('-')) out.push({ kind: 'del', text: text.slice(1), oldLine: oldLine++ });
    else if (text.startsWith(' '))
      out.push({ kind: 'ctx', text: text.slice(1), oldLine: oldLine++, newLine: newLine++ });
    else if (text.startsWith('\\')) out.push({ kind: 'ctx', text });
  }
  return out;
}

/** Counts of added and removed lines, for the dialog's summary. */
export function diffStats(lines: readonly DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.kind === 'add') added++;
    else if (l.kind === 'del') removed++;
  }
  return { added, removed };
}
