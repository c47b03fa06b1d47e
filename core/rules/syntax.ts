import { RuleSyntaxError } from './errors.ts';
import type { Token } from './lexer.ts';
import type { MatcherNode, RuleNode } from './types.ts';

/** Matcher names of Traefik v3 HTTP routers and the value counts each accepts (httpFuncs). */
export const MATCHER_ARITY: Readonly<Record<string, readonly number[]>> = {
  ClientIP: [1],
  Method: [1],
  Host: [1],
  HostRegexp: [1],
  Path: [1],
  PathRegexp: [1],
  PathPrefix: [1],
  Header: [2],
  HeaderRegexp: [2],
  Query: [1, 2],
  QueryRegexp: [1, 2],
};

const ARG_NAMES: Record<string, string> = {
  ClientIP: 'an IP or CIDR',
  Method: 'a method',
  Host: 'a domain',
  HostRegexp: 'a regexp',
  Path: 'a path',
  PathRegexp: 'a regexp',
  PathPrefix: 'a prefix',
  Header: 'a key and a value',
  HeaderRegexp: 'a key and a regexp',
  Query: 'a key and an optional value',
  QueryRegexp: 'a key and an optional regexp',
};

// Traefik registers each matcher as written, lower-cased, upper-cased and title-cased
// (pkg/rules/parser.go NewParser), so `host`, `HOST` and `Pathprefix` are accepted too.
const ALIASES = new Map<string, string>();
for (const name of Object.keys(MATCHER_ARITY)) {
  const lower = name.toLowerCase();
  for (const alias of [name, lower, name.toUpperCase(), lower[0]?.toUpperCase() + lower.slice(1)]) {
    ALIASES.set(alias, name);
  }
}

const V2_RENAMED: Record<string, string> = {
  headers: 'Header',
  headersregexp: 'HeaderRegexp',
  hostheader: 'Host',
};

const TCP_ONLY = new Set(['hostsni', 'hostsniregexp', 'alpn']);

/** The canonical name of a matcher token, or a `RuleSyntaxError` saying what to write instead. */
export function resolveMatcherName(tok: Token): string {
  const canonical = ALIASES.get(tok.value);
  if (canonical) return canonical;
  const lower = tok.value.toLowerCase();
  const span = [tok.start, tok.end - tok.start] as const;
  const renamed = V2_RENAMED[lower];
  if (renamed) {
    throw new RuleSyntaxError(
      `${tok.value} is Traefik v2 syntax; in v3 write ${renamed}(...)${lower === 'hostheader' ? '' : ' with one key and one value per matcher'}`,
      ...span,
      'RULE002',
    );
  }
  if (TCP_ONLY.has(lower)) {
    throw new RuleSyntaxError(`${tok.value} is a TCP router matcher; HTTP routers cannot use it`, ...span);
  }
  const near = [...ALIASES.values()].find((n) => n.toLowerCase() === lower);
  const hint = near
    ? `; did you mean ${near}?`
    : `; known matchers: ${Object.keys(MATCHER_ARITY).join(', ')}`;
  throw new RuleSyntaxError(`unknown matcher ${tok.value}${hint}`, ...span);
}

// gorilla/mux variables of Traefik v2, e.g. `/users/{id}` or `{sub:[a-z]+}.example.com`.
const V2_PLACEHOLDER = /\{[A-Za-z_][\w-]*(?::(?:[^{}]|\{[^{}]*\})*)?\}/;

/** Checks a matcher call's value count and values the way Traefik's parser does. */
export function checkMatcherCall(node: MatcherNode, text: string): void {
  const { name, args } = node;
  const written = text.slice(node.nameSpan.start, node.nameSpan.end);
  const allowed = MATCHER_ARITY[name] ?? [];
  if (args.length === 0) {
    throw new RuleSyntaxError(
      `no values for matcher ${written}: it takes ${ARG_NAMES[name]}`,
      node.start,
      node.end - node.start,
    );
  }
  checkV2Forms(node, written);
  if (!allowed.includes(args.length)) {
    const extra = args[allowed[allowed.length - 1] ?? 0] ?? args[0];
    const span = extra ? [extra.start, node.end - 1 - extra.start] : [node.start, node.end - node.start];
    throw new RuleSyntaxError(
      `${written} takes ${ARG_NAMES[name]} (${allowed.join(' or ')} value${allowed.length === 1 && allowed[0] === 1 ? '' : 's'}), got ${args.length}`,
      span[0] as number,
      span[1] as number,
    );
  }
  for (const arg of args) {
    if (arg.value === '') {
      throw new RuleSyntaxError(`empty value for matcher ${written}`, arg.start, arg.end - arg.start);
    }
  }
}

