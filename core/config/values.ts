/** Narrowing helpers for the untyped `spec` of parsed objects: bad shapes read as absent (the schema check reports them). */

export type Dict = Record<string, unknown>;

export function asDict(value: unknown): Dict | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Dict) : undefined;
}

export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asBool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** A port as Kubernetes' IntOrString: a number or a non-numeric name. */
export function asPort(value: unknown): number | string | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && value !== '') return /^\d+$/.test(value) ? Number(value) : value;
  return undefined;
}

export function stringList(value: unknown): string[] {
  return asList(value).filter((v): v is string => typeof v === 'string');
}

/** A deep copy of plain data with object keys sorted, so copied user configuration serialises canonically. */
export function canonical<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => canonical(v)) as T;
  const dict = asDict(value);
  if (dict === undefined) return value;
  const out: Dict = {};
  for (const key of Object.keys(dict).sort()) {
    const v = dict[key];
    if (v !== undefined) out[key] = canonical(v);
  }
  return out as T;
}

/** Go's `net.JoinHostPort`: brackets around hosts that contain a colon (IPv6). */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
