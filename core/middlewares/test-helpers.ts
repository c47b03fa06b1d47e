import type { HttpRequest } from '../request.ts';
import { applyMiddleware } from './registry.ts';
import type { MiddlewareConfigs, MiddlewareEnv, MiddlewareResult, MiddlewareType } from './types.ts';

/** A fixed environment for middleware tests. */
export const testEnv: MiddlewareEnv = { now: 0, random: () => 0.5 };

/** A GET request to `url` with `headers`. */
export function get(
  url: string,
  headers: Record<string, string | string[]> = {},
  extra: Partial<HttpRequest> = {},
): HttpRequest {
  return { method: 'GET', url, headers, ...extra };
}

/** Validates, compiles and applies one middleware. */
export function run<K extends MiddlewareType>(
  type: K,
  cfg: MiddlewareConfigs[K],
  req: HttpRequest,
  env: MiddlewareEnv = testEnv,
): MiddlewareResult {
  return applyMiddleware(type, cfg, req, env);
}

/** The request passed on, or a failure naming what happened instead. */
export function nextRequest(result: MiddlewareResult): HttpRequest {
  if (result.kind === 'respond') throw new Error(`expected next, got a ${result.response.status} response`);
  return result.request;
}
