import type { HttpRequest } from '../request.ts';
import { RuleSyntaxError } from './errors.ts';
import { explainNode } from './explain.ts';
import { MATCHERS, type Matcher, MatcherArgError } from './matchers.ts';
import { parseRule } from './parser.ts';
import { astPriority } from './priority.ts';
import { RequestView } from './request-view.ts';
import { type V2SyntaxHint, v2SyntaxHints } from './syntax.ts';
import type { ExplainNode, MatcherNode, RuleNode } from './types.ts';

/** A rule compiled once, to be matched against many requests. */
export interface CompiledRule {
  /** The rule text as given. */
  readonly rule: string;
  readonly ast: RuleNode;
  /** The rule's default priority (`rulePriority`). */
  readonly priority: number;
  /** Traefik v2 forms that v3 accepts but reads literally (warnings, not errors). */
  readonly hints: readonly V2SyntaxHint[];
  matches(req: HttpRequest): boolean;
  /** Evaluates every clause (no short-circuit), for showing which one failed. */
  explain(req: HttpRequest): ExplainNode;
  /** `matches` on a view that is shared by the rules a router table tries. */
  test(view: RequestView): boolean;
}

/** An AST node with its built matchers, the form both evaluation and explain walk. */
export type CompiledNode =
  | { kind: 'and' | 'or'; node: RuleNode; left: CompiledNode; right: CompiledNode }
  | { kind: 'not'; node: RuleNode; operand: CompiledNode }
  | { kind: 'matcher'; node: MatcherNode; matcher: Matcher };

/**
 * Parses and compiles a rule: regexps compiled (RE2, linear time), CIDRs parsed, values checked.
 *
 * @throws RuleSyntaxError for a syntax error or a value Traefik refuses (bad regexp, bad CIDR,
 * a path without a leading '/', a non-ASCII host).
 * @example
 * const rule = compileRule('Host(`shop.example.com`) && PathPrefix(`/api`)');
 * rule.matches({ method: 'GET', url: 'https://shop.example.com/api/cart', headers: {} }); // true
 */
export function compileRule(text: string): CompiledRule {
  const ast = parseRule(text);
  const root = build(ast);
  const test = (view: RequestView): boolean => evaluate(root, view);
  return {
    rule: text,
    ast,
    priority: astPriority(text, ast),
    hints: v2SyntaxHints(ast, text),
    test,
    matches: (req) => test(new RequestView(req)),
    explain: (req) => explainNode(root, new RequestView(req), text),
  };
}

function build(node: RuleNode): CompiledNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { kind: node.kind, node, left: build(node.left), right: build(node.right) };
    case 'not':
      return { kind: 'not', node, operand: build(node.operand) };
    default: {
      const builder = MATCHERS[node.name];
      if (!builder)
        throw new RuleSyntaxError(
          `unknown matcher ${node.name}`,
          node.nameSpan.start,
          node.nameSpan.end - node.nameSpan.start,
        );
      try {
        return { kind: 'matcher', node, matcher: builder(node.args.map((a) => a.value)) };
      } catch (err) {
        if (!(err instanceof MatcherArgError)) throw err;
        const arg = node.args[err.arg] ?? node.args[0];
        const span = arg ?? node;
        throw new RuleSyntaxError(err.message, span.start, span.end - span.start);
      }
    }
  }
}

/** Evaluates with short-circuits, as Traefik's `matchersTree.match` does. */
export function evaluate(c: CompiledNode, view: RequestView): boolean {
  switch (c.kind) {
    case 'and':
      return evaluate(c.left, view) && evaluate(c.right, view);
    case 'or':
      return evaluate(c.left, view) || evaluate(c.right, view);
    case 'not':
      return !evaluate(c.operand, view);
    default:
      return c.matcher.test(view);
  }
}
