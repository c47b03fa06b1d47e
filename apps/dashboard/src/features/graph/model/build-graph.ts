import type { Diagnostic, Router, RuntimeConfig, Service } from '../../../../../../core/index.ts';
import { middlewareLines, routerLines, serviceLines } from './essentials.ts';
import { missingDiagnostic, missingReason } from './missing.ts';
import { fromDiagnostic, nodeProblems, problemText } from './node-problems.ts';
import { ruleHosts } from './rule-text.ts';
import { DiagnosticIndex, diagnosticsStatus, elementStatus, worst } from './status.ts';
import {
  type GraphEdgeModel,
  type GraphNodeData,
  type GraphNodeModel,
  kindLabel,
  type NodeKind,
  nodeId,
  type RouterFacets,
  type RouterPath,
  type RoutingGraph,
} from './types.ts';

/** Service trees deeper than this are cut: Traefik refuses such cycles, and the graph must not loop. */
const MAX_SERVICE_DEPTH = 16;
/** Chains nested deeper than this are not expanded further (Traefik refuses cycles). */
const MAX_CHAIN_DEPTH = 8;

/**
 * Builds the routing graph from the resolved configuration: entrypoints → routers → middlewares in order →
 * services (TraefikService trees as such) → servers, with unresolved references as explicit `missing` nodes.
 */
export function buildGraph(config: RuntimeConfig, diagnostics: readonly Diagnostic[] = []): RoutingGraph {
  return new GraphBuilder(config, diagnostics).build();
}

class GraphBuilder {
  readonly #nodes = new Map<string, GraphNodeModel>();
  readonly #edges = new Map<string, GraphEdgeModel>();
  readonly #paths: Record<string, RouterPath> = {};
  readonly #facets: Record<string, RouterFacets> = {};
  readonly #serviceTrees = new Map<string, RouterPath>();
  readonly #index: DiagnosticIndex;

  constructor(
    private readonly config: RuntimeConfig,
    diagnostics: readonly Diagnostic[],
  ) {
    this.#index = new DiagnosticIndex(diagnostics);
  }

