/**
 * Display helpers for rule text. These never decide routing (the rule engine in core does); they only split and
 * shorten rules for reading, as anchors point 5 asks: wrap at operators, keep int64 priorities exact.
 */

export interface RuleClause {
  /** The operator joining this clause to the previous one (`&&` or `||`), absent for the first. */
  op?: '&&' | '||';
  text: string;
}

/** Splits a rule at its top-level `&&` and `||`, leaving parenthesised groups and quoted values intact. */
export function splitRuleClauses(rule: string): RuleClause[] {
  const clauses: RuleClause[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  let op: RuleClause['op'];
  for (let i = 0; i < rule.length; i++) {
    const c = rule[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '`' || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === '&' || c === '|') && rule[i + 1] === c) {
      push(rule.slice(start, i));
      op = c === '&' ? '&&' : '||';
      start = i + 2;
      i++;
    }
  }
  push(rule.slice(start));
  return clauses;

  function push(text: string): void {
    const trimmed = text.trim();
    if (trimmed === '') return;
    clauses.push(op ? { op, text: trimmed } : { text: trimmed });
  }
}

/** Hosts named by `Host(...)` matchers, for the host filter. */
export function ruleHosts(rule: string): string[] {
  const hosts: string[] = [];
  for (const m of rule.matchAll(/\bHost\s*\(\s*([`"])([^`"]*)\1\s*\)/gi)) hosts.push(m[2]!.toLowerCase());
  return hosts;
}

/** Shortens a rule for a node: whole clauses while they fit, then `+N more`. */
export function shortenRule(rule: string, max = 56): string {
  if (rule.length <= max) return rule;
  const clauses = splitRuleClauses(rule);
  let out = '';
  for (let i = 0; i < clauses.length; i++) {
    const c = clauses[i]!;
    const piece = i === 0 ? c.text : ` ${c.op} ${c.text}`;
    if (out.length + piece.length > max) {
      if (out === '') return `${c.text.slice(0, max - 1)}…`;
      return `${out} … +${clauses.length - i} more`;
    }
    out += piece;
  }
  return out;
}

/**
 * The priority Traefik uses: the configured one, or the rule's length when unset or 0
 * (traefik pkg/muxer/http/mux.go). A priority too large for a JS number arrives as a decimal string and stays one.
 */
export function effectivePriority(priority: number | string | undefined, rule: string): string {
  if (priority === undefined || priority === 0 || priority === '0') return String(rule.length);
  return String(priority);
}

/** Whether the priority was set explicitly rather than derived from the rule's length. */
export function isDefaultPriority(priority: number | string | undefined): boolean {
  return priority === undefined || priority === 0 || priority === '0';
}
