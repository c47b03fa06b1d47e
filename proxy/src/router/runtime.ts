import {
  buildRouterTable,
  compileEncodedCharacters,
  type DeniedEncodedCharacters,
  type EntryPoint,
  providerOf,
  type RouterTable,
  type RuntimeConfig,
} from '../../../core/index.ts';
import { redirectRoute } from '../entrypoints/redirect.ts';
import { CertStore, type KeyPair } from '../entrypoints/tls.ts';
import type { Exchange } from '../exchange.ts';
import type { HealthRegistry, HealthTarget } from '../health/registry.ts';
import { compileChain, composeSteps, type StepContext } from '../middlewares/build.ts';
import type { Step } from '../middlewares/step.ts';
import {
  type Metrics,
  type RequestSeries,
  routeMetrics,
  SHARED_METRICS_KEY,
} from '../observability/metrics.ts';
import { ServiceBuilder } from '../services/build.ts';
import type { UpstreamPools } from '../upstream/pools.ts';

/**
 * A router compiled for one entrypoint: its rule for the table, its whole handler chain, its metric series.
 * The series are all undefined for a router Traefik keeps out of metrics: one whose service is `@internal`
 * (Traefik's `addInternals` is off by default), or with `observability.metrics: false`; its requests then count
 * on no entrypoint either, as Traefik builds the entrypoint's metrics into each router's chain.
 */
export interface CompiledRoute {
  name: string;
  rule: string;
  priority?: number;
  provider?: string;
  service: string;
  handler: (ex: Exchange) => void;
  epSeries: RequestSeries | undefined;
  series: RequestSeries | undefined;
}

/** One entrypoint's tables: TLS routers answer TLS connections, the others plain ones (as Traefik splits them). */
export interface EntryPointRuntime {
  name: string;
  address: string;
  plain: RouterTable<CompiledRoute>;
  secure: RouterTable<CompiledRoute>;
  series: RequestSeries;
  /** `http.sanitizePath`: on unless set to false, as Traefik. */
  sanitizePath: boolean;
  /** `http.encodedCharacters` compiled; undefined when every encoded character is allowed (the default). */
  deniedEncoded: DeniedEncodedCharacters | undefined;
}

/** Everything one configuration serves, built completely before it is swapped in. */
export interface Runtime {
  version: string;
  entryPoints: Map<string, EntryPointRuntime>;
  certs: CertStore;
  healthTargets: HealthTarget[];
  /** Elements left out (disabled routers, missing services), as Traefik logs and continues. */
  warnings: string[];
  poolGeneration: number;
}

/** What outlives configurations: pools, health state, metrics, middleware state. */
export interface RuntimeDeps {
  pools: UpstreamPools;
  health: HealthRegistry;
  metrics: Metrics;
  shared: Map<string, unknown>;
  defaultCert: KeyPair;
}

/** Traefik: routers without entryPoints attach to the `asDefault` entrypoints, or to all when none is. */
function defaultEntryPoints(eps: Record<string, EntryPoint>): string[] {
  const names = Object.keys(eps);
  const marked = names.filter((n) => eps[n]?.asDefault === true);
  return marked.length > 0 ? marked : names;
}

/**
 * Compiles a configuration: services, middleware chains and router tables per entrypoint. Throws only for a
 * configuration that cannot serve at all; element errors leave the element out, with a warning.
 */
