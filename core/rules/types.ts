/** A half-open range of UTF-16 offsets into the rule text: `text.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** One string argument of a matcher, with the span of its literal (quotes included). */
export interface RuleArg extends Span {
  /** The decoded value (escapes of double-quoted strings resolved). */
  value: string;
  quote: '`' | '"';
}

/** A matcher call such as ``Host(`example.com`)``. */
export interface MatcherNode extends Span {
  kind: 'matcher';
  /** The canonical matcher name (`PathPrefix` even when written `pathprefix`). */
  name: string;
  /** The span of the name as written. */
  nameSpan: Span;
  args: RuleArg[];
}

/** `left && right` or `left || right`. */
export interface BinaryNode extends Span {
  kind: 'and' | 'or';
  left: RuleNode;
  right: RuleNode;
}

/** `!operand`. */
export interface NotNode extends Span {
  kind: 'not';
  operand: RuleNode;
}

/** The parsed rule. Parentheses leave no node; a parenthesised node's span includes them. */
export type RuleNode = MatcherNode | BinaryNode | NotNode;

/** The evaluated tree returned by `explain`: every clause with its verdict. */
export interface ExplainNode extends Span {
  kind: 'and' | 'or' | 'not' | 'matcher';
  /** The source text of this clause. */
  text: string;
  result: boolean;
  children?: ExplainNode[];
  /** For a matcher: its canonical name. */
  matcher?: string;
  /** For a matcher: its argument values. */
  args?: string[];
  /** For a matcher: what it compared, e.g. `host "shop.example.com" != "api.example.com"`. */
  reason?: string;
}
