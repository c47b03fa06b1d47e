import type { HttpRequest } from '../request.ts';
import type { HeaderOp } from './types.ts';

type HeaderMap = Record<string, string | string[]>;

function findKey(headers: HeaderMap, name: string): string | undefined {
  if (name in headers) return name;
  const lower = name.toLowerCase();
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) return key;
  return undefined;
}

/** The first value of a header, matched case-insensitively, as Go's `Header.Get`. */
export function getHeader(headers: HeaderMap, name: string): string | undefined {
  const key = findKey(headers, name);
  if (key === undefined) return undefined;
  const value = headers[key];
  return Array.isArray(value) ? value[0] : value;
}

/** Every value of a header, matched case-insensitively. */
export function getHeaderValues(headers: HeaderMap, name: string): string[] {
  const key = findKey(headers, name);
  if (key === undefined) return [];
  const value = headers[key];
  return Array.isArray(value) ? [...value] : [value as string];
}

/** A copy with every spelling of `name` removed. */
export function withoutHeader(headers: HeaderMap, name: string): HeaderMap {
  const lower = name.toLowerCase();
  const out: HeaderMap = {};
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() !== lower) out[k] = v;
  return out;
}

/** A copy with `name` set to `value`, replacing any other spelling, as Go's `Header.Set`. */
export function withHeader(headers: HeaderMap, name: string, value: string | string[]): HeaderMap {
  const out = withoutHeader(headers, name);
  out[name] = value;
  return out;
}

/** A copy with `value` appended to `name`'s values, as Go's `Header.Add`. */
export function withAddedHeader(headers: HeaderMap, name: string, value: string): HeaderMap {
  const existing = getHeaderValues(headers, name);
  return withHeader(headers, name, existing.length === 0 ? value : [...existing, value]);
}

/** The request with one header set. */
export function setRequestHeader(req: HttpRequest, name: string, value: string | string[]): HttpRequest {
  return { ...req, headers: withHeader(req.headers, name, value) };
}

/** Applies a middleware's response edits, in order, to a response's headers. */
export function applyHeaderOps(headers: HeaderMap, ops: readonly HeaderOp[]): HeaderMap {
  let out = headers;
  for (const op of ops) {
    if (op.op === 'set') out = withHeader(out, op.name, op.value);
    else if (op.op === 'delete') out = withoutHeader(out, op.name);
    else {
      // Same as traefik headers: `Vary: Origin` is appended unless it is already exactly the value.
      const current = getHeader(out, op.name) ?? '';
      if (current === op.value) continue;
      out = withHeader(out, op.name, current === '' ? op.value : `${current},${op.value}`);
    }
  }
  return out;
}

/**
 * Applies the response edits of a chain of middlewares, given outermost first, the way the response travels back:
 * the innermost middleware's edits first, so an outer middleware's edit of the same header wins (as in Traefik,
 * where each middleware wraps the response writer of the next).
 */
export function applyResponseEdits(
  headers: HeaderMap,
  editsOutermostFirst: readonly (readonly HeaderOp[])[],
): HeaderMap {
  let out = headers;
  for (let i = editsOutermostFirst.length - 1; i >= 0; i--)
    out = applyHeaderOps(out, editsOutermostFirst[i] ?? []);
  return out;
}

/** Header names that differ between two header maps (added, removed or changed), lowercased and sorted. */
export function changedHeaderNames(before: HeaderMap, after: HeaderMap): string[] {
  const norm = (h: HeaderMap) => {
    const m = new Map<string, string>();
    for (const [k, v] of Object.entries(h)) m.set(k.toLowerCase(), Array.isArray(v) ? v.join('\u0000') : v);
    return m;
  };
  const a = norm(before);
  const b = norm(after);
  const names = new Set<string>();
  for (const [k, v] of a) if (b.get(k) !== v) names.add(k);
  for (const k of b.keys()) if (!a.has(k)) names.add(k);
  return [...names].sort();
}