export function buildRuntime(config: RuntimeConfig, deps: RuntimeDeps): Runtime {
  if (
    config === null ||
    typeof config !== 'object' ||
    typeof config.http !== 'object' ||
    config.http === null
  ) {
    throw new Error('configuration has no http section');
  }
  const poolGeneration = deps.pools.beginGeneration();
  deps.shared.set(SHARED_METRICS_KEY, deps.metrics);
  const warnings: string[] = [];
  const services = new ServiceBuilder(config, deps.pools, deps.health, deps.metrics);
  const ctx: StepContext = {
    service: (name, provider) => {
      const s = services.get(name, provider);
      return typeof s === 'string' ? undefined : s;
    },
    shared: deps.shared,
  };
  const stepCache = new Map<string, Step>();
  const eps = config.entryPoints ?? {};
  const defaults = defaultEntryPoints(eps);
  const perEp = new Map<string, { plain: CompiledRoute[]; secure: CompiledRoute[] }>();
  for (const name of Object.keys(eps)) perEp.set(name, { plain: [], secure: [] });
  const middlewares = config.http.middlewares ?? {};

  for (const [name, router] of Object.entries(config.http.routers ?? {}).sort(([a], [b]) =>
    a < b ? -1 : 1,
  )) {
    if (router.status === 'disabled') {
      warnings.push(`router "${name}" is disabled: ${(router.errors ?? []).join('; ')}`);
      continue;
    }
    const provider = providerOf(name);
    const service = services.get(router.service, provider);
    if (typeof service === 'string') {
      warnings.push(`router "${name}": ${service}`);
      continue;
    }
    for (const epName of router.entryPoints ?? defaults) {
      const ep = eps[epName];
      const lists = perEp.get(epName);
      if (ep === undefined || lists === undefined) {
        warnings.push(`router "${name}": entrypoint "${epName}" does not exist`);
        continue;
      }
      const names = [...(ep.http?.middlewares ?? []), ...(router.middlewares ?? [])];
      const chain = compileChain(middlewares, names, provider, ctx, stepCache);
      if (!chain.ok) {
        warnings.push(`router "${name}": ${chain.errors.join('; ')}`);
        continue;
      }
      const { epSeries, series, serviceSeries } = routeMetrics(
        deps.metrics,
        epName,
        name,
        service.name,
        router.observability?.metrics !== false,
      );
      // Traefik's service metrics wrap the service handler: a request a middleware answered never counts there.
      const last =
        serviceSeries === undefined
          ? (ex: Exchange) => service.serve(ex)
          : (ex: Exchange) => {
              ex.serviceSeries = serviceSeries;
              service.serve(ex);
            };
      const route: CompiledRoute = {
        name,
        rule: router.rule,
        ...(router.priority !== undefined ? { priority: router.priority } : {}),
        ...(provider !== undefined ? { provider } : {}),
        service: service.name,
        handler: composeSteps(chain.steps, last),
        epSeries,
        series,
      };
      const tls = router.tls !== undefined || ep.http?.tls !== undefined;
      (tls ? lists.secure : lists.plain).push(route);
    }
  }

  const entryPoints = new Map<string, EntryPointRuntime>();
  for (const [name, lists] of perEp) {
    const redirect = redirectRoute(name, eps, (names, last) => {
      const chain = compileChain(middlewares, names, 'internal', ctx, stepCache);
      return chain.ok ? composeSteps(chain.steps, last) : chain.errors.join('; ');
    });
    if (typeof redirect === 'string') warnings.push(redirect);
    else if (redirect !== undefined) (eps[name]?.http?.tls ? lists.secure : lists.plain).push(redirect);
    const plain = buildRouterTable(lists.plain);
    const secure = buildRouterTable(lists.secure);
    for (const e of [...plain.errors, ...secure.errors])
      warnings.push(`router "${e.name}": ${e.error.message}`);
    entryPoints.set(name, {
      name,
      address: eps[name]?.address ?? '',
      plain,
      secure,
      series: deps.metrics.entryPoint(name),
      sanitizePath: eps[name]?.http?.sanitizePath !== false,
      deniedEncoded: compileEncodedCharacters(eps[name]?.http?.encodedCharacters, true),
    });
  }
  const certs = new CertStore(config, deps.defaultCert);
  warnings.push(...certs.problems);
  return {
    version: config.version,
    entryPoints,
    certs,
    healthTargets: services.healthTargets,
    warnings,
    poolGeneration,
  };
}
