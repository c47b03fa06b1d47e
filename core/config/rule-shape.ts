import { compileRule, parseRule, RuleSyntaxError, rulePriority, type V2SyntaxHint } from '../rules/index.ts';
import type { RuleNode } from '../rules/types.ts';

/** One alternative of a rule in disjunctive normal form: the constraints all its matchers put on a request. */
export interface Conjunction {
  /** Lowercased host from `Host`, when constrained. */
  host?: string;
  path?: { exact: boolean; value: string };
  /** Every other matcher (and negated ones), canonically written. */
  others: Set<string>;
  /** Methods from `Method`, when constrained (one per matcher, so two different ones cannot both match). */
  method?: string;
  headers: Map<string, string>;
}

/** What the priority checks know about a rule. */
export interface RuleShape {
  priority: number;
  /** `undefined` when the rule is too complex (or invalid) to reason about. */
  alternatives?: Conjunction[];
  error?: RuleSyntaxError;
  /** Traefik v2 forms v3 compiles but reads literally (RULE004), left to right. */
  hints: readonly V2SyntaxHint[];
}

const MAX_ALTERNATIVES = 16;

type Atom = { node: RuleNode & { kind: 'matcher' }; negated: boolean };

function dnf(node: RuleNode, negated: boolean): Atom[][] | undefined {
  if (node.kind === 'matcher') return [[{ node, negated }]];
  if (node.kind === 'not') return dnf(node.operand, !negated);
  // De Morgan: a negated `and` is an `or` of negations and vice versa.
  const isOr = (node.kind === 'or') !== negated;
  const left = dnf(node.left, negated);
  const right = dnf(node.right, negated);
  if (left === undefined || right === undefined) return undefined;
  if (isOr) return left.length + right.length > MAX_ALTERNATIVES ? undefined : [...left, ...right];
  if (left.length * right.length > MAX_ALTERNATIVES) return undefined;
  return left.flatMap((l) => right.map((r) => [...l, ...r]));
}

function conjunction(atoms: Atom[]): Conjunction | undefined {
  const c: Conjunction = { others: new Set(), headers: new Map() };
  for (const { node, negated } of atoms) {
    const args = node.args.map((a) => a.value);
    const value = args[0] ?? '';
    if (!negated && node.name === 'Host' && !value.startsWith('*')) {
      const host = value.toLowerCase();
      if (c.host !== undefined && c.host !== host) return undefined;
      c.host = host;
    } else if (!negated && (node.name === 'Path' || node.name === 'PathPrefix')) {
      const path = { exact: node.name === 'Path', value };
      if (c.path !== undefined) c.others.add(`${node.name}(${JSON.stringify(value)})`);
      else c.path = path;
    } else if (!negated && node.name === 'Method') {
      if (c.method !== undefined && c.method !== value.toUpperCase()) return undefined;
      c.method = value.toUpperCase();
    } else {
      if (!negated && node.name === 'Header' && args.length === 2)
        c.headers.set(value.toLowerCase(), args[1] ?? '');
      c.others.add(`${negated ? '!' : ''}${node.name}(${args.map((a) => JSON.stringify(a)).join(',')})`);
    }
  }
  // Shapes are cached for every rule and never change once built: empty collections can be one shared pair.
  if (c.others.size === 0) c.others = NO_OTHERS;
  if (c.headers.size === 0) c.headers = NO_HEADERS;
  return c;
}

const NO_OTHERS: Set<string> = new Set();
const NO_HEADERS: Map<string, string> = new Map();

const shapes = new Map<string, RuleShape>();

/**
 * Compiles and summarises a rule, cached by its text (rules repeat, and the incremental resolver reuses them). One
 * compile gives the AST, the priority, the v2 hints and the errors Traefik's `AddRoute` refuses (bad regexp, CIDR,
 * path without '/'), so a rule is parsed once, not once per question.
 */
