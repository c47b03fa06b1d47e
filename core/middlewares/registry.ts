import type { Middleware } from '../config/types.ts';
import type { HttpRequest } from '../request.ts';
import { addPrefix } from './add-prefix.ts';
import { basicAuth } from './basic-auth.ts';
import { buffering } from './buffering.ts';
import { errors, forwardAuth } from './calls.ts';
import { chain } from './chain.ts';
import { digestAuth } from './digest-auth.ts';
import { encodedCharacters } from './encoded-characters.ts';
import { headers } from './headers.ts';
import { ipAllowList } from './ip-allow-list.ts';
import { passTLSClientCert } from './pass-tls-client-cert.ts';
import { compress, contentType, grpcWeb } from './passive.ts';
import { redirectRegex } from './redirect-regex.ts';
import { redirectScheme } from './redirect-scheme.ts';
import { replacePath } from './replace-path.ts';
import { replacePathRegex } from './replace-path-regex.ts';
import { circuitBreaker, inFlightReq, rateLimit, retry } from './stateful.ts';
import { stripPrefix } from './strip-prefix.ts';
import { stripPrefixRegex } from './strip-prefix-regex.ts';
import type {
  MiddlewareConfigs,
  MiddlewareDef,
  MiddlewareEnv,
  MiddlewareHandler,
  MiddlewareResult,
  MiddlewareType,
} from './types.ts';

type Registry = { [K in MiddlewareType]: MiddlewareDef<K> };

/** Every HTTP middleware type Traefik v3 has, keyed by its configuration key (Traefik's `buildConstructor`, as a map). */
export const MIDDLEWARES: Registry = {
  addPrefix,
  basicAuth,
  buffering,
  chain,
  circuitBreaker,
  compress,
  contentType,
  digestAuth,
  encodedCharacters,
  errors,
  forwardAuth,
  grpcWeb,
  headers,
  inFlightReq,
  ipAllowList,
  passTLSClientCert,
  rateLimit,
  redirectRegex,
  redirectScheme,
  replacePath,
  replacePathRegex,
  retry,
  stripPrefix,
  stripPrefixRegex,
};

/** The type keys set on a middleware; a usable middleware has exactly one. */
export function middlewareTypes(mw: Middleware): MiddlewareType[] {
  return (Object.keys(mw) as string[]).filter(
    (k): k is MiddlewareType => k in MIDDLEWARES && mw[k as MiddlewareType] != null,
  );
}

/** A compiled middleware, or why it cannot be built. */
export type CompiledMiddleware =
  | { ok: true; type: MiddlewareType; handler: MiddlewareHandler }
  | { ok: false; type?: MiddlewareType; problems: string[] };

/**
 * Validates a middleware configuration once and returns its handler: regexps, htpasswd entries and CIDR blocks
 * are compiled here, so calling the handler per request does no compile work.
 *
 * @example
 * const c = compileMiddleware('stripPrefix', { prefixes: ['/api'] });
 * if (c.ok) c.handler(req, { now: 0, random: mulberry32(1) });
 */
export function compileMiddleware<K extends MiddlewareType>(
  type: K,
  cfg: MiddlewareConfigs[K],
): CompiledMiddleware {
  const def = MIDDLEWARES[type] as MiddlewareDef<K> | undefined;
  if (!def) return { ok: false, problems: [`unknown middleware type "${String(type)}"`] };
  if (cfg == null || typeof cfg !== 'object')
    return { ok: false, type, problems: [`${type}: must be an object`] };
  const problems = def.validate(cfg);
  if (problems.length > 0) return { ok: false, type, problems };
  return { ok: true, type, handler: def.compile(cfg) };
}

/** Compiles a configuration element (`RuntimeConfig.http.middlewares[name]`), checking it sets exactly one type. */
export function compileMiddlewareElement(mw: Middleware): CompiledMiddleware {
  const types = middlewareTypes(mw);
  if (types.length !== 1) {
    return {
      ok: false,
      problems: [
        types.length === 0
          ? 'middleware sets no known type'
          : `middleware sets several types: ${types.join(', ')}`,
      ],
    };
  }
  const type = types[0] as MiddlewareType;
  return compileMiddleware(type, mw[type] as MiddlewareConfigs[typeof type]);
}

/** Validates, compiles and applies in one call; for one-off use (tests, tooling), not per request. */
export function applyMiddleware<K extends MiddlewareType>(
  type: K,
  cfg: MiddlewareConfigs[K],
  req: HttpRequest,
  env: MiddlewareEnv,
): MiddlewareResult {
  const compiled = compileMiddleware(type, cfg);
  if (!compiled.ok) {
    return {
      kind: 'respond',
      response: { status: 500, headers: {}, body: 'Internal Server Error' },
      notes: compiled.problems,
    };
  }
  return compiled.handler(req, env);
}