function checkV2Forms(node: MatcherNode, written: string): void {
  const { name, args } = node;
  const allowed = MATCHER_ARITY[name] ?? [];
  if (allowed.length === 1 && allowed[0] === 1 && args.length > 1) {
    const alternatives = args.map((a) => `${name}(\`${a.value}\`)`).join(' || ');
    throw new RuleSyntaxError(
      `${written} with several values is Traefik v2 syntax; in v3 each matcher takes one value: write ${alternatives}`,
      node.start,
      node.end - node.start,
      'RULE002',
    );
  }
}

/** A Traefik v2 form that Traefik v3 accepts but reads literally, so it matches nothing intended. */
export interface V2SyntaxHint {
  code: 'RULE004';
  message: string;
  offset: number;
  length: number;
}

/**
 * The v2 forms of one matcher call that v3 still accepts: `Query(\`key=value\`)` (a key that
 * contains '=') and gorilla/mux placeholders in Path, PathPrefix, Host and HostRegexp. Traefik v3
 * compiles them as literal values (matcher_test.go "... with Traefik v2 syntax" rows: the router
 * is enabled and the placeholder text only matches itself), so they are hints, never errors.
 */
export function v2SyntaxHint(node: MatcherNode, text: string): V2SyntaxHint | undefined {
  const { name, args } = node;
  const first = args[0];
  if (!first) return undefined;
  const written = text.slice(node.nameSpan.start, node.nameSpan.end);
  const at = { offset: first.start, length: first.end - first.start };
  if ((name === 'Query' || name === 'QueryRegexp') && first.value.includes('=')) {
    const pairs = args.map((a) => {
      const eq = a.value.indexOf('=');
      return eq < 0
        ? `${name}(\`${a.value}\`)`
        : `${name}(\`${a.value.slice(0, eq)}\`, \`${a.value.slice(eq + 1)}\`)`;
    });
    return {
      code: 'RULE004',
      message: `${written}(\`key=value\`) is Traefik v2 syntax: v3 reads the whole text as the key, which never matches; write ${pairs.join(' && ')}`,
      ...at,
    };
  }
  if (name === 'Path' || name === 'PathPrefix' || name === 'Host' || name === 'HostRegexp') {
    const m = V2_PLACEHOLDER.exec(first.value);
    if (m) {
      return {
        code: 'RULE004',
        message: `the placeholder ${m[0]} in ${written} is Traefik v2 syntax: v3 matches it literally; write ${v2TemplateToV3(name, first.value)}`,
        ...at,
      };
    }
  }
  return undefined;
}

/**
 * Every accepted-but-v2 form in a parsed rule, left to right (see `v2SyntaxHint`).
 *
 * @example
 * v2SyntaxHints(parseRule('Path(`/users/{id}`)'), 'Path(`/users/{id}`)')[0]?.code; // 'RULE004'
 */
export function v2SyntaxHints(ast: RuleNode, text: string): V2SyntaxHint[] {
  const out: V2SyntaxHint[] = [];
  const stack: RuleNode[] = [ast];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.kind === 'matcher') {
      const hint = v2SyntaxHint(node, text);
      if (hint) out.push(hint);
    } else if (node.kind === 'not') stack.push(node.operand);
    else stack.push(node.right, node.left);
  }
  return out;
}

/** Rewrites a v2 gorilla/mux template (`/users/{id:[0-9]+}`) as the equivalent v3 matcher. */
export function v2TemplateToV3(name: string, template: string): string {
  const isHost = name === 'Host' || name === 'HostRegexp';
  const defaultPattern = isHost ? '[^.]+' : '[^/]+';
  let out = '';
  let rest = template;
  for (let guard = 0; guard < 1000; guard++) {
    const m = V2_PLACEHOLDER.exec(rest);
    if (!m) break;
    out += quoteMeta(rest.slice(0, m.index));
    const body = m[0].slice(1, -1);
    const colon = body.indexOf(':');
    out += colon < 0 ? defaultPattern : `(?:${body.slice(colon + 1)})`;
    rest = rest.slice(m.index + m[0].length);
  }
  out += quoteMeta(rest);
  const anchored = name === 'PathPrefix' ? `^${out}` : `^${out}$`;
  return `${isHost ? 'HostRegexp' : 'PathRegexp'}(\`${anchored}\`)`;
}

function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
