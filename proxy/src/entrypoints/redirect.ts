import { compileMiddleware, type EntryPoint, splitHostPort } from '../../../core/index.ts';
import type { Exchange } from '../exchange.ts';
import { respondWith, traceResult } from '../middlewares/step.ts';
import type { CompiledRoute } from '../router/runtime.ts';

/** Traefik's default priority of an entrypoint redirection router: MaxInt32 - 1, above every usual router. */
export const REDIRECT_PRIORITY = 2147483646;

interface RedirectEntryPoint {
  to?: string;
  scheme?: string;
  permanent?: boolean;
  priority?: number;
}

/**
 * An entrypoint's `http.redirections.entryPoint` as Traefik's internal provider builds it: a router
 * `<ep>-to-<to>@internal` with rule ``HostRegexp(`^.+$`)``, the configured priority (MaxInt32-1 by default) and a
 * redirectScheme to the target entrypoint's port (`to` may also be a port, `:443`), scheme https and permanent
 * by default. Traefik's entrypoint model applies to it as to other routers: the entrypoint's `http.middlewares` run
 * first (composed by `chain`), and it is a TLS router only when the entrypoint has `http.tls`. A router of higher
 * priority still wins. Returns undefined without a redirection, or the reason it is refused.
 */
export function redirectRoute(
  name: string,
  eps: Record<string, EntryPoint>,
  chain: (names: string[], last: (ex: Exchange) => void) => ((ex: Exchange) => void) | string,
): CompiledRoute | string | undefined {
  const def = (eps[name]?.http?.redirections as { entryPoint?: RedirectEntryPoint } | undefined)?.entryPoint;
  if (def === undefined) return undefined;
  const to = def.to ?? '';
  if (to === '')
    return `entrypoint "${name}": unable to create redirection: the entry point or the port is missing`;
  const target = eps[to];
  // Traefik takes `to` as a bare port (`:443`) or an entrypoint's name, nothing else (internal.go).
  if (target === undefined && !/^:\d+$/.test(to))
    return `entrypoint "${name}": redirection target "${to}" is neither an entrypoint nor a port`;
  const address = target === undefined ? to : (target.address.split('/')[0] ?? '');
  const port = (address.startsWith(':') ? address.slice(1) : splitHostPort(address)?.port) ?? '';
  if (!/^\d+$/.test(port))
    return `entrypoint "${name}": redirection target "${to}" is neither an entrypoint nor a port`;
  const compiled = compileMiddleware('redirectScheme', {
    scheme: def.scheme ?? 'https',
    port,
    permanent: def.permanent ?? true,
  });
  if (!compiled.ok) return `entrypoint "${name}": redirection: ${compiled.problems.join('; ')}`;
  // Traefik's provider.Normalize: runs of anything but letters and digits become one dash.
  const normalized = `${name}-to-${to}`
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join('-');
  const router = `${normalized}@internal`;
  const middleware = `redirect-${router}`;
  const handler = compiled.handler;
  const redirect = (ex: Exchange): void => {
    const result = handler(ex.hreq, { now: Date.now(), random: Math.random });
    if (ex.trace !== undefined) traceResult(ex, middleware, result);
    // redirectScheme answers unless the request already has the target scheme and port: noop@internal then
    // answers 418, as Traefik's.
    if (result.kind === 'respond') respondWith(ex, result.response);
    else respondWith(ex, { status: 418, headers: {}, body: '' });
  };
  // Traefik's entrypoint model applies to this router as to any other: the entrypoint's middlewares run first.
  const composed = chain(eps[name]?.http?.middlewares ?? [], redirect);
  if (typeof composed === 'string') return `router "${router}": ${composed}`;
  return {
    name: router,
    rule: 'HostRegexp(`^.+$`)',
    // An explicit 0 is kept: like any router's, it then means "rank by rule length".
    priority: def.priority ?? REDIRECT_PRIORITY,
    provider: 'internal',
    service: 'noop@internal',
    handler: composed,
    // noop@internal: Traefik leaves routers of internal services out of metrics unless `addInternals` is set.
    epSeries: undefined,
    series: undefined,
  };
}
