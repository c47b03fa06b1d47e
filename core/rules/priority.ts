import { parseRule } from './parser.ts';
import type { RuleNode } from './types.ts';

/**
 * The default priority of a rule, as Traefik's `GetRulePriority` (pkg/muxer/http/mux.go): the
 * length of the rule in bytes (Go's `len`, so UTF-8 bytes), minus the two stars of every
 * `**.` double-wildcard domain in a positive (not negated) `Host` matcher.
 *
 * @example
 * rulePriority('Host(`a.example.com`)'); // 21
 */
export function rulePriority(rule: string): number {
  let ast: RuleNode;
  try {
    ast = parseRule(rule);
  } catch {
    return utf8Length(rule);
  }
  return astPriority(rule, ast);
}

/** `rulePriority` for a rule already parsed. */
export function astPriority(rule: string, ast: RuleNode): number {
  let priority = utf8Length(rule);
  for (const host of positiveHosts(ast, false)) {
    if (host.toLowerCase().startsWith('**.')) priority -= 2;
  }
  return priority;
}

function positiveHosts(node: RuleNode, negated: boolean): string[] {
  switch (node.kind) {
    case 'not':
      return positiveHosts(node.operand, !negated);
    case 'and':
    case 'or':
      return [...positiveHosts(node.left, negated), ...positiveHosts(node.right, negated)];
    default:
      return node.name === 'Host' && !negated ? node.args.map((a) => a.value) : [];
  }
}

/** The number of UTF-8 bytes of a string. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** A router's effective priority: its explicit priority, or the rule's default when unset or 0. */
export function effectivePriority(router: { rule: string; priority?: number }): number {
  // Traefik replaces a zero priority with the rule's (pkg/server/router/router.go).
  return router.priority ? router.priority : rulePriority(router.rule);
}

/**
 * Orders routers as Traefik evaluates them on an entrypoint.
 *
 * Traefik's muxer sorts by priority, highest first, then by provider precedence
 * (`routes.Less` in pkg/muxer/http/mux.go: the provider listed first in `providersPrecedence`
 * wins, providers not listed come last). Past that Traefik has no rule: routers come from a Go
 * map and `sort.Sort` is not stable, so equal routers are in an unspecified order. We break
 * those remaining ties by router name (code-unit order) so that every run gives one answer.
 *
 * @example
 * sortRouters([{ name: 'a', rule: 'PathPrefix(`/`)' }, { name: 'b', rule: 'PathPrefix(`/api`)' }]); // b, a
 */
export function sortRouters<T extends { name: string; rule: string; priority?: number; provider?: string }>(
  routers: T[],
  providersPrecedence: readonly string[] = [],
  priorityOf: (router: T) => number = effectivePriority,
): T[] {
  const keyed = routers.map((router) => ({
    router,
    priority: priorityOf(router),
    provider: providerRank(router.provider, providersPrecedence),
  }));
  keyed.sort(
    (a, b) =>
      b.priority - a.priority ||
      b.provider - a.provider ||
      (a.router.name < b.router.name ? -1 : a.router.name > b.router.name ? 1 : 0),
  );
  return keyed.map((k) => k.router);
}

/** Higher is evaluated first: the index in the reversed precedence list, -1 when not listed. */
export function providerRank(provider: string | undefined, precedence: readonly string[]): number {
  if (provider === undefined) return -1;
  const i = precedence.indexOf(provider);
  return i < 0 ? -1 : precedence.length - 1 - i;
}
