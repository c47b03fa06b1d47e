import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { ParsedResource } from '../resources/types.ts';
import { buildFragment, FRAGMENT_KINDS } from './build.ts';
import { Catalog, namespaceOf } from './catalog.ts';
import type { Fragment } from './fragment.ts';
import { assembleOnce } from './one-shot.ts';
import { effectiveOptions, type ResolveOptions } from './options.ts';
import type { RuntimeConfig } from './types.ts';

/** The resolved configuration and the findings about the input. */
export interface ResolveResult {
  config: RuntimeConfig;
  diagnostics: Diagnostic[];
}

/** A fragment's place in Traefik's processing order: by kind, then namespace and name. */
export function fragmentOrder(r: ParsedResource): string {
  const kind = (FRAGMENT_KINDS as readonly string[]).indexOf(r.object.kind);
  return `${kind}\u0000${namespaceOf(r)}/${r.object.metadata.name}`;
}

/**
 * Resolves parsed objects into the configuration Traefik v3's Kubernetes CRD provider would build: same names,
 * same defaults, same skips, plus `source`, `status`, `errors` and `usedBy` on each element and diagnostics at
 * each problem. Deterministic: the same objects in any order give the same bytes.
 *
 * @example
 * const { resources } = parseManifests(text, 'apps/shop.yaml');
 * const { config, diagnostics } = resolve(resources, { kubernetesCRD: { allowCrossNamespace: true } });
 * config.http.routers['apps-shop-3f9c1e7a2b4d5e6f7a8b@kubernetescrd'];
 */
export function resolve(resources: readonly ParsedResource[], options?: ResolveOptions): ResolveResult {
  const opts = effectiveOptions(options);
  const catalog = new Catalog(opts);
  for (const r of resources) catalog.add(r);
  // One pass in Traefik's processing order; `createResolver` keeps the bookkeeping for updates instead.
  const fragments: Fragment[] = [];
  for (const kind of FRAGMENT_KINDS)
    for (const r of catalog.list(kind)) fragments.push(buildFragment(catalog, opts, r, false));
  return assembleOnce(opts, fragments, catalog.version(opts));
}
