import type { Diagnostic } from '../../../../../../core/index.ts';
import type { ApiErrorDetail } from '../../../api/client.ts';
import type { ResourceRef } from '../../../api/types.ts';

/** A problem at a place in the editor's text (1-based line and column). */
export interface Problem {
  line: number;
  column: number;
  endColumn?: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  code?: string;
}

/** The 1-based line, inside the document text, of its first content line (after comments and `---`). */
export function contentLine(yaml: string): number {
  const lines = yaml.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t === '' || t.startsWith('#') || t.startsWith('---') || t.startsWith('%')) continue;
    return i + 1;
  }
  return 1;
}

/**
 * Maps `<line>:<column>` in the document's file onto the editor's text, given the file line of the document's
 * first content line; undefined when malformed or outside the document.
 */
export function fileLineToEditor(
  yaml: string,
  originLine: number,
  at: string,
): { line: number; column: number } | undefined {
  const m = /^(\d+):(\d+)$/.exec(at);
  if (!m) return undefined;
  const line = Number(m[1]) - originLine + contentLine(yaml);
  if (line < 1 || line > yaml.split('\n').length) return undefined;
  return { line, column: Math.max(1, Number(m[2])) };
}

export interface DocPlace {
  /** The file the document lives in (or will, for a new resource). */
  file?: string;
  /** File line of the document's first content line (the server's `origin.line`). */
  line: number;
}

/**
 * Maps the dry run's diagnostics onto the editor's text: those in the edited document's file, at lines inside
 * it, or about the edited object. Diagnostics elsewhere in the configuration stay out of the problems list.
 */
export function diagnosticsToProblems(
  diagnostics: readonly Diagnostic[],
  yaml: string,
  place: DocPlace,
  ref: ResourceRef | undefined,
): Problem[] {
  const lineCount = yaml.split('\n').length;
  const shift = contentLine(yaml) - place.line;
  const out: Problem[] = [];
  for (const d of diagnostics) {
    const sameFile = place.file !== undefined && d.source.file === place.file;
    const sameObject =
      ref !== undefined &&
      d.object !== undefined &&
      d.object.kind === ref.kind &&
      d.object.name === ref.name &&
      (d.object.namespace ?? 'default') === ref.namespace;
    if (!sameFile && !sameObject) continue;
    const line = sameFile ? d.source.line + shift : undefined;
    if (line !== undefined && (line < 1 || line > lineCount)) continue;
    out.push({
      line: line ?? 1,
      column: line !== undefined ? d.source.column : 1,
      ...(d.source.length && line !== undefined ? { endColumn: d.source.column + d.source.length } : {}),
      severity: d.severity,
      message: `${d.code}: ${d.message}`,
      code: d.code,
    });
  }
  return sortProblems(out);
}

/** A 422's details are already relative to the submitted text. */
export function detailsToProblems(details: readonly ApiErrorDetail[]): Problem[] {
  return sortProblems(
    details.map((d) => ({
      line: d.line ?? 1,
      column: d.column ?? 1,
      severity: 'error' as const,
      message: d.path ? `${d.message} (${d.path})` : d.message,
    })),
  );
}

export function sortProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .filter((p) => {
      const key = `${p.line}:${p.column}:${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The text a problems list item shows: `<line>:<column> <message>` (DOM contract). */
export function problemText(p: Problem): string {
  return `${p.line}:${p.column} ${p.message}`;
}

/** Why Save is refused, or undefined when the draft may be saved. */
export function saveBlocker(problems: readonly Problem[], pending: boolean): string | undefined {
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    return `${errors.length} error${errors.length === 1 ? '' : 's'}: ${problemText(errors[0]!)}`;
  }
  if (pending) return 'checking…';
  return undefined;
}