  build(): RoutingGraph {
    const entryPoints = this.config.entryPoints ?? {};
    for (const [name, ep] of Object.entries(entryPoints)) {
      this.#add('entrypoint', name, { lines: [ep.address], status: 'ok', problems: [] });
    }
    const defaults = defaultEntryPoints(entryPoints);
    const routers = Object.entries(this.config.http?.routers ?? {}).sort(([a], [b]) => a.localeCompare(b));
    for (const [name, router] of routers) this.#addRouter(name, router, defaults);
    // Elements no router uses still belong on the picture: a new middleware must be visible before it is wired.
    for (const name of Object.keys(this.config.http?.middlewares ?? {}).sort()) this.#middleware(name, []);
    for (const name of Object.keys(this.config.http?.services ?? {}).sort()) {
      this.#serviceRef(name, []);
      this.#serviceTree(name, 0);
    }
    return {
      nodes: [...this.#nodes.values()],
      edges: [...this.#edges.values()],
      paths: this.#paths,
      routerFacets: this.#facets,
    };
  }

  #addRouter(name: string, router: Router, defaults: string[]): void {
    const diags = this.#index.forSource(router.source);
    const id = this.#add('router', name, {
      lines: routerLines(router),
      status: worst(elementStatus(router.status, router.errors ?? []), diagnosticsStatus(diags)),
      problems: nodeProblems(router.errors ?? [], diags),
      namespace: router.source?.namespace,
    });
    const path: RouterPath = { nodes: [id], edges: [] };
    const eps = router.entryPoints && router.entryPoints.length > 0 ? router.entryPoints : defaults;
    for (const ep of eps) {
      const epId = this.config.entryPoints?.[ep]
        ? nodeId('entrypoint', ep)
        : this.#addMissing('entrypoint', ep, `no entrypoint named "${ep}" in the static configuration`);
      path.nodes.push(epId);
      path.edges.push(this.#edge(epId, id, 'entry'));
    }
    let prev = id;
    // A chain middleware is drawn followed by its members in order (numbered 2.1, 2.2, ...), as Traefik runs them.
    const walk = (names: readonly string[], prefix: string, provider: string | undefined, via: string[]) => {
      names.forEach((raw, i) => {
        const mwName = qualify(this.config.http?.middlewares ?? {}, raw, provider);
        // A chain that includes itself is refused by Traefik (its diagnostics say so); an edge back would loop.
        if (via.includes(mwName)) return;
        const mwId = this.#middleware(mwName, diags);
        path.nodes.push(mwId);
        // Edges are per router: two routers sharing a middleware must not appear to share each other's chain.
        path.edges.push(this.#edge(prev, mwId, 'chain', `${prefix}${i + 1}`, name));
        prev = mwId;
        const members = this.config.http?.middlewares?.[mwName]?.chain?.middlewares;
        if (members && via.length < MAX_CHAIN_DEPTH) {
          walk(members, `${prefix}${i + 1}.`, providerOf(mwName) ?? provider, [...via, mwName]);
        }
      });
    };
    walk(router.middlewares ?? [], '', providerOf(name), []);
    const svcId = this.#serviceRef(router.service, diags);
    path.edges.push(this.#edge(prev, svcId, 'chain', undefined, name));
    const tree = this.#serviceTree(router.service, 0);
    path.nodes.push(...tree.nodes);
    path.edges.push(...tree.edges);
    if (!tree.nodes.includes(svcId)) path.nodes.push(svcId);
    this.#paths[id] = { nodes: unique(path.nodes), edges: unique(path.edges) };
    const rule = router.rule ?? '';
    this.#facets[id] = {
      namespace: router.source?.namespace,
      entryPoints: eps,
      hosts: ruleHosts(rule),
      text: `${this.#paths[id]!.nodes.join(' ')} ${rule}`.toLowerCase(),
    };
  }

  #middleware(name: string, routerDiags: readonly Diagnostic[]): string {
    const mw = this.config.http?.middlewares?.[name];
    if (!mw) {
      const known = Object.keys(this.config.http?.middlewares ?? {});
      return this.#addMissing(
        'middleware',
        name,
        missingReason('middleware', name, known, routerDiags),
        routerDiags,
      );
    }
    const id = nodeId('middleware', name);
    if (this.#nodes.has(id)) return id;
    const diags = this.#index.forSource(mw.source);
    return this.#add('middleware', name, {
      lines: middlewareLines(mw),
      status: worst(elementStatus(mw.status, mw.error ?? []), diagnosticsStatus(diags)),
      problems: nodeProblems(mw.error ?? [], diags),
      namespace: mw.source?.namespace,
    });
  }

  #serviceRef(name: string, referrerDiags: readonly Diagnostic[]): string {
    const svc = this.config.http?.services?.[name];
    if (svc) return this.#service(name, svc);
    const known = Object.keys(this.config.http?.services ?? {});
    return this.#addMissing(
      'service',
      name,
      missingReason('service', name, known, referrerDiags),
      referrerDiags,
    );
  }

  #service(name: string, svc: Service): string {
    const id = nodeId('service', name);
    if (this.#nodes.has(id)) return id;
    const diags = this.#index.forSource(svc.source);
    return this.#add('service', name, {
      lines: serviceLines(svc, name),
      status: worst(elementStatus(svc.status, svc.errors ?? []), diagnosticsStatus(diags)),
      problems: nodeProblems(svc.errors ?? [], diags),
      namespace: svc.source?.namespace,
    });
  }

  /** The nodes and edges below a service, memoized: a shared service is walked once. */
  #serviceTree(name: string, depth: number): RouterPath {
    const cached = this.#serviceTrees.get(name);
    if (cached) return cached;
    const svc = this.config.http?.services?.[name];
    const id = nodeId('service', name);
    const tree: RouterPath = { nodes: svc ? [id] : [], edges: [] };
    this.#serviceTrees.set(name, tree);
    if (!svc || depth > MAX_SERVICE_DEPTH) return tree;
    const diags = this.#index.forSource(svc.source);
    const child = (childName: string, kind: GraphEdgeModel['kind'], label?: string) => {
      const childId = this.#serviceRef(childName, diags);
      tree.edges.push(this.#edge(id, childId, kind, label));
      const sub = this.#serviceTree(childName, depth + 1);
      tree.nodes.push(childId, ...sub.nodes);
      tree.edges.push(...sub.edges);
    };
    if (svc.loadBalancer) {
      for (const server of svc.loadBalancer.servers ?? []) {
        const sid = this.#add('server', server.url, {
          lines: server.weight !== undefined ? [`weight ${server.weight}`] : [],
          status: 'ok',
          problems: [],
        });
        tree.nodes.push(sid);
        tree.edges.push(this.#edge(id, sid, 'server'));
      }
    }
    for (const ref of svc.weighted?.services ?? []) child(ref.name, 'weighted', `weight ${ref.weight ?? 1}`);
    for (const ref of svc.highestRandomWeight?.services ?? [])
      child(ref.name, 'weighted', `weight ${ref.weight ?? 1}`);
    if (svc.mirroring) {
      child(svc.mirroring.service, 'mirror', 'main');
      for (const m of svc.mirroring.mirrors ?? []) child(m.name, 'mirror', `mirror ${m.percent ?? 0}%`);
    }
    if (svc.failover) {
      child(svc.failover.service, 'failover', 'primary');
      child(svc.failover.fallback, 'failover', 'fallback');
    }
    tree.nodes = unique(tree.nodes);
    tree.edges = unique(tree.edges);
    return tree;
  }

  #add(
    kind: NodeKind,
    name: string,
    rest: Pick<GraphNodeData, 'lines' | 'status' | 'problems'> & { namespace?: string },
  ): string {
    const id = nodeId(kind, name);
    if (!this.#nodes.has(id)) {
      const data: GraphNodeData = {
        kind,
        name,
        ariaLabel: `${kindLabel(kind)} ${name}`,
        testId: `node-${kind}-${name}`,
        missing: false,
        errors: rest.problems.map(problemText),
        ...rest,
      };
      if (rest.namespace === undefined) delete data.namespace;
      this.#nodes.set(id, { id, data });
    }
    return id;
  }

  #addMissing(
    kind: NodeKind,
    name: string,
    reason: string,
    referrerDiags: readonly Diagnostic[] = [],
  ): string {
    const id = nodeId(kind, name, true);
    if (!this.#nodes.has(id)) {
      const found = missingDiagnostic(name, referrerDiags);
      const problem = found ? fromDiagnostic(found) : { message: reason, severity: 'error' as const };
      this.#nodes.set(id, {
        id,
        data: {
          kind,
          name,
          ariaLabel: `${kindLabel(kind)} ${name} (missing)`,
          testId: `node-${kind}-${name}`,
          status: 'error',
          lines: [`missing: ${name}`],
          errors: [reason],
          problems: [problem],
          missing: true,
        },
      });
    }
    return id;
  }

  #edge(
    source: string,
    target: string,
    kind: GraphEdgeModel['kind'],
    label?: string,
    router?: string,
  ): string {
    const id = router ? `${source}->${target}#${router}` : `${source}->${target}`;
    if (!this.#edges.has(id)) {
      this.#edges.set(
        id,
        label === undefined ? { id, source, target, kind } : { id, source, target, kind, label },
      );
    }
    return id;
  }
}

/** Where a router without `entryPoints` attaches: the `asDefault` entrypoints, or all of them. */
export function defaultEntryPoints(entryPoints: RuntimeConfig['entryPoints']): string[] {
  const all = Object.keys(entryPoints ?? {});
  const marked = all.filter((n) => entryPoints[n]?.asDefault);
  return marked.length > 0 ? marked : all;
}

/** The provider part of `name@provider`. */
function providerOf(name: string): string | undefined {
  const at = name.lastIndexOf('@');
  return at < 0 ? undefined : name.slice(at + 1);
}

/** A reference as the configuration keys it: as given, or qualified with the referrer's provider, as Traefik does. */
function qualify(elements: Record<string, unknown>, name: string, provider: string | undefined): string {
  if (name in elements || name.includes('@') || !provider) return name;
  return `${name}@${provider}`;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
