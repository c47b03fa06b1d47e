import type { MiddlewareConfigs, MiddlewareHandler } from '../../../core/index.ts';
import { durationMs } from '../duration.ts';
import type { ResponseHeaders, ResponseSink } from '../exchange.ts';
import type { StepContext } from './build.ts';
import { applyResult, envOf, type Step, traceResult } from './step.ts';

/** Rolling window of the breaker's metrics, as oxy's: ten one-second buckets. */
const BUCKETS = 10;
const BUCKET_MS = 1000;

interface Window {
  total: Float64Array;
  netErrors: Float64Array;
  codes: Map<number, Float64Array>;
  latencies: number[][];
  head: number;
  headStart: number;
}

type Metric = (w: Window) => number;
type Predicate = (w: Window) => boolean;

function sum(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s;
}

/** Parses `NetworkErrorRatio() > 0.5 || ResponseCodeRatio(500, 600, 0, 600) > 0.25 && LatencyAtQuantileMS(50.0) > 100`. */
export function parseBreakerExpression(text: string): Predicate | string {
  const tokens = text
    .match(/\s*(&&|\|\||[()<>=!]=?|[A-Za-z]+\([^)]*\)|-?\d+(?:\.\d+)?)/g)
    ?.map((t) => t.trim());
  if (!tokens || tokens.join('').replace(/\s+/g, '') !== text.replace(/\s+/g, ''))
    return `circuitBreaker.expression: cannot parse "${text}"`;
  let pos = 0;
  const metric = (tok: string): Metric | string => {
    const m = /^([A-Za-z]+)\(([^)]*)\)$/.exec(tok);
    if (!m) return `unknown metric "${tok}"`;
    const args = (m[2] ?? '')
      .split(',')
      .filter((a) => a.trim() !== '')
      .map(Number);
    if (m[1] === 'NetworkErrorRatio') return (w) => sum(w.netErrors) / Math.max(1, sum(w.total));
    if (m[1] === 'ResponseCodeRatio' && args.length === 4) {
      const [a, b, c, d] = args as [number, number, number, number];
      return (w) => {
        let num = 0;
        let den = 0;
        for (const [code, arr] of w.codes) {
          const n = sum(arr);
          if (code >= a && code < b) num += n;
          if (code >= c && code < d) den += n;
        }
        return den === 0 ? 0 : num / den;
      };
    }
    if (m[1] === 'LatencyAtQuantileMS' && args.length === 1) {
      const q = (args[0] as number) / 100;
      return (w) => {
        const all = w.latencies.flat().sort((x, y) => x - y);
        return all.length === 0 ? 0 : (all[Math.min(all.length - 1, Math.floor(q * all.length))] as number);
      };
    }
    return `unknown metric "${tok}"`;
  };
  const comparison = (): Predicate | string => {
    const m = metric(tokens[pos++] ?? '');
    if (typeof m === 'string') return m;
    const op = tokens[pos++];
    const value = Number(tokens[pos++]);
    if (!Number.isFinite(value)) return 'expected a number';
    switch (op) {
      case '>':
        return (w) => m(w) > value;
      case '>=':
        return (w) => m(w) >= value;
      case '<':
        return (w) => m(w) < value;
      case '<=':
        return (w) => m(w) <= value;
      case '==':
        return (w) => m(w) === value;
      case '!=':
        return (w) => m(w) !== value;
      default:
        return `unknown operator "${op}"`;
    }
  };
  const primary = (): Predicate | string => {
    if (tokens[pos] === '(') {
      pos++;
      const inner = or();
      if (tokens[pos++] !== ')') return 'expected ")"';
      return inner;
    }
    return comparison();
  };
  const and = (): Predicate | string => {
    let left = primary();
    while (typeof left !== 'string' && tokens[pos] === '&&') {
      pos++;
      const right = primary();
      if (typeof right === 'string') return right;
      const l = left;
      left = (w) => l(w) && right(w);
    }
    return left;
  };
  const or = (): Predicate | string => {
    let left = and();
    while (typeof left !== 'string' && tokens[pos] === '||') {
      pos++;
      const right = and();
      if (typeof right === 'string') return right;
      const l = left;
      left = (w) => l(w) || right(w);
    }
    return left;
  };
  const result = or();
  if (typeof result !== 'string' && pos !== tokens.length) return `unexpected "${tokens[pos]}"`;
  return result;
}

