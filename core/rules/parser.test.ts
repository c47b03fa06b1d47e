import { describe, expect, it } from 'vitest';
import { RuleSyntaxError } from './errors.ts';
import { parseRule } from './parser.ts';
import { v2SyntaxHints } from './syntax.ts';
import type { RuleNode } from './types.ts';

// A compact rendering of the tree: precedence shows as parentheses.
function show(node: RuleNode): string {
  switch (node.kind) {
    case 'and':
      return `(${show(node.left)} && ${show(node.right)})`;
    case 'or':
      return `(${show(node.left)} || ${show(node.right)})`;
    case 'not':
      return `!${show(node.operand)}`;
    default:
      return `${node.name}(${node.args.map((a) => a.value).join(',')})`;
  }
}

function error(rule: string): RuleSyntaxError {
  try {
    parseRule(rule);
  } catch (err) {
    expect(err).toBeInstanceOf(RuleSyntaxError);
    return err as RuleSyntaxError;
  }
  throw new Error(`parsed: ${rule}`);
}

describe('parseRule: operators', () => {
  it.each([
    ['Host(`a`) || Host(`b`) && Host(`c`)', '(Host(a) || (Host(b) && Host(c)))'],
    ['Host(`a`) && Host(`b`) || Host(`c`)', '((Host(a) && Host(b)) || Host(c))'],
    ['(Host(`a`) || Host(`b`)) && Host(`c`)', '((Host(a) || Host(b)) && Host(c))'],
    ['Host(`a`) && Host(`b`) && Host(`c`)', '((Host(a) && Host(b)) && Host(c))'],
    ['!Host(`a`) && Host(`b`)', '(!Host(a) && Host(b))'],
    ['!(Host(`a`) && Host(`b`))', '!(Host(a) && Host(b))'],
    ['!!Host(`a`)', '!!Host(a)'],
    ['((Host(`a`)))', 'Host(a)'],
  ])('%s', (rule, want) => {
    expect(show(parseRule(rule))).toBe(want);
  });
});

describe('parseRule: strings and names', () => {
  it('reads backtick and double-quoted Go strings', () => {
    const node = parseRule('Header("X-A", "a\\"b\\u00e9\\x41\\101\\n")');
    expect(node.kind === 'matcher' && node.args.map((a) => a.value)).toEqual(['X-A', 'a"béAA\n']);
    const raw = parseRule('PathRegexp(`^/a\\d+$`)');
    expect(raw.kind === 'matcher' && raw.args[0]?.value).toBe('^/a\\d+$');
  });
  it('accepts matcher names as written, lower, upper and title case', () => {
    for (const name of ['PathPrefix', 'pathprefix', 'PATHPREFIX', 'Pathprefix']) {
      const node = parseRule(`${name}(\`/a\`)`);
      expect(node.kind === 'matcher' && node.name).toBe('PathPrefix');
    }
    expect(error('pathPrefix(`/a`)').message).toContain('did you mean PathPrefix');
  });
  it('accepts white space, newlines and a trailing comma as Go does', () => {
    expect(show(parseRule('\n  Host(\n`a`,\n)\n&&\tPath(`/`)  '))).toBe('(Host(a) && Path(/))');
  });
  it('records spans', () => {
    const rule = 'Host(`a.com`) && (Path(`/x`) || !Method(`GET`))';
    const root = parseRule(rule);
    if (root.kind !== 'and' || root.right.kind !== 'or') throw new Error('shape');
    expect(rule.slice(root.start, root.end)).toBe(rule);
    expect(rule.slice(root.left.start, root.left.end)).toBe('Host(`a.com`)');
    expect(rule.slice(root.right.start, root.right.end)).toBe('(Path(`/x`) || !Method(`GET`))');
    const not = root.right.right;
    expect(rule.slice(not.start, not.end)).toBe('!Method(`GET`)');
    if (root.left.kind !== 'matcher') throw new Error('shape');
    const arg = root.left.args[0];
    expect(arg && rule.slice(arg.start, arg.end)).toBe('`a.com`');
  });
});

