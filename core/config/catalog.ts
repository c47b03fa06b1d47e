import { DEFAULT_NAMESPACE } from '../resources/index.ts';
import type { ParsedResource } from '../resources/types.ts';
import { compileLabelSelector, type LabelMatcher } from './labels.ts';
import type { EffectiveOptions } from './options.ts';
import { inputDigest, VersionSum } from './output.ts';
import { asDict, asString } from './values.ts';

const TRAEFIK_GROUP = 'traefik.io/v1alpha1';
const TRAEFIK_KINDS = new Set([
  'IngressRoute',
  'Middleware',
  'TraefikService',
  'ServersTransport',
  'TLSOption',
  'TLSStore',
]);
const CORE_KINDS: Readonly<Record<string, string>> = {
  Service: 'v1',
  Secret: 'v1',
  Node: 'v1',
  EndpointSlice: 'discovery.k8s.io/v1',
  Ingress: 'networking.k8s.io/v1',
  IngressClass: 'networking.k8s.io/v1',
};
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** The namespace of an object as Kubernetes sees it (`default` when the manifest has none). */
export function namespaceOf(r: ParsedResource): string {
  return r.object.metadata.namespace || DEFAULT_NAMESPACE;
}

/** `Kind/namespace/name`. */
export function keyOf(r: ParsedResource): string {
  return `${r.object.kind}/${namespaceOf(r)}/${r.object.metadata.name}`;
}

/** Identity of one definition of an object: the same object may be defined in two files. */
export function identityOf(r: ParsedResource): string {
  return `${keyOf(r)}\u0000${r.file}`;
}

function earlier(a: ParsedResource, b: ParsedResource): boolean {
  if (a.file !== b.file) return a.file < b.file;
  return a.docIndex < b.docIndex;
}

/**
 * The objects the provider can see, indexed for the lookups it makes: by kind and `namespace/name`, and
 * EndpointSlices by the Service they belong to. Objects Traefik would not watch (other API groups, other
 * namespaces, CRD objects outside the label selector) never enter. Mutable, for the incremental resolver.
 */
export class Catalog {
  // Per object key, its one definition, or by identity when there are several. Why: nearly every object is defined
  // once, and a Map per object was a large share of what the garbage collector copied on a full resolve.
  private readonly defs = new Map<string, ParsedResource | Map<string, ParsedResource>>();
  private readonly byKind = new Map<string, Map<string, ParsedResource>>();
  private readonly slices = new Map<string, Map<string, ParsedResource>>();
  private readonly sortedCache = new Map<string, ParsedResource[]>();
  private readonly digests = new Map<string, [number, number]>();
  private readonly sum = new VersionSum();
  private readonly namespaces: ReadonlySet<string> | undefined;
  private readonly selector: LabelMatcher | undefined;

  constructor(options: EffectiveOptions) {
    this.namespaces = options.namespaces.length > 0 ? new Set(options.namespaces) : undefined;
    this.selector = options.labelSelector === '' ? undefined : compileLabelSelector(options.labelSelector);
  }

  /** True when the provider watches this object. */
  watches(r: ParsedResource): boolean {
    const { apiVersion, kind } = r.object;
    if (TRAEFIK_KINDS.has(kind)) {
      if (apiVersion !== TRAEFIK_GROUP) return false;
      if (this.selector !== undefined && !this.selector(r.object.metadata.labels)) return false;
    } else if (CORE_KINDS[kind] !== apiVersion) {
      return false;
    }
    // The Ingress provider has its own namespaces option, applied when Ingresses are resolved.
    if (kind === 'Node' || kind === 'IngressClass' || kind === 'Ingress' || this.namespaces === undefined)
      return true;
    return this.namespaces.has(namespaceOf(r));
  }

  /** Adds or replaces one definition; returns the object key when the catalog changed. */
  add(r: ParsedResource): string | undefined {
    // An object edited out of the provider's view (label, namespace) leaves it.
    if (!this.watches(r)) return this.remove(r);
    const key = keyOf(r);
    const identity = identityOf(r);
    const held = this.defs.get(key);
    // Within one key, the identity differs only by file.
    if (held === undefined || (!(held instanceof Map) && held.file === r.file)) this.defs.set(key, r);
    else if (held instanceof Map) held.set(identity, r);
    else
      this.defs.set(
        key,
        new Map([
          [identityOf(held), held],
          [identity, r],
        ]),
      );
    this.track(identity, r);
    this.refresh(key, r.object.kind);
    return key;
  }

