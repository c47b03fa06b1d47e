import { RuleSyntaxError } from './errors.ts';

export type TokenKind = 'ident' | 'string' | '(' | ')' | ',' | '&&' | '||' | '!' | 'eof';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** For `ident`: the name; for `string`: the decoded value. */
  value: string;
  quote?: '`' | '"';
}

// Traefik hands the rule to Go's expression parser (vulcand/predicate uses go/parser), so
// identifiers, strings and white space follow the Go specification.
const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{Nd}_]/u;
const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
};

/** `IDENT_START` for an ASCII code: a letter or `_`. */
function isAsciiIdentStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** Splits a rule into tokens; throws `RuleSyntaxError` at the first character Go would reject. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (c === '(' || c === ')' || c === ',' || c === '!') {
      tokens.push({ kind: c, start, end: i + 1, value: c });
      i++;
      continue;
    }
    if (c === '&' || c === '|') {
      if (text[i + 1] === c) {
        const kind = c === '&' ? '&&' : '||';
        tokens.push({ kind, start, end: i + 2, value: kind });
        i += 2;
        continue;
      }
      throw new RuleSyntaxError(`unexpected '${c}': use '${c}${c}'`, start, 1);
    }
    if (c === '`') {
      const close = text.indexOf('`', i + 1);
      if (close < 0) throw new RuleSyntaxError('unterminated backtick string', start, text.length - start);
      // Go drops carriage returns from raw strings.
      const raw = text.slice(i + 1, close);
      const value = raw.includes('\r') ? raw.replaceAll('\r', '') : raw;
      tokens.push({ kind: 'string', start, end: close + 1, value, quote: '`' });
      i = close + 1;
      continue;
    }
    if (c === '"') {
      const { value, end } = readQuoted(text, i);
      tokens.push({ kind: 'string', start, end, value, quote: '"' });
      i = end;
      continue;
    }
    if (c === "'") {
      throw new RuleSyntaxError(
        'single quotes are not accepted (values are Go string literals): use backticks or double quotes',
        start,
        1,
      );
    }
    const cp = text.codePointAt(i) as number;
    const ch = String.fromCodePoint(cp);
    if (cp < 128 ? isAsciiIdentStart(cp) : IDENT_START.test(ch)) {
      let j = i + ch.length;
      while (j < text.length) {
        // ASCII without a string and a regexp test per character (matcher names are ASCII).
        const code = text.charCodeAt(j);
        if (code < 128) {
          if (!isAsciiIdentStart(code) && !(code >= 48 && code <= 57)) break;
          j++;
          continue;
        }
        const next = String.fromCodePoint(text.codePointAt(j) as number);
        if (!IDENT_PART.test(next)) break;
        j += next.length;
      }
      tokens.push({ kind: 'ident', start, end: j, value: text.slice(i, j) });
      i = j;
      continue;
    }
    throw new RuleSyntaxError(`unexpected character ${JSON.stringify(ch)}`, start, ch.length);
  }
  tokens.push({ kind: 'eof', start: text.length, end: text.length, value: '' });
  return tokens;
}

function readQuoted(text: string, open: number): { value: string; end: number } {
  let out = '';
  let i = open + 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') return { value: out, end: i + 1 };
    if (c === '\n') break;
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const esc = text[i + 1];
    if (esc === undefined) break;
    const simple = SIMPLE_ESCAPES[esc];
    if (simple !== undefined) {
      out += simple;
      i += 2;
      continue;
    }
    const decoded = readNumericEscape(text, i);
    out += decoded.value;
    i = decoded.end;
  }
  throw new RuleSyntaxError('unterminated double-quoted string', open, i - open);
}

// Octal and \x escapes are bytes in Go; bytes >= 0x80 only make sense as part of UTF-8, which a
// rule value never needs, so they are refused rather than mis-decoded.
function readNumericEscape(text: string, at: number): { value: string; end: number } {
  const esc = text[at + 1] as string;
  const spec: Record<string, { len: number; radix: number; max: number }> = {
    x: { len: 2, radix: 16, max: 0x7f },
    u: { len: 4, radix: 16, max: 0x10ffff },
    U: { len: 8, radix: 16, max: 0x10ffff },
  };
  const octal = /[0-7]/.test(esc);
  const s = octal ? { len: 3, radix: 8, max: 0x7f } : spec[esc];
  if (!s) throw new RuleSyntaxError(`unknown escape sequence \\${esc}`, at, 2);
  const digitsStart = octal ? at + 1 : at + 2;
  const digits = text.slice(digitsStart, digitsStart + s.len);
  const valid = s.radix === 8 ? /^[0-7]+$/ : /^[0-9a-fA-F]+$/;
  if (digits.length !== s.len || !valid.test(digits)) {
    throw new RuleSyntaxError(`invalid escape sequence \\${esc}`, at, digitsStart + digits.length - at);
  }
  const n = Number.parseInt(digits, s.radix);
  const end = digitsStart + s.len;
  if (n > s.max || (n >= 0xd800 && n <= 0xdfff)) {
    throw new RuleSyntaxError(
      `escape sequence ${text.slice(at, end)} is not a valid character here`,
      at,
      end - at,
    );
  }
  return { value: String.fromCodePoint(n), end };
}
