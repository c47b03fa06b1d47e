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

type Value =
  | { kind: 'pred'; fn: RetryPredicate }
  | { kind: 'int'; fn: (c: RetryContext) => number }
  | { kind: 'str'; fn: (c: RetryContext) => string }
  | { kind: 'lit'; value: number | string; float: boolean };

interface Token {
  t: 'id' | 'int' | 'float' | 'str' | 'char' | 'op' | '(' | ')' | ',';
  v: string;
}

const OPS = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '!', '+', '-', '*', '/', '%', '&', '|', '^'];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray;
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
      continue;
    }
    if (/[0-9.]/.test(ch) && /^\.?[0-9]/.test(src.slice(i))) {
      const m = /^[0-9A-Za-z_.]+/.exec(src.slice(i)) as RegExpExecArray;
      const isFloat = /^[0-9]*\.[0-9]*([eE][+-]?[0-9]+)?$|^[0-9]+[eE][+-]?[0-9]+$/.test(m[0]);
      out.push({ t: isFloat ? 'float' : 'int', v: m[0] });
      i += m[0].length;
      continue;
    }
    if (ch === '"' || ch === '`' || ch === "'") {
      const end = findClose(src, i, ch);
      out.push({ t: ch === "'" ? 'char' : 'str', v: src.slice(i, end + 1) });
      i = end + 1;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      out.push({ t: ch, v: ch });
      i++;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op === undefined) throw new Error(`unexpected character ${JSON.stringify(ch)}`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  return out;
}

function findClose(src: string, start: number, quote: string): number {
  for (let i = start + 1; i < src.length; i++) {
    if (src[i] === '\\' && quote !== '`') i++;
    else if (src[i] === quote) return i;
  }
  throw new Error('string literal not terminated');
}

/** Go's strconv.Unquote for the escapes an expression can hold. */
function unquote(lit: string): string {
  if (lit.startsWith('`')) return lit.slice(1, -1);
  try {
    return JSON.parse(lit.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')) as string;
  } catch {
    throw new Error(`failed to parse argument: ${lit}`);
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

type Node =
  | { n: 'call'; name: string; args: Node[] }
  | { n: 'lit'; tok: Token }
  | { n: 'ident'; name: string }
  | { n: 'bin'; op: string; x: Node; y: Node }
  | { n: 'unary'; op: string; x: Node };

class Parser {
  private pos = 0;
  constructor(private readonly toks: Token[]) {}

  parse(): Node {
    const node = this.binary(1);
    if (this.pos < this.toks.length) throw new Error(`unexpected ${this.toks[this.pos]?.v}`);
    return node;
  }

  private binary(min: number): Node {
    let x = this.unary();
    for (;;) {
      const tok = this.toks[this.pos];
      const prec = tok?.t === 'op' ? PRECEDENCE[tok.v] : undefined;
      if (tok === undefined || prec === undefined || prec < min) return x;
      this.pos++;
      x = { n: 'bin', op: tok.v, x, y: this.binary(prec + 1) };
    }
  }

  private unary(): Node {
    const tok = this.toks[this.pos];
    if (tok?.t === 'op' && (tok.v === '!' || tok.v === '-' || tok.v === '+' || tok.v === '^')) {
      this.pos++;
      return { n: 'unary', op: tok.v, x: this.unary() };
    }
    return this.primary();
  }

  private primary(): Node {
    const tok = this.toks[this.pos++];
    if (tok === undefined) throw new Error('expected operand, found end of expression');
    if (tok.t === '(') {
      const inner = this.binary(1);
      this.expect(')');
      return inner;
    }
    if (tok.t === 'id') {
      if (this.toks[this.pos]?.t !== '(') return { n: 'ident', name: tok.v };
      this.pos++;
      const args: Node[] = [];
      while (this.toks[this.pos]?.t !== ')') {
        args.push(this.binary(1));
        if (this.toks[this.pos]?.t === ',') this.pos++;
        else break;
      }
      this.expect(')');
      return { n: 'call', name: tok.v, args };
    }
    if (tok.t === 'int' || tok.t === 'float' || tok.t === 'str' || tok.t === 'char') return { n: 'lit', tok };
    throw new Error(`expected operand, found ${JSON.stringify(tok.v)}`);
  }

  private expect(t: Token['t']): void {
    if (this.toks[this.pos]?.t !== t) throw new Error(`expected ${JSON.stringify(t)}`);
    this.pos++;
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
  if (tok.t === 'str') return { kind: 'lit', value: unquote(tok.v), float: false };
  if (tok.t === 'char') throw new Error(`unsupported function argument type: 'CHAR'`);
  // strconv.Atoi / ParseFloat: decimal only, no 0x, no underscores.
  if (tok.t === 'int' && /^[0-9]+$/.test(tok.v)) return { kind: 'lit', value: Number(tok.v), float: false };
  const f = Number(tok.v);
  if (tok.t === 'float' && Number.isFinite(f)) return { kind: 'lit', value: f, float: true };
  throw new Error(`failed to parse argument: ${tok.v}`);
}

function typeName(v: Value): string {
  if (v.kind === 'lit') return typeof v.value === 'string' ? 'string' : v.float ? 'float64' : 'int';
  return { pred: 'hpredicate', int: 'toInt', str: 'toString' }[v.kind];
}

function compare(op: string, x: Value, y: Value): Value {
  if (x.kind === 'pred' || x.kind === 'lit' || (x.kind === 'str' && op !== '==' && op !== '!=')) {
    throw new Error(`unsupported argument: ${typeName(x)}`);
  }
  const want = x.kind === 'int' ? 'int' : 'string';
  if (y.kind !== 'lit' || typeName(y) !== want) throw new Error(`expected ${want}, got ${typeName(y)}`);
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
      throw new Error(`${node.name} is not defined`);
    case 'unary':
      throw new Error(`${node.op} is not supported`);
    case 'call': {
      const fn = FUNCTIONS[node.name];
      if (fn === undefined) throw new Error(`unsupported function: ${node.name}`);
      if (node.args.length > 0) throw new Error(`${node.name} takes no arguments`);
      return fn;
    }
    case 'bin': {
      const x = evaluate(node.x);
      const y = evaluate(node.y);
      if (node.op === '&&' || node.op === '||') {
        if (x.kind !== 'pred' || y.kind !== 'pred') throw new Error(`${node.op} joins predicates only`);
        const a = x.fn;
        const b = y.fn;
        return { kind: 'pred', fn: node.op === '&&' ? (c) => a(c) && b(c) : (c) => a(c) || b(c) };
      }
      if (PRECEDENCE[node.op] === 3) return compare(node.op, x, y);
      throw new Error(`${node.op} is not supported`);
    }
  }
}

/** Compiles a retry expression; throws with the reason Traefik would refuse it. */
export function parseRetryExpression(src: string): RetryPredicate {
  const value = evaluate(new Parser(tokenize(src)).parse());
  if (value.kind !== 'pred') throw new Error(`expected predicate, got ${typeName(value)}`);
  return value.fn;
}
