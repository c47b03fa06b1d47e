import { RuleSyntaxError } from './errors.ts';
import { type Token, tokenize } from './lexer.ts';
import { checkMatcherCall, resolveMatcherName } from './syntax.ts';
import type { MatcherNode, RuleArg, RuleNode } from './types.ts';

// Deeper nesting than this is no real rule; the bound keeps recursion off the stack limit.
const MAX_DEPTH = 256;

/**
 * Parses a Traefik v3 rule into an AST with source spans.
 *
 * Precedence is Go's, as Traefik parses rules with Go's expression parser: `!` binds tightest,
 * then `&&`, then `||`; both binary operators are left-associative.
 *
 * @throws RuleSyntaxError (RULE001, or RULE002 for Traefik v2 syntax).
 * @example
 * parseRule('Host(`a.example.com`) && !PathPrefix(`/admin`)').kind; // 'and'
 */
export function parseRule(text: string): RuleNode {
  if (text.trim() === '') throw new RuleSyntaxError('empty rule', 0, text.length);
  const p = new Parser(text, tokenize(text));
  const node = p.parseOr(0);
  const tok = p.peek();
  if (tok.kind !== 'eof') throw p.unexpected(tok, `expected '&&', '||' or the end of the rule`);
  return node;
}

class Parser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  peek(): Token {
    return this.tokens[this.pos] as Token;
  }

  private next(): Token {
    const tok = this.tokens[this.pos] as Token;
    if (tok.kind !== 'eof') this.pos++;
    return tok;
  }

  unexpected(tok: Token, expected: string): RuleSyntaxError {
    if (tok.kind === 'eof')
      return new RuleSyntaxError(`unexpected end of rule: ${expected}`, this.text.length, 0);
    const shown = tok.kind === 'string' ? 'string' : `'${this.text.slice(tok.start, tok.end)}'`;
    return new RuleSyntaxError(`unexpected ${shown}: ${expected}`, tok.start, tok.end - tok.start);
  }

  parseOr(depth: number): RuleNode {
    let left = this.parseAnd(depth);
    while (this.peek().kind === '||') {
      this.next();
      const right = this.parseAnd(depth);
      left = { kind: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseAnd(depth: number): RuleNode {
    let left = this.parseUnary(depth);
    while (this.peek().kind === '&&') {
      this.next();
      const right = this.parseUnary(depth);
      left = { kind: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseUnary(depth: number): RuleNode {
    const tok = this.peek();
    if (depth > MAX_DEPTH) throw new RuleSyntaxError('rule is nested too deeply', tok.start, 1);
    if (tok.kind === '!') {
      this.next();
      const operand = this.parseUnary(depth + 1);
      return { kind: 'not', operand, start: tok.start, end: operand.end };
    }
    if (tok.kind === '(') {
      this.next();
      const inner = this.parseOr(depth + 1);
      const close = this.next();
      if (close.kind !== ')')
        throw this.unexpected(close, `expected ')' to close the '(' at offset ${tok.start}`);
      // The node takes the parentheses' span, so that its text and its parent's stay balanced.
      return { ...inner, start: tok.start, end: close.end };
    }
    if (tok.kind === 'ident') return this.parseMatcher();
    throw this.unexpected(tok, "expected a matcher such as Host(`example.com`), '!' or '('");
  }

  private parseMatcher(): MatcherNode {
    const nameTok = this.next();
    const open = this.next();
    if (open.kind !== '(') {
      throw new RuleSyntaxError(
        `'${nameTok.value}' must be called with its values, e.g. ${nameTok.value}(\`...\`)`,
        nameTok.start,
        nameTok.end - nameTok.start,
      );
    }
    const name = resolveMatcherName(nameTok);
    const args: RuleArg[] = [];
    for (;;) {
      const tok = this.next();
      if (tok.kind === ')') {
        const node: MatcherNode = {
          kind: 'matcher',
          name,
          nameSpan: { start: nameTok.start, end: nameTok.end },
          args,
          start: nameTok.start,
          end: tok.end,
        };
        checkMatcherCall(node, this.text);
        return node;
      }
      if (tok.kind !== 'string') throw this.unexpected(tok, "expected a quoted value or ')'");
      args.push({ value: tok.value, quote: tok.quote ?? '`', start: tok.start, end: tok.end });
      // Go accepts a trailing comma before the closing parenthesis.
      const sep = this.peek();
      if (sep.kind === ',') this.next();
      else if (sep.kind !== ')') throw this.unexpected(sep, "expected ',' or ')'");
    }
  }
}
