import type { MiddlewareDef } from './types.ts';

/** Parses a Go duration (`10s`, `1m30s`, `100ms`) or a number of seconds; undefined when malformed. */
export function parseDuration(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value * 1000;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const units: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    total += Number(m[1]) * (units[m[2] as string] as number);
    matched = re.lastIndex;
  }
  return matched === value.length && value.length > 0 ? total : undefined;
}

const TOO_MANY = {
  status: 429,
  headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  body: 'Too Many Requests',
};

/**
 * rateLimit: a token bucket of `burst` tokens refilled at `average` per `period` (default 1s); `average` 0 means
 * no limit. A single request on a fresh bucket passes; a rejected one gets 429 with Retry-After.
 */
export const rateLimit: MiddlewareDef<'rateLimit'> = {
  type: 'rateLimit',
  validate(cfg) {
    const problems: string[] = [];
    if ((cfg.average ?? 0) < 0) problems.push('rateLimit.average: must be zero or more');
    if ((cfg.burst ?? 1) < 0) problems.push('rateLimit.burst: must be zero or more');
    if (cfg.period !== undefined && !parseDuration(cfg.period))
      problems.push('rateLimit.period: invalid duration');
    return problems;
  },
  compile(cfg) {
    const average = cfg.average ?? 0;
    const burst = Math.max(cfg.burst ?? 1, 1);
    const periodMs = parseDuration(cfg.period) ?? 1000;
    const summary =
      average === 0
        ? 'rateLimit: average 0, no limit'
        : `rateLimit: ${average} requests per ${periodMs / 1000}s, burst ${burst}, per ${criterion(cfg.sourceCriterion)}`;
    return (req, env) => {
      const limited = env.state?.rateLimited;
      if (average > 0 && limited) {
        const retry = Math.max(1, Math.ceil(limited.retryAfterSeconds));
        return {
          kind: 'respond',
          response: {
            ...TOO_MANY,
            headers: { ...TOO_MANY.headers, 'Retry-After': String(retry), 'X-Retry-In': `${retry}s` },
          },
          notes: [summary, 'rateLimit: bucket empty, request rejected'],
        };
      }
      return { kind: 'next', request: req, notes: [summary] };
    };
  },
};

function criterion(
  c: { requestHeaderName?: string; requestHost?: boolean; ipStrategy?: unknown } | undefined,
): string {
  if (c?.requestHeaderName) return `value of header ${c.requestHeaderName}`;
  if (c?.requestHost) return 'request host';
  return c?.ipStrategy ? 'client IP (ipStrategy)' : 'client IP';
}

/** inFlightReq: at most `amount` simultaneous requests per source; the next one gets 429. */
export const inFlightReq: MiddlewareDef<'inFlightReq'> = {
  type: 'inFlightReq',
  validate(cfg) {
    return typeof cfg.amount === 'number' && cfg.amount > 0
      ? []
      : ['inFlightReq.amount: must be greater than zero'];
  },
  compile(cfg) {
    const summary = `inFlightReq: at most ${cfg.amount} requests in flight per ${criterion(cfg.sourceCriterion)}`;
    return (req, env) => {
      if ((env.state?.inFlight ?? 0) >= cfg.amount) {
        return { kind: 'respond', response: { ...TOO_MANY }, notes: [summary, 'inFlightReq: limit reached'] };
      }
      return { kind: 'next', request: req, notes: [summary] };
    };
  },
};

/** circuitBreaker: while open, requests get `responseCode` (default 503) without reaching the service. */
export const circuitBreaker: MiddlewareDef<'circuitBreaker'> = {
  type: 'circuitBreaker',
  validate(cfg) {
    return cfg.expression?.trim() ? [] : ['circuitBreaker.expression: must not be empty'];
  },
  compile(cfg) {
    const code = cfg.responseCode ?? 503;
    const summary = `circuitBreaker: trips on ${cfg.expression}`;
    return (req, env) => {
      const state = env.state?.circuitBreaker ?? 'closed';
      if (state === 'open') {
        return {
          kind: 'respond',
          response: { status: code, headers: {}, body: code === 503 ? 'Service Unavailable' : '' },
          notes: [summary, 'circuitBreaker: open'],
        };
      }
      return { kind: 'next', request: req, notes: [summary, `circuitBreaker: ${state}`] };
    };
  },
};

/** retry: on a network error the request is sent again, up to `attempts` times in all. */
export const retry: MiddlewareDef<'retry'> = {
  type: 'retry',
  validate(cfg) {
    const problems: string[] = [];
    if (!(typeof cfg.attempts === 'number' && cfg.attempts > 0))
      problems.push('retry.attempts: must be greater than zero');
    if (cfg.initialInterval !== undefined && parseDuration(cfg.initialInterval) === undefined) {
      problems.push('retry.initialInterval: invalid duration');
    }
    return problems;
  },
  compile(cfg) {
    const backoff = cfg.initialInterval ? `, exponential backoff from ${cfg.initialInterval}` : '';
    const note = `retry: up to ${cfg.attempts} attempts on network errors${backoff}`;
    return (req) => ({ kind: 'next', request: req, notes: [note] });
  },
};
