/**
 * buffering's `retryExpression`, as oxy's buffer reads it (vulcand/oxy buffer/threshold.go on vulcand/predicate):
 * a Go expression over `IsNetworkError()`, `Attempts()`, `ResponseCode()` and `RequestMethod()`, joined with
 * `&&` and `||` (Go precedence: `&&` binds tighter), parentheses allowed. Comparisons put the function on the
 * left and a literal on the right: `==`/`!=` take an int or a string literal, `<` `>` `<=` `>=` an int. There is
 * no `!`, no arithmetic and no negative literal; anything else is an error, and Traefik then refuses the
 * middleware.
 */

/** What the expression looks at after one attempt. */
export interface RetryContext {
  /** 1 for the first attempt. */
  attempt: number;
  /** The attempt's status; a proxy error counts as the status it answers (502, 504). */
  responseCode: number;
  method: string;
}

export type RetryPredicate = (c: RetryContext) => boolean;

/** Why an expression is refused, and where: `offset` counts UTF-16 units from 0, `column` from 1. */
export class RetryExpressionError extends Error {
  readonly reason: string;
  readonly offset: number;
  readonly length: number;
  readonly column: number;

  constructor(reason: string, offset: number, length: number) {
    super(`${reason} at column ${offset + 1}`);
    this.name = 'RetryExpressionError';
    this.reason = reason;
    this.offset = offset;
    this.length = Math.max(0, length);
    this.column = offset + 1;
  }
}

interface Span {
  at: number;
  end: number;
}

type Value =
  | { kind: 'pred'; fn: RetryPredicate }
  | { kind: 'int'; fn: (c: RetryContext) => number }
  | { kind: 'str'; fn: (c: RetryContext) => string }
  | { kind: 'lit'; value: number | string; float: boolean };

interface Token extends Span {
  t: 'id' | 'int' | 'float' | 'str' | 'char' | 'op' | '(' | ')' | ',';
  v: string;
}

const OPS = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '!', '+', '-', '*', '/', '%', '&', '|', '^'];

function fail(reason: string, span: Span): never {
  throw new RetryExpressionError(reason, span.at, span.end - span.at);
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const push = (t: Token['t'], at: number, v: string) => out.push({ t, v, at, end: at + v.length });
  let i = 0;
  while (i < src.length) {
    const ch = src[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = src.slice(i);
    if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest) as RegExpExecArray;
      push('id', i, m[0]);
    } else if (/^\.?[0-9]/.test(rest)) {
      const m = /^[0-9A-Za-z_.]+/.exec(rest) as RegExpExecArray;
      const isFloat = /^[0-9]*\.[0-9]*([eE][+-]?[0-9]+)?$|^[0-9]+[eE][+-]?[0-9]+$/.test(m[0]);
      push(isFloat ? 'float' : 'int', i, m[0]);
    } else if (ch === '"' || ch === '`' || ch === "'") {
      const end = findClose(src, i, ch);
      push(ch === "'" ? 'char' : 'str', i, src.slice(i, end + 1));
    } else if (ch === '(' || ch === ')' || ch === ',') {
      push(ch, i, ch);
    } else {
      const op = OPS.find((o) => src.startsWith(o, i));
      if (op === undefined) fail(`unexpected character ${JSON.stringify(ch)}`, { at: i, end: i + 1 });
      push('op', i, op);
    }
    i = (out[out.length - 1] as Token).end;
  }
  return out;
}

function findClose(src: string, start: number, quote: string): number {
  for (let i = start + 1; i < src.length; i++) {
    if (src[i] === '\\' && quote !== '`') i++;
    else if (src[i] === quote) return i;
  }
  return fail('string literal not terminated', { at: start, end: src.length });
}