describe('parseRule: errors point at the offending token', () => {
  it.each([
    ['', 0, /empty rule/],
    ['Host(`a`', 8, /unexpected end of rule/],
    ['Host(`a`) &&', 12, /unexpected end of rule/],
    ['Host(`a`) Path(`/`)', 10, /expected '&&', '\|\|'/],
    ["Host('a')", 5, /single quotes/],
    ['Host(`a`) & Path(`/`)', 10, /use '&&'/],
    ['Host(`a`) and Path(`/`)', 10, /expected '&&'/],
    ['Host(a)', 5, /expected a quoted value/],
    ['Host', 0, /must be called/],
    ['Host(`a)', 5, /unterminated backtick/],
    ['Host("a)', 5, /unterminated double-quoted/],
    ['Host("\\q")', 6, /unknown escape/],
    ['Host(`a`) && ()', 14, /expected a matcher/],
    ['(Host(`a`)', 10, /expected '\)'/],
    ['Host(`a`))', 9, /unexpected '\)'/],
    ['Foo(`a`)', 0, /unknown matcher Foo/],
    ['HostSNI(`a`)', 0, /TCP router matcher/],
    ['Host()', 0, /no values/],
    ['Path(`/a`, ``)', 0, /several values/],
    ['Header(`X`, ``)', 12, /empty value/],
    ['Host(`a`) && 42', 13, /unexpected character/],
  ])('%j', (rule, offset, message) => {
    const err = error(rule);
    expect(['RULE001', 'RULE002']).toContain(err.code);
    expect(err.message).toMatch(message);
    expect(err.offset).toBe(offset);
    expect(err.offset + err.length).toBeLessThanOrEqual(rule.length);
  });

  it('limits nesting instead of overflowing the stack', () => {
    expect(error(`${'('.repeat(5000)}Host(\`a\`)${')'.repeat(5000)}`).message).toMatch(/nested too deeply/);
    expect(error(`${'!'.repeat(5000)}Host(\`a\`)`).message).toMatch(/nested too deeply/);
  });
});

describe('parseRule: Traefik v2 syntax is RULE002 with the v3 form', () => {
  it.each([
    ['Headers(`X-A`, `b`)', 'Header('],
    ['HeadersRegexp(`X-A`, `b`)', 'HeaderRegexp('],
    ['HostHeader(`a.com`)', 'Host('],
    ['Host(`a.com`, `b.com`)', 'Host(`a.com`) || Host(`b.com`)'],
    ['PathPrefix(`/a`, `/b`)', 'PathPrefix(`/a`) || PathPrefix(`/b`)'],
    ['Method(`GET`, `POST`)', 'Method(`GET`) || Method(`POST`)'],
    ['ClientIP(`1.2.3.4`, `5.6.7.8`)', 'ClientIP(`1.2.3.4`) || ClientIP(`5.6.7.8`)'],
  ])('%s', (rule, suggestion) => {
    const err = error(rule);
    expect(err.code).toBe('RULE002');
    expect(err.message).toMatch(/v2 syntax/);
    expect(err.message).toContain(suggestion);
  });
});

describe('v2SyntaxHints: v2 forms that Traefik v3 accepts and reads literally', () => {
  it.each([
    ['Query(`a=1`, `b=2`)', 'Query(`a`, `1`) && Query(`b`, `2`)'],
    ['Path(`/users/{id}`)', 'PathRegexp(`^/users/[^/]+$`)'],
    ['PathPrefix(`/api/{version:v[0-9]+}`)', 'PathRegexp(`^/api/(?:v[0-9]+)`)'],
    ['HostRegexp(`{sub:[a-z]+}.example.com`)', 'HostRegexp(`^(?:[a-z]+)\\.example\\.com$`)'],
  ])('%s', (rule, suggestion) => {
    const hints = v2SyntaxHints(parseRule(rule), rule);
    expect(hints).toHaveLength(1);
    expect(hints[0]?.code).toBe('RULE004');
    expect(hints[0]?.message).toContain(suggestion);
  });
  it('finds hints in every branch, left to right', () => {
    const rule = 'Path(`/{a}`) || !(Host(`x`) && Query(`k=v`))';
    expect(v2SyntaxHints(parseRule(rule), rule).map((h) => h.offset)).toEqual([5, 37]);
  });
});