  /** Keeps the version sum over the definitions held: `r` replaces (or, `undefined`, removes) one. */
  private track(identity: string, r: ParsedResource | undefined): void {
    const old = this.digests.get(identity);
    if (old !== undefined) this.sum.add(old, -1);
    if (r === undefined) {
      this.digests.delete(identity);
      return;
    }
    const digest = inputDigest(r);
    this.sum.add(digest, 1);
    this.digests.set(identity, digest);
  }

  /** The version of what resolving the definitions held with `options` gives (see {@link VersionSum}). */
  version(options: EffectiveOptions): string {
    return this.sum.version(options);
  }

  /** Removes one definition; returns the object key when the catalog changed. */
  remove(r: ParsedResource): string | undefined {
    const key = keyOf(r);
    const held = this.defs.get(key);
    const identity = identityOf(r);
    if (held === undefined) return undefined;
    if (held instanceof Map) {
      if (!held.delete(identity)) return undefined;
      if (held.size === 0) this.defs.delete(key);
    } else {
      if (held.file !== r.file) return undefined;
      this.defs.delete(key);
    }
    this.track(identity, undefined);
    this.refresh(key, r.object.kind);
    return key;
  }

  /** Every definition currently held for an object key. */
  definitions(key: string): ParsedResource[] {
    const held = this.defs.get(key);
    if (held === undefined) return [];
    return held instanceof Map ? [...held.values()] : [held];
  }

  private refresh(key: string, kind: string): void {
    const nsName = key.slice(kind.length + 1);
    let kindMap = this.byKind.get(kind);
    if (kindMap === undefined) {
      kindMap = new Map();
      this.byKind.set(kind, kindMap);
    }
    const previous = kindMap.get(nsName);
    if (previous !== undefined && kind === 'EndpointSlice') this.unindexSlice(previous);
    // When an object is defined twice the first by file and document wins, whatever the input order.
    let winner: ParsedResource | undefined;
    const held = this.defs.get(key);
    if (held instanceof Map) {
      for (const r of held.values()) if (winner === undefined || earlier(r, winner)) winner = r;
    } else winner = held;
    if (winner === undefined) kindMap.delete(nsName);
    else kindMap.set(nsName, winner);
    if (winner !== undefined && kind === 'EndpointSlice') this.indexSlice(winner);
    this.sortedCache.delete(kind);
  }

  private sliceService(r: ParsedResource): string | undefined {
    const svc = asString(asDict(r.object.metadata.labels)?.[SERVICE_NAME_LABEL]);
    return svc === undefined ? undefined : `${namespaceOf(r)}/${svc}`;
  }

  private indexSlice(r: ParsedResource): void {
    const svc = this.sliceService(r);
    if (svc === undefined) return;
    let set = this.slices.get(svc);
    if (set === undefined) {
      set = new Map();
      this.slices.set(svc, set);
    }
    set.set(r.object.metadata.name, r);
  }

  private unindexSlice(r: ParsedResource): void {
    const svc = this.sliceService(r);
    if (svc === undefined) return;
    const set = this.slices.get(svc);
    set?.delete(r.object.metadata.name);
    if (set?.size === 0) this.slices.delete(svc);
  }

  get(kind: string, namespace: string, name: string): ParsedResource | undefined {
    return this.byKind.get(kind)?.get(`${namespace}/${name}`);
  }

  /** Every object of a kind, sorted by namespace and name. */
  list(kind: string): ParsedResource[] {
    let sorted = this.sortedCache.get(kind);
    if (sorted === undefined) {
      const map = this.byKind.get(kind);
      sorted = map === undefined ? [] : [...map.keys()].sort().map((k) => map.get(k) as ParsedResource);
      this.sortedCache.set(kind, sorted);
    }
    return sorted;
  }

  /** The EndpointSlices of a Service (label `kubernetes.io/service-name`), sorted by name. */
  endpointSlices(namespace: string, service: string): ParsedResource[] {
    const set = this.slices.get(`${namespace}/${service}`);
    if (set === undefined) return [];
    // Most Services have one slice: nothing to sort.
    if (set.size === 1) return [...set.values()];
    return [...set.keys()].sort().map((k) => set.get(k) as ParsedResource);
  }
}