/** Go's strconv.Unquote for the escapes an expression can hold. */
function unquote(tok: Token): string {
  if (tok.v.startsWith('`')) return tok.v.slice(1, -1);
  try {
    return JSON.parse(tok.v.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')) as string;
  } catch {
    return fail(`failed to parse argument: ${tok.v}`, tok);
  }
}

// Go's binary precedence for the operators the parser knows; the evaluator refuses most of them.
const PRECEDENCE: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 3,
  '<=': 3,
  '>': 3,
  '>=': 3,
  '+': 4,
  '-': 4,
  '|': 4,
  '^': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  '&': 5,
};

type Node = Span &
  (
    | { n: 'call'; name: Token; args: Node[] }
    | { n: 'lit'; tok: Token }
    | { n: 'ident'; name: string }
    | { n: 'bin'; op: Token; x: Node; y: Node }
    | { n: 'unary'; op: Token; x: Node }
  );

class Parser {
  private pos = 0;
  constructor(
    private readonly toks: Token[],
    private readonly srcLength: number,
  ) {}

  parse(): Node {
    const node = this.binary(1);
    const extra = this.toks[this.pos];
    if (extra !== undefined) fail(`unexpected ${extra.v}`, extra);
    return node;
  }

  /** Where the next token is, or the end of the expression. */
  private here(): Span {
    return this.toks[this.pos] ?? { at: this.srcLength, end: this.srcLength };
  }

  private binary(min: number): Node {
    let x = this.unary();
    for (;;) {
      const tok = this.toks[this.pos];
      const prec = tok?.t === 'op' ? PRECEDENCE[tok.v] : undefined;
      if (tok === undefined || prec === undefined || prec < min) return x;
      this.pos++;
      const y = this.binary(prec + 1);
      x = { n: 'bin', op: tok, x, y, at: x.at, end: y.end };
    }
  }

  private unary(): Node {
    const tok = this.toks[this.pos];
    if (tok?.t === 'op' && (tok.v === '!' || tok.v === '-' || tok.v === '+' || tok.v === '^')) {
      this.pos++;
      const x = this.unary();
      return { n: 'unary', op: tok, x, at: tok.at, end: x.end };
    }
    return this.primary();
  }

  private primary(): Node {
    const tok = this.toks[this.pos];
    if (tok === undefined) return fail('expected operand, found end of expression', this.here());
    this.pos++;
    if (tok.t === '(') {
      const inner = this.binary(1);
      const close = this.expect(')');
      return { ...inner, at: tok.at, end: close.end };
    }
    if (tok.t === 'id') {
      if (this.toks[this.pos]?.t !== '(') return { n: 'ident', name: tok.v, at: tok.at, end: tok.end };
      this.pos++;
      const args: Node[] = [];
      while (this.toks[this.pos]?.t !== ')') {
        args.push(this.binary(1));
        if (this.toks[this.pos]?.t === ',') this.pos++;
        else break;
      }
      const close = this.expect(')');
      return { n: 'call', name: tok, args, at: tok.at, end: close.end };
    }
    if (tok.t === 'int' || tok.t === 'float' || tok.t === 'str' || tok.t === 'char')
      return { n: 'lit', tok, at: tok.at, end: tok.end };
    return fail(`expected operand, found ${JSON.stringify(tok.v)}`, tok);
  }

  private expect(t: Token['t']): Token {
    const tok = this.toks[this.pos];
    if (tok?.t !== t) return fail(`expected ${JSON.stringify(t)}`, this.here());
    this.pos++;
    return tok;
  }
}

const FUNCTIONS: Record<string, Value> = {
  // Same as oxy: a network error is whatever answered 502 or 504.
  IsNetworkError: { kind: 'pred', fn: (c) => c.responseCode === 502 || c.responseCode === 504 },
  Attempts: { kind: 'int', fn: (c) => c.attempt },
  ResponseCode: { kind: 'int', fn: (c) => c.responseCode },
  RequestMethod: { kind: 'str', fn: (c) => c.method },
};

