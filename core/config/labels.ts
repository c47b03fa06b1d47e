/**
 * Kubernetes label selectors as Traefik's `labelSelector` option takes them: comma-separated requirements, each
 * `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k` or `!k`, all of which must hold.
 */
export type LabelMatcher = (labels: Readonly<Record<string, string>> | undefined) => boolean;

type Requirement = (labels: Readonly<Record<string, string>>) => boolean;

function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function parseRequirement(text: string): Requirement | undefined {
  const set = /^([^\s!=]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(text);
  if (set !== null) {
    const [, key = '', op, list = ''] = set;
    const values = new Set(list.split(',').map((v) => v.trim()));
    return op === 'in'
      ? (l) => l[key] !== undefined && values.has(l[key] ?? '')
      : (l) => l[key] === undefined || !values.has(l[key] ?? '');
  }
  const cmp = /^([^\s!=]+)\s*(==|!=|=)\s*(\S*)$/.exec(text);
  if (cmp !== null) {
    const [, key = '', op, value = ''] = cmp;
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  if (/^![^\s!=]+$/.test(text)) {
    const key = text.slice(1);
    return (l) => l[key] === undefined;
  }
  if (/^[^\s!=()]+$/.test(text)) return (l) => l[text] !== undefined;
  return undefined;
}

/**
 * Compiles a label selector; `undefined` when it does not parse (Traefik refuses to start with such a selector).
 *
 * @example
 * compileLabelSelector('app=shop,tier!=db')?.({ app: 'shop' }); // true
 */
export function compileLabelSelector(selector: string): LabelMatcher | undefined {
  const requirements: Requirement[] = [];
  for (const part of splitTopLevel(selector)) {
    const req = parseRequirement(part);
    if (req === undefined) return undefined;
    requirements.push(req);
  }
  return (labels) => {
    const l = labels ?? {};
    return requirements.every((req) => req(l));
  };
}
