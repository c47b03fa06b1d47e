import type { CompiledNode } from './compile.ts';
import type { RequestView } from './request-view.ts';
import type { ExplainNode } from './types.ts';

/** Evaluates every clause of a compiled rule and records each verdict. */
export function explainNode(c: CompiledNode, view: RequestView, text: string): ExplainNode {
  const { start, end } = c.node;
  const base = { kind: c.kind, text: text.slice(start, end), start, end };
  switch (c.kind) {
    case 'and':
    case 'or': {
      const children = [explainNode(c.left, view, text), explainNode(c.right, view, text)];
      const [l, r] = children as [ExplainNode, ExplainNode];
      return { ...base, result: c.kind === 'and' ? l.result && r.result : l.result || r.result, children };
    }
    case 'not': {
      const child = explainNode(c.operand, view, text);
      return { ...base, result: !child.result, children: [child] };
    }
    default:
      return {
        ...base,
        result: c.matcher.test(view),
        matcher: c.node.name,
        args: c.node.args.map((a) => a.value),
        reason: c.matcher.describe(view),
      };
  }
}

/**
 * The matcher clauses that made a rule fail: change any one of their verdicts and the rule's
 * verdict moves towards a match. Empty when the rule matched. A router whose list has one entry
 * missed on exactly one clause (a "closest miss").
 *
 * @example
 * failingClauses(compileRule('Host(`a.com`) && Path(`/x`)').explain(req)).map((n) => n.text);
 */
export function failingClauses(explain: ExplainNode): ExplainNode[] {
  return explain.result ? [] : culprits(explain, true);
}

// The leaves keeping `node` from evaluating to `target` (its result is !target).
function culprits(node: ExplainNode, target: boolean): ExplainNode[] {
  const children = node.children ?? [];
  switch (node.kind) {
    case 'matcher':
      return [node];
    case 'not':
      return children[0] ? culprits(children[0], !target) : [];
    default:
      // AND and OR alike: every child on the wrong side has to change for the node to. (To make
      // an AND true, fix each false child; to make it false, any true child will do; OR mirrors.)
      return children.filter((ch) => ch.result !== target).flatMap((ch) => culprits(ch, target));
  }
}