function literal(tok: Token): Value {
  if (tok.t === 'str') return { kind: 'lit', value: unquote(tok), float: false };
  if (tok.t === 'char') fail(`unsupported function argument type: 'CHAR'`, tok);
  // strconv.Atoi / ParseFloat: decimal only, no 0x, no underscores.
  if (tok.t === 'int' && /^[0-9]+$/.test(tok.v)) return { kind: 'lit', value: Number(tok.v), float: false };
  const f = Number(tok.v);
  if (tok.t === 'float' && Number.isFinite(f)) return { kind: 'lit', value: f, float: true };
  return fail(`failed to parse argument: ${tok.v}`, tok);
}

function typeName(v: Value): string {
  if (v.kind === 'lit') return typeof v.value === 'string' ? 'string' : v.float ? 'float64' : 'int';
  return { pred: 'hpredicate', int: 'toInt', str: 'toString' }[v.kind];
}

function compare(node: Node & { n: 'bin' }, x: Value, y: Value): Value {
  const op = node.op.v;
  if (x.kind === 'pred' || x.kind === 'lit' || (x.kind === 'str' && op !== '==' && op !== '!=')) {
    fail(`unsupported argument: ${typeName(x)}`, node.x);
  }
  const want = x.kind === 'int' ? 'int' : 'string';
  if (y.kind !== 'lit' || typeName(y) !== want) return fail(`expected ${want}, got ${typeName(y)}`, node.y);
  const value = y.value;
  const get = x.fn as (c: RetryContext) => number | string;
  switch (op) {
    case '==':
      return { kind: 'pred', fn: (c) => get(c) === value };
    case '!=':
      return { kind: 'pred', fn: (c) => get(c) !== value };
    case '<':
      return { kind: 'pred', fn: (c) => (get(c) as number) < (value as number) };
    case '>':
      return { kind: 'pred', fn: (c) => (get(c) as number) > (value as number) };
    case '<=':
      return { kind: 'pred', fn: (c) => (get(c) as number) <= (value as number) };
    default:
      return { kind: 'pred', fn: (c) => (get(c) as number) >= (value as number) };
  }
}

function evaluate(node: Node): Value {
  switch (node.n) {
    case 'lit':
      return literal(node.tok);
    case 'ident':
      return fail(`${node.name} is not defined`, node);
    case 'unary':
      return fail(`${node.op.v} is not supported`, node.op);
    case 'call': {
      const fn = FUNCTIONS[node.name.v];
      if (fn === undefined) fail(`unsupported function: ${node.name.v}`, node.name);
      if (node.args.length > 0) fail(`${node.name.v} takes no arguments`, node);
      return fn;
    }
    case 'bin': {
      const x = evaluate(node.x);
      const y = evaluate(node.y);
      if (node.op.v === '&&' || node.op.v === '||') {
        if (x.kind !== 'pred') fail(`${node.op.v} joins predicates only`, node.x);
        if (y.kind !== 'pred') fail(`${node.op.v} joins predicates only`, node.y);
        const a = x.fn;
        const b = y.fn;
        return { kind: 'pred', fn: node.op.v === '&&' ? (c) => a(c) && b(c) : (c) => a(c) || b(c) };
      }
      if (PRECEDENCE[node.op.v] === 3) return compare(node, x, y);
      return fail(`${node.op.v} is not supported`, node.op);
    }
  }
}

/**
 * Compiles a retry expression.
 *
 * @throws {RetryExpressionError} with the reason Traefik would refuse it and where in `src`.
 * @example
 * const retry = parseRetryExpression('IsNetworkError() && Attempts() < 2');
 * retry({ attempt: 1, responseCode: 502, method: 'GET' }); // true
 */
export function parseRetryExpression(src: string): RetryPredicate {
  const tree = new Parser(tokenize(src), src.length).parse();
  const value = evaluate(tree);
  if (value.kind !== 'pred') fail(`expected predicate, got ${typeName(value)}`, tree);
  return value.fn;
}
