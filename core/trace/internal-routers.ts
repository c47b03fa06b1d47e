import type { Middleware, Router, RuntimeConfig } from '../config/types.ts';
import { addressPort } from './entrypoint.ts';

/** Traefik's default priority of an entrypoint redirection router: MaxInt32 - 1. */
export const REDIRECT_PRIORITY = 2147483646;

/** The internal service of Traefik's redirection routers: it answers 418 to what reaches it. */
export const NOOP_SERVICE = 'noop@internal';

interface RedirectEntryPoint {
  to?: string;
  scheme?: string;
  permanent?: boolean;
  priority?: number;
}

/** Traefik's provider.Normalize: every run of characters other than letters and digits becomes one dash. */
export function normalizeName(name: string): string {
  return name
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join('-');
}

/**
 * The port an entrypoint redirection targets, as Traefik resolves `to`: a bare `:port` first, else the port of the
 * entrypoint of that name. Undefined when neither applies (Traefik logs an error and builds no router).
 */
function redirectPort(config: RuntimeConfig, to: string): string | undefined {
  const bare = /^:(\d+)$/.exec(to);
  if (bare) return bare[1];
  const target = config.entryPoints?.[to];
  if (!target) return undefined;
  const port = addressPort(target.address);
  return /^\d+$/.test(port) ? port : undefined;
}

/**
 * `config` with the routers and middlewares Traefik's internal provider adds for each entrypoint's
 * `http.redirections.entryPoint`: router `<ep>-to-<to>@internal` (normalised) with rule ``HostRegexp(`^.+$`)``, the
 * configured priority (MaxInt32-1 by default), a redirectScheme middleware `redirect-<router>` (https and permanent
 * by default) and the service noop@internal. Being ordinary routers, they compete by priority, get the
 * entrypoint's `http.middlewares` first and are TLS routers only when the entrypoint has `http.tls`. Returns
 * `config` itself when no entrypoint redirects.
 */
export function withInternalRouters(config: RuntimeConfig): RuntimeConfig {
  const routers: Record<string, Router> = {};
  const middlewares: Record<string, Middleware> = {};
  for (const [ep, def] of Object.entries(config.entryPoints ?? {})) {
    const redirect = (def.http?.redirections as { entryPoint?: RedirectEntryPoint } | undefined)?.entryPoint;
    const to = redirect?.to;
    if (!redirect || !to) continue;
    const port = redirectPort(config, to);
    if (port === undefined) continue;
    const name = normalizeName(`${ep}-to-${to}`);
    const middleware = `redirect-${name}@internal`;
    routers[`${name}@internal`] = {
      rule: 'HostRegexp(`^.+$`)',
      entryPoints: [ep],
      middlewares: [middleware],
      service: NOOP_SERVICE,
      priority: redirect.priority ?? REDIRECT_PRIORITY,
    };
    middlewares[middleware] = {
      redirectScheme: {
        scheme: redirect.scheme ?? 'https',
        port,
        permanent: redirect.permanent ?? true,
      },
    };
  }
  if (Object.keys(routers).length === 0) return config;
  return {
    ...config,
    http: {
      ...config.http,
      routers: { ...config.http.routers, ...routers },
      middlewares: { ...config.http.middlewares, ...middlewares },
    },
  };
}
