import type { MiddlewareConfigs, MiddlewareHandler } from '../../../core/index.ts';
import { durationMs } from '../duration.ts';
import type { StepContext } from './build.ts';
import { compileSource } from './source.ts';
import { applyResult, envOf, type Step, traceResult } from './step.ts';

/** Keys kept per middleware before the oldest are dropped; bounds memory under many distinct sources. */
const MAX_SOURCES = 65_536;

interface Bucket {
  tokens: number;
  last: number;
}

/**
 * rateLimit as Traefik's (golang.org/x/time/rate): a bucket of `burst` tokens per source, refilled at
 * `average / period`, full at first. The proxy keeps the buckets; core turns "empty" into the 429 answer.
 */
export function rateLimitStep(
  name: string,
  cfg: MiddlewareConfigs['rateLimit'],
  handler: MiddlewareHandler,
  ctx: StepContext,
): Step {
  const average = cfg.average ?? 0;
  const burst = Math.max(cfg.burst ?? 1, 1);
  const periodMs = durationMs(cfg.period) ?? 1000;
  const perMs = average / periodMs;
  const source = compileSource(cfg.sourceCriterion);
  const key = `rateLimit|${name}|${average}|${burst}|${periodMs}`;
  const buckets = (ctx.shared.get(key) as Map<string, Bucket> | undefined) ?? new Map<string, Bucket>();
  ctx.shared.set(key, buckets);
  return (ex, next) => {
    let state: { rateLimited?: { retryAfterSeconds: number } } | undefined;
    if (average > 0) {
      const now = performance.now();
      const src = source(ex.hreq);
      let b = buckets.get(src);
      if (b === undefined) {
        if (buckets.size >= MAX_SOURCES) buckets.delete(buckets.keys().next().value as string);
        b = { tokens: burst, last: now };
        buckets.set(src, b);
      } else {
        b.tokens = Math.min(burst, b.tokens + (now - b.last) * perMs);
        b.last = now;
      }
      if (b.tokens >= 1) b.tokens -= 1;
      else state = { rateLimited: { retryAfterSeconds: (1 - b.tokens) / perMs / 1000 } };
    }
    const result = handler(ex.hreq, envOf(ex, state));
    if (ex.trace !== undefined) traceResult(ex, name, result);
    if (applyResult(ex, result)) next(ex);
  };
}

/** inFlightReq: counts requests per source until their response completes; core answers 429 at the limit. */
export function inFlightStep(
  name: string,
  cfg: MiddlewareConfigs['inFlightReq'],
  handler: MiddlewareHandler,
  ctx: StepContext,
): Step {
  const source = compileSource(cfg.sourceCriterion);
  const key = `inFlightReq|${name}`;
  const counts = (ctx.shared.get(key) as Map<string, number> | undefined) ?? new Map<string, number>();
  ctx.shared.set(key, counts);
  return (ex, next) => {
    const src = source(ex.hreq);
    const current = counts.get(src) ?? 0;
    const result = handler(ex.hreq, envOf(ex, { inFlight: current }));
    if (ex.trace !== undefined) traceResult(ex, name, result);
    if (!applyResult(ex, result)) return;
    counts.set(src, current + 1);
    const release = () => {
      const n = (counts.get(src) ?? 1) - 1;
      if (n <= 0) counts.delete(src);
      else counts.set(src, n);
    };
    if (ex.onDone === undefined) ex.onDone = [release];
    else ex.onDone.push(release);
    next(ex);
  };
}
