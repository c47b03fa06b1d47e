import {
  compileMiddlewareElement,
  expandMiddlewares,
  type Middleware,
  type MiddlewareConfigs,
  type MiddlewareHandler,
  type MiddlewareType,
} from '../../../core/index.ts';
import type { ServiceHandler } from '../services/types.ts';
import { bufferingStep } from './buffering.ts';
import { circuitBreakerStep } from './circuit-breaker.ts';
import { compressStep } from './compress.ts';
import { contentTypeStep } from './content-type.ts';
import { errorsStep } from './errors.ts';
import { forwardAuthStep } from './forward-auth.ts';
import { inFlightStep, rateLimitStep } from './limits.ts';
import { retryStep } from './retry.ts';
import { pureStep, type Step } from './step.ts';

/** What I/O middlewares need from the configuration being built. */
export interface StepContext {
  /** Resolves a service by qualified name (errors pages), relative to the middleware's provider. */
  service(name: string, provider: string | undefined): ServiceHandler | undefined;
  /** State that must outlive one configuration (rate limit buckets, breakers), keyed by middleware name. */
  shared: Map<string, unknown>;
}

type IoBuilder = (name: string, cfg: never, handler: MiddlewareHandler, ctx: StepContext) => Step;

const IO_STEPS: Partial<Record<MiddlewareType, IoBuilder>> = {
  buffering: bufferingStep as IoBuilder,
  circuitBreaker: circuitBreakerStep as IoBuilder,
  compress: compressStep as IoBuilder,
  contentType: contentTypeStep as IoBuilder,
  errors: errorsStep as IoBuilder,
  forwardAuth: forwardAuthStep as IoBuilder,
  inFlightReq: inFlightStep as IoBuilder,
  rateLimit: rateLimitStep as IoBuilder,
  retry: retryStep as IoBuilder,
};

/** A compiled chain, or the reasons it cannot serve (the router is then left out, as Traefik disables it). */
export type ChainResult = { ok: true; steps: Step[] } | { ok: false; errors: string[] };

/** Compiles a router's middlewares (chains expanded) once per configuration. */
export function compileChain(
  middlewares: Record<string, Middleware>,
  names: readonly string[],
  provider: string | undefined,
  ctx: StepContext,
  cache: Map<string, Step>,
): ChainResult {
  const steps: Step[] = [];
  const errors: string[] = [];
  for (const item of expandMiddlewares(middlewares, names, provider)) {
    if (item.error !== undefined || item.middleware === undefined) {
      errors.push(item.error ?? `middleware "${item.name}" does not exist`);
      continue;
    }
    const cached = cache.get(item.name);
    if (cached !== undefined) {
      steps.push(cached);
      continue;
    }
    const compiled = compileMiddlewareElement(item.middleware);
    if (!compiled.ok) {
      errors.push(`middleware "${item.name}": ${compiled.problems.join('; ')}`);
      continue;
    }
    const io = IO_STEPS[compiled.type];
    const cfg = item.middleware[compiled.type] as MiddlewareConfigs[typeof compiled.type];
    let step: Step;
    try {
      step =
        io !== undefined
          ? io(item.name, cfg as never, compiled.handler, ctx)
          : pureStep(item.name, compiled.handler);
    } catch (err) {
      // An I/O builder may still refuse settings that reach it without core's checks (a hand-written config).
      errors.push(`middleware "${item.name}": ${(err as Error).message}`);
      continue;
    }
    cache.set(item.name, step);
    steps.push(step);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, steps };
}

/** Folds steps around a final handler once, so a request walks plain closures. */
export function composeSteps(steps: readonly Step[], last: (ex: import('../exchange.ts').Exchange) => void) {
  let handler = last;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i] as Step;
    const next = handler;
    handler = (ex) => step(ex, next);
  }
  return handler;
}
