/**
 * Durations as Traefik reads and prints them (paerser's `types.Duration`): a bare number is seconds, otherwise Go's
 * `time.ParseDuration` syntax; printed with Go's `Duration.String` (`100ms`, `1m30s`, `1h0m0s`).
 */

const UNITS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 6e10,
  h: 3.6e12,
};

/** Nanoseconds of a duration (number = seconds), or `undefined` when it does not parse. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value * 1e9) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^-?\d+$/.test(text)) return Number(text) * 1e9;
  const m = /^([-+]?)((?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+|0)$/.exec(text);
  if (m === null) return undefined;
  let total = 0;
  for (const part of (m[2] ?? '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (UNITS[part[2] ?? 's'] ?? 0);
  }
  return Math.round(m[1] === '-' ? -total : total);
}

function fraction(value: number, unit: number): string {
  const whole = Math.floor(value / unit);
  const rest = value - whole * unit;
  if (rest === 0) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

/** Go's `time.Duration.String` of a number of nanoseconds. */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  const u = Math.abs(ns);
  if (u < 1e3) return `${sign}${u}ns`;
  if (u < 1e6) return `${sign}${fraction(u, 1e3)}µs`;
  if (u < 1e9) return `${sign}${fraction(u, 1e6)}ms`;
  const hours = Math.floor(u / 3.6e12);
  const minutes = Math.floor((u - hours * 3.6e12) / 6e10);
  const seconds = `${fraction(u - hours * 3.6e12 - minutes * 6e10, 1e9)}s`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}

/** Parses and re-prints a duration the way Traefik's configuration dump shows it; `undefined` when invalid. */
export function normalizeDuration(value: unknown): string | undefined {
  const ns = parseDuration(value);
  return ns === undefined ? undefined : formatDuration(ns);
}
