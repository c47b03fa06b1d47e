import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Scalar } from 'yaml';
import { parseRule, RuleSyntaxError } from '../../../../../../core/index.ts';
import type { Problem } from './problems.ts';

/**
 * Client-side checks that need no round trip: YAML syntax, and each `match` rule parsed by core's rule parser,
 * its error marked at the exact column inside the match string.
 */
export function localProblems(yaml: string): Problem[] {
  const lines = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter: lines, prettyErrors: false });
  const out: Problem[] = [];
  for (const err of doc.errors) {
    const pos = lines.linePos(err.pos[0]);
    out.push({
      line: pos.line,
      column: pos.col,
      severity: 'error',
      message: `YAML001: ${err.message.split('\n')[0]}`,
    });
  }
  if (out.length > 0) return out;
  const routes = doc.getIn(['spec', 'routes'], true);
  if (!isSeq(routes)) return out;
  for (const route of routes.items) {
    if (!isMap(route)) continue;
    const match = route.get('match', true);
    if (!isScalar(match) || typeof match.value !== 'string' || !match.range) continue;
    try {
      parseRule(match.value);
    } catch (e) {
      if (!(e instanceof RuleSyntaxError)) throw e;
      const start = match.range[0] + valueOffset(match, yaml, e.offset);
      const pos = lines.linePos(start);
      out.push({
        line: pos.line,
        column: pos.col,
        endColumn: pos.col + Math.max(1, e.length),
        severity: 'error',
        message: `${e.code}: ${e.message}`,
        code: e.code,
      });
    }
  }
  return out;
}

/** Offset in the source of the character at `offset` in the scalar's value (quotes and simple escapes counted). */
function valueOffset(node: Scalar, yaml: string, offset: number): number {
  const src = yaml.slice(node.range![0], node.range![1]);
  if (node.type === 'PLAIN') return offset;
  if (node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE') {
    // Walk the source, counting escaped characters as one value character.
    let v = 0;
    for (let i = 1; i < src.length; i++) {
      if (v === offset) return i;
      const c = src[i];
      if (node.type === 'QUOTE_SINGLE' && c === "'" && src[i + 1] === "'") i++;
      else if (node.type === 'QUOTE_DOUBLE' && c === '\\') i++;
      v++;
    }
    return src.length - 1;
  }
  // Block scalars: the value starts on the next line, after the indentation.
  const nl = src.indexOf('\n');
  const indent = /^[ \t]*/.exec(src.slice(nl + 1))?.[0].length ?? 0;
  return nl + 1 + indent + offset;
}
