import type { ParsedResource } from '../resources/types.ts';
import type { Catalog } from './catalog.ts';
import { BuildContext, BuildError } from './context.ts';
import { emptyFragment, type Fragment } from './fragment.ts';
import { buildIngress } from './ingress.ts';
import { buildIngressRoute } from './ingress-routes.ts';
import { buildMiddleware } from './middlewares.ts';
import type { EffectiveOptions } from './options.ts';
import { buildServersTransport } from './servers-transports.ts';
import { buildTLSOption, buildTLSStore } from './tls.ts';
import { buildTraefikService, type ServiceOut } from './traefik-services.ts';

/**
 * The kinds that contribute to the configuration, in the order Traefik's `loadConfigurationFromCRD` processes them
 * (which decides who wins when two write the same service name).
 */
export const FRAGMENT_KINDS = [
  'TLSStore',
  'IngressRoute',
  'Middleware',
  'TraefikService',
  'ServersTransport',
  'TLSOption',
  'Ingress',
] as const;

function traefikService(ctx: BuildContext, r: ParsedResource, frag: Fragment): void {
  const out: ServiceOut = new Map();
  const err = buildTraefikService(ctx, r, out);
  if (err instanceof BuildError) {
    ctx.report(r, err.code, err.path, `TraefikService skipped: ${err.message}`);
    return;
  }
  frag.services.push(...out);
}

const BUILDERS: Readonly<Record<string, (ctx: BuildContext, r: ParsedResource, frag: Fragment) => void>> = {
  TLSStore: buildTLSStore,
  IngressRoute: buildIngressRoute,
  Middleware: buildMiddleware,
  TraefikService: traefikService,
  ServersTransport: buildServersTransport,
  TLSOption: buildTLSOption,
  Ingress: buildIngress,
};

/**
 * Builds what one object contributes, recording every catalog key it read (unless `trackDeps` is false: a one-shot
 * resolve never asks, and the keys were a string and a set entry per lookup).
 */
export function buildFragment(
  catalog: Catalog,
  opts: EffectiveOptions,
  r: ParsedResource,
  trackDeps = true,
): Fragment {
  const ctx = new BuildContext(catalog, opts, trackDeps);
  // The fragment records what the context records: every lookup and finding lands in it directly.
  const frag = emptyFragment(ctx.deps, ctx.diagnostics);
  frag.owner = r;
  BUILDERS[r.object.kind]?.(ctx, r, frag);
  return trimmed(frag);
}

const LISTS = [
  'routers',
  'services',
  'middlewares',
  'serversTransports',
  'tlsOptions',
  'tlsStores',
  'certificates',
  'origins',
  'routerInfo',
  'diagnostics',
] as const;

/**
 * The fragment with its lists copied to their exact length. Why: a list grown by `push` keeps room for 16 more
 * entries, fragments live as long as the resolve (or the resolver), and copying that slack was a good part of the
 * garbage collector's work in a full resolve.
 */
function trimmed(frag: Fragment): Fragment {
  const lists = frag as unknown as Record<(typeof LISTS)[number], unknown[]>;
  for (const key of LISTS) if (lists[key].length > 0) lists[key] = lists[key].slice();
  return frag;
}