/**
 * circuitBreaker as Traefik's (oxy cbreaker): the expression is checked every `checkPeriod` (100ms) over a
 * 10-second window; when it trips, requests get the fallback answer for `fallbackDuration` (10s), then traffic
 * ramps back during `recoveryDuration` (10s) before the breaker closes. Core renders the open answer.
 */
export function circuitBreakerStep(
  name: string,
  cfg: MiddlewareConfigs['circuitBreaker'],
  handler: MiddlewareHandler,
  ctx: StepContext,
): Step {
  const predicate = parseBreakerExpression(cfg.expression);
  const checkMs = durationMs(cfg.checkPeriod) ?? 100;
  const fallbackMs = durationMs(cfg.fallbackDuration) ?? 10_000;
  const recoveryMs = durationMs(cfg.recoveryDuration) ?? 10_000;
  const key = `circuitBreaker|${name}|${cfg.expression}`;
  type Breaker = {
    w: Window;
    state: 'closed' | 'open' | 'recovering';
    until: number;
    lastCheck: number;
    recoverStart: number;
  };
  let b = ctx.shared.get(key) as Breaker | undefined;
  if (b === undefined) {
    const w: Window = {
      total: new Float64Array(BUCKETS),
      netErrors: new Float64Array(BUCKETS),
      codes: new Map(),
      latencies: Array.from({ length: BUCKETS }, () => []),
      head: 0,
      headStart: performance.now(),
    };
    b = { w, state: 'closed', until: 0, lastCheck: 0, recoverStart: 0 };
    ctx.shared.set(key, b);
  }
  const breaker = b;
  const rotate = (now: number) => {
    const w = breaker.w;
    while (now - w.headStart >= BUCKET_MS) {
      w.head = (w.head + 1) % BUCKETS;
      w.headStart += BUCKET_MS;
      w.total[w.head] = 0;
      w.netErrors[w.head] = 0;
      for (const arr of w.codes.values()) arr[w.head] = 0;
      w.latencies[w.head] = [];
      if (now - w.headStart > BUCKETS * BUCKET_MS) w.headStart = now;
    }
  };
  const record = (status: number, netError: boolean, latency: number) => {
    const w = breaker.w;
    rotate(performance.now());
    w.total[w.head] = (w.total[w.head] as number) + 1;
    if (netError) w.netErrors[w.head] = (w.netErrors[w.head] as number) + 1;
    let arr = w.codes.get(status);
    if (arr === undefined) {
      arr = new Float64Array(BUCKETS);
      w.codes.set(status, arr);
    }
    arr[w.head] = (arr[w.head] as number) + 1;
    w.latencies[w.head]?.push(latency);
  };
  return (ex, next) => {
    const now = performance.now();
    if (breaker.state === 'open' && now >= breaker.until) {
      breaker.state = 'recovering';
      breaker.recoverStart = now;
    }
    if (breaker.state === 'recovering' && now - breaker.recoverStart >= recoveryMs) breaker.state = 'closed';
    if (breaker.state === 'closed' && typeof predicate !== 'string' && now - breaker.lastCheck >= checkMs) {
      breaker.lastCheck = now;
      rotate(now);
      if (predicate(breaker.w)) {
        breaker.state = 'open';
        breaker.until = now + fallbackMs;
      }
    }
    let state = breaker.state;
    // While recovering, a growing share of requests goes through, as oxy's linear ramp.
    if (state === 'recovering' && Math.random() > (now - breaker.recoverStart) / recoveryMs) state = 'open';
    const result = handler(ex.hreq, envOf(ex, { circuitBreaker: state }));
    if (ex.trace !== undefined) traceResult(ex, name, result);
    if (!applyResult(ex, result)) return;
    const downstream = ex.sink;
    const started = performance.now();
    const sink: ResponseSink = {
      head(status: number, headers: ResponseHeaders) {
        record(status, false, performance.now() - started);
        downstream.head(status, headers);
      },
      data: (c) => downstream.data(c),
      end: () => downstream.end(),
      fail(err) {
        if (!ex.res.headersSent) record(502, true, performance.now() - started);
        downstream.fail(err);
      },
      onDrain: (fn) => downstream.onDrain(fn),
    };
    ex.sink = sink;
    next(ex);
  };
}
