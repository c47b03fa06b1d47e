import type { Diagnostic } from '../../../../../../core/index.ts';
import type { NodeProblem } from './types.ts';

/**
 * One entry per problem: an element's own error text and the diagnostic describing the same problem (the
 * resolver records both) become one problem carrying the diagnostic's code and place.
 */
export function nodeProblems(
  elementErrors: readonly string[],
  diagnostics: readonly Diagnostic[],
): NodeProblem[] {
  const out: NodeProblem[] = diagnostics.map(fromDiagnostic);
  for (const text of elementErrors) {
    if (out.some((p) => sameProblem(p, text))) continue;
    out.push({ message: text, severity: 'error' });
  }
  return dedupe(out);
}

/** A problem from one diagnostic, with the place and resource to open the editor at. */
export function fromDiagnostic(d: Diagnostic): NodeProblem {
  const p: NodeProblem = { message: d.message, code: d.code, severity: d.severity };
  if (d.source.file) p.place = { file: d.source.file, line: d.source.line, column: d.source.column };
  if (d.object) {
    p.resource = { kind: d.object.kind, namespace: d.object.namespace ?? 'default', name: d.object.name };
  }
  return p;
}

/** The one-line text of a problem: `CODE: message`, or the message alone. */
export function problemText(p: NodeProblem): string {
  return p.code ? `${p.code}: ${p.message}` : p.message;
}

/** `file:line:col`, the way editors and terminals link places. */
export function placeText(place: NonNullable<NodeProblem['place']>): string {
  return `${place.file}:${place.line}:${place.column}`;
}

/**
 * Whether an element's error text says what a diagnostic says: the same text, or, for an unresolved reference
 * (REF codes), the same quoted name (the resolver words its finding differently from the element's error).
 */
function sameProblem(p: NodeProblem, text: string): boolean {
  const x = p.message.trim();
  const y = text.trim();
  if (x === y || x.includes(y) || y.includes(x)) return true;
  if (!p.code?.startsWith('REF')) return false;
  return [...y.matchAll(/"([^"]{3,})"/g)].some((m) => x.includes(m[1]!));
}

function dedupe(problems: NodeProblem[]): NodeProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${problemText(p)}@${p.place ? placeText(p.place) : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