export function ruleShape(rule: string): RuleShape {
  let shape = shapes.get(rule);
  if (shape !== undefined) return shape;
  let ast: RuleNode | undefined;
  try {
    const compiled = compileRule(rule);
    ast = compiled.ast;
    shape = { priority: compiled.priority, hints: compiled.hints };
  } catch (err) {
    if (!(err instanceof RuleSyntaxError)) throw err;
    shape = { priority: rulePriority(rule), hints: [], error: err };
    // A value Traefik refuses still leaves a rule whose shape the priority checks can read.
    try {
      ast = parseRule(rule);
    } catch {
      ast = undefined;
    }
  }
  const forms = ast === undefined ? undefined : dnf(ast, false);
  if (forms !== undefined) {
    shape.alternatives = forms.map(conjunction).filter((c): c is Conjunction => c !== undefined);
  }
  // Bounded: a long-running server sees rules come and go.
  if (shapes.size > 200_000) shapes.clear();
  shapes.set(rule, shape);
  return shape;
}

function pathsOverlap(a: Conjunction['path'], b: Conjunction['path']): boolean {
  if (a === undefined || b === undefined) return true;
  if (a.exact && b.exact) return a.value === b.value;
  if (a.exact) return a.value.startsWith(b.value);
  if (b.exact) return b.value.startsWith(a.value);
  return a.value.startsWith(b.value) || b.value.startsWith(a.value);
}

function conjunctionsOverlap(a: Conjunction, b: Conjunction): boolean {
  if (a.host !== undefined && b.host !== undefined && a.host !== b.host) return false;
  if (a.method !== undefined && b.method !== undefined && a.method !== b.method) return false;
  for (const [name, value] of a.headers) {
    const other = b.headers.get(name);
    if (other !== undefined && other !== value) return false;
  }
  return pathsOverlap(a.path, b.path);
}

/** True when some request can match both rules; `false` also when we cannot tell (no warning on a guess). */
export function rulesOverlap(a: RuleShape, b: RuleShape): boolean {
  if (a.alternatives === undefined || b.alternatives === undefined) return false;
  return a.alternatives.some((x) => b.alternatives?.some((y) => conjunctionsOverlap(x, y)));
}

function covers(a: Conjunction, b: Conjunction): boolean {
  if (a.host !== undefined && a.host !== b.host) return false;
  if (a.method !== undefined && a.method !== b.method) return false;
  if (a.path !== undefined) {
    if (b.path === undefined) return false;
    if (
      a.path.exact ? !(b.path.exact && b.path.value === a.path.value) : !b.path.value.startsWith(a.path.value)
    ) {
      return false;
    }
  }
  for (const other of a.others) if (!b.others.has(other)) return false;
  return true;
}

/** True when every request matching `b` also matches `a` (decided for hosts, paths, methods and equal matchers). */
export function ruleCovers(a: RuleShape, b: RuleShape): boolean {
  if (a.alternatives === undefined || b.alternatives === undefined) return false;
  if (b.alternatives.length === 0) return false;
  return b.alternatives.every((y) => a.alternatives?.some((x) => covers(x, y)));
}

/** The hosts a rule is limited to, or `undefined` when some alternative accepts any host. */
export function ruleHosts(shape: RuleShape): string[] | undefined {
  // Shapes are shared by rule text and never change: their hosts are worked out once (callers only read them).
  if (hostsOf.has(shape)) return hostsOf.get(shape);
  let list: string[] | undefined;
  if (shape.alternatives !== undefined) {
    const hosts = new Set<string>();
    for (const alt of shape.alternatives) {
      if (alt.host === undefined) {
        hostsOf.set(shape, undefined);
        return undefined;
      }
      hosts.add(alt.host);
    }
    list = [...hosts];
  }
  hostsOf.set(shape, list);
  return list;
}

const hostsOf = new WeakMap<RuleShape, string[] | undefined>();
