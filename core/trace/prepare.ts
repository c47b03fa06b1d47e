import type { Router, RuntimeConfig } from '../config/types.ts';
import { expandMiddlewares, providerOf, qualifyName } from '../middlewares/chain.ts';
import { type CompiledMiddleware, compileMiddlewareElement } from '../middlewares/registry.ts';
import type { RuleNode } from '../rules/index.ts';
import { buildRouterTable, type RouterTable } from '../rules/index.ts';
import { withInternalRouters } from './internal-routers.ts';
import { serviceProblems } from './services.ts';

/** A router as the tracer routes it. */
export interface TraceRouter {
  name: string;
  rule: string;
  priority?: number;
  provider?: string;
  router: Router;
  /** Why Traefik would not serve this router (its runtime would mark it disabled); empty when usable. */
  problems: string[];
}

/** The routers of one entrypoint for TLS or plain requests, compiled once. */
export interface EntryPointTable {
  table: RouterTable<TraceRouter>;
  /** Ranks in `table.ordered` of routers that name a host, by host; `anyHost` for the others. */
  byHost: Map<string, number[]>;
  anyHost: number[];
  rankOf: Map<TraceRouter, number>;
  /** Routers left out: disabled by the resolver or unbuildable, with a compiled rule when it has one. */
  disabled: TraceRouter[];
}

/** Everything the tracer derives from one configuration; built on first use and kept per config object. */
export interface PreparedConfig {
  /** The configuration with Traefik's internal routers (entrypoint redirections) added. */
  config: RuntimeConfig;
  tables: Map<string, EntryPointTable>;
  middlewares: Map<string, CompiledMiddleware>;
}

const cache = new WeakMap<RuntimeConfig, PreparedConfig>();

/** The prepared form of `config`, cached per object: repeated traces compile nothing again. */
export function prepare(config: RuntimeConfig): PreparedConfig {
  let p = cache.get(config);
  if (!p) {
    p = { config: withInternalRouters(config), tables: new Map(), middlewares: new Map() };
    cache.set(config, p);
  }
  return p;
}

/** The compiled middleware named `name`, compiled once per configuration. */
export function compiledMiddleware(p: PreparedConfig, name: string): CompiledMiddleware | undefined {
  let c = p.middlewares.get(name);
  if (!c) {
    const mw = p.config.http.middlewares[name];
    if (!mw) return undefined;
    c = compileMiddlewareElement(mw);
    p.middlewares.set(name, c);
  }
  return c;
}

/** Whether a router without `entryPoints` attaches to `ep`: the `asDefault` ones, or all when none is. */
function routerOnEntryPoint(config: RuntimeConfig, router: Router, ep: string): boolean {
  if (router.entryPoints?.length) return router.entryPoints.includes(ep);
  const eps = Object.entries(config.entryPoints ?? {});
  const defaults = eps.filter(([, e]) => e.asDefault).map(([n]) => n);
  return defaults.length ? defaults.includes(ep) : true;
}

/** The middlewares a router runs: its entrypoint's `http.middlewares` first, as Traefik prepends them. */
export function routerMiddlewareNames(config: RuntimeConfig, router: Router, ep: string): string[] {
  const epMiddlewares = config.entryPoints?.[ep]?.http?.middlewares ?? [];
  return [...epMiddlewares, ...(router.middlewares ?? [])];
}

function routerProblems(p: PreparedConfig, name: string, router: Router, ep: string): string[] {
  const problems: string[] = [];
  if (router.status === 'disabled')
    problems.push(...(router.errors?.length ? router.errors : ['router is disabled']));
  const provider = providerOf(name);
  for (const m of expandMiddlewares(
    p.config.http.middlewares,
    routerMiddlewareNames(p.config, router, ep),
    provider,
  )) {
    if (m.error) {
      problems.push(m.error);
      continue;
    }
    const compiled = compiledMiddleware(p, m.name);
    if (compiled && !compiled.ok) problems.push(`middleware "${m.name}": ${compiled.problems.join('; ')}`);
  }
  const service = qualifyName(p.config.http.services, router.service, provider);
  problems.push(...serviceProblems(p.config, service));
  return [...new Set(problems)];
}

/** The router table of an entrypoint for TLS (routers with `tls`) or plain requests, built once. */
export function entryPointTable(p: PreparedConfig, ep: string, tls: boolean): EntryPointTable {
  const key = `${ep}\u0000${tls}`;
  const existing = p.tables.get(key);
  if (existing) return existing;
  const usable: TraceRouter[] = [];
  const disabled: TraceRouter[] = [];
  for (const [name, router] of Object.entries(p.config.http.routers)) {
    // Traefik: a router is TLS when it has a tls section or its entrypoint's http.tls applies to all its routers.
    const routerTls = Boolean(router.tls) || Boolean(p.config.entryPoints?.[ep]?.http?.tls);
    if (routerTls !== tls || !routerOnEntryPoint(p.config, router, ep)) continue;
    const entry: TraceRouter = {
      name,
      rule: router.rule,
      priority: router.priority,
      provider: providerOf(name),
      router,
      problems: routerProblems(p, name, router, ep),
    };
    (entry.problems.length ? disabled : usable).push(entry);
  }
  const table = buildRouterTable(usable);
  for (const e of table.errors) {
    const r = usable.find((u) => u.name === e.name);
    if (r) disabled.push({ ...r, problems: [`rule: ${e.error.message}`] });
  }
  const byHost = new Map<string, number[]>();
  const anyHost: number[] = [];
  const rankOf = new Map<TraceRouter, number>();
  table.ordered.forEach((r, rank) => {
    rankOf.set(r, rank);
    const ast = table.ruleOf(r)?.ast;
    const hosts = ast ? requiredHosts(ast) : undefined;
    if (!hosts) anyHost.push(rank);
    else
      for (const h of hosts) {
        const list = byHost.get(h) ?? [];
        list.push(rank);
        byHost.set(h, list);
      }
  });
  const built = { table, byHost, anyHost, rankOf, disabled };
  p.tables.set(key, built);
  return built;
}

/** The exact hosts a rule requires (lowercased), or undefined when it can match any host. */
export function requiredHosts(node: RuleNode): Set<string> | undefined {
  switch (node.kind) {
    case 'matcher':
      return node.name === 'Host'
        ? new Set(node.args.map((a) => a.value.toLowerCase().replace(/\.$/, '')))
        : undefined;
    case 'not':
      return undefined;
    case 'and':
      return requiredHosts(node.left) ?? requiredHosts(node.right);
    default: {
      const l = requiredHosts(node.left);
      const r = requiredHosts(node.right);
      return l && r ? new Set([...l, ...r]) : undefined;
    }
  }
}
