import type { RuleNode } from './types.ts';

/**
 * A necessary condition for a rule to match, read off its AST: the request's host must be one of
 * `hosts` (exact Host values, lower-case) and its path must start with one of `prefixes`. `null`
 * means "no constraint known". A rule may still fail when its constraint holds, but it can never
 * match when it does not: that is all the router index relies on.
 */
export interface Constraint {
  hosts: Set<string> | null;
  prefixes: string[] | null;
  /** The constraint is the whole rule: a request that meets it matches, no evaluation needed. */
  exact: boolean;
}

const NONE: Constraint = { hosts: null, prefixes: null, exact: false };

/** Derives the constraint of a parsed rule. */
export function constraintOf(node: RuleNode): Constraint {
  switch (node.kind) {
    case 'not':
      // A negation only says what the request is not; it gives nothing to look up.
      return NONE;
    case 'and': {
      const l = constraintOf(node.left);
      const r = constraintOf(node.right);
      // Exact only for one host part and one prefix part, e.g. Host(`a`) && PathPrefix(`/x`).
      const split =
        (l.hosts && !l.prefixes && r.prefixes && !r.hosts) ||
        (r.hosts && !r.prefixes && l.prefixes && !l.hosts);
      return {
        hosts: intersect(l.hosts, r.hosts),
        prefixes: narrower(l.prefixes, r.prefixes),
        exact: l.exact && r.exact && Boolean(split),
      };
    }
    case 'or': {
      const l = constraintOf(node.left);
      const r = constraintOf(node.right);
      return {
        hosts: l.hosts && r.hosts ? new Set([...l.hosts, ...r.hosts]) : null,
        prefixes: l.prefixes && r.prefixes ? [...l.prefixes, ...r.prefixes] : null,
        exact: false,
      };
    }
    default: {
      const value = node.args[0]?.value ?? '';
      if (node.name === 'Host') {
        // Wildcard hosts are left to ordered evaluation.
        return value.includes('*')
          ? NONE
          : { hosts: new Set([value.toLowerCase()]), prefixes: null, exact: true };
      }
      if (node.name === 'PathPrefix') return { hosts: null, prefixes: [value], exact: true };
      // Path(`/x`) matches only "/x", which starts with "/x".
      if (node.name === 'Path') return { hosts: null, prefixes: [value], exact: false };
      return NONE;
    }
  }
}

function intersect(a: Set<string> | null, b: Set<string> | null): Set<string> | null {
  if (!a) return b;
  if (!b) return a;
  return new Set([...a].filter((h) => b.has(h)));
}

// Both sides must hold; either one alone is a valid condition, so keep the more selective.
function narrower(a: string[] | null, b: string[] | null): string[] | null {
  if (!a) return b;
  if (!b) return a;
  const longest = (xs: string[]): number => Math.min(...xs.map((x) => x.length));
  return longest(b) > longest(a) ? b : a;
}
