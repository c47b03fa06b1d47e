import type { ParsedResource } from '../resources/types.ts';
import { Assembly } from './assembly.ts';
import { buildFragment, FRAGMENT_KINDS } from './build.ts';
import { Catalog, keyOf, namespaceOf } from './catalog.ts';
import { NODES_DEP, slicesDep } from './context.ts';
import type { Fragment } from './fragment.ts';
import { type EffectiveOptions, effectiveOptions, type ResolveOptions } from './options.ts';
import { fragmentOrder, type ResolveResult } from './resolve.ts';
import { asDict, asString } from './values.ts';

/** A resolver that keeps its work between calls, for a server that sees one object change at a time. */
export interface Resolver {
  /**
   * Applies changes and re-resolves. `changed` adds or replaces definitions (an object is identified by kind,
   * namespace, name and file); `removed` deletes them. Gives exactly what {@link resolve} gives on the new set.
   */
  update(changed: readonly ParsedResource[], removed?: readonly ParsedResource[]): ResolveResult;
  /** The last result. */
  current(): ResolveResult;
}

const FRAGMENT_KIND_SET: ReadonlySet<string> = new Set(FRAGMENT_KINDS);

/** The dependency keys a change to this object touches. */
function touchedKeys(catalog: Catalog, r: ParsedResource): string[] {
  const keys = [keyOf(r)];
  const kind = r.object.kind;
  if (kind === 'Node') keys.push(NODES_DEP);
  if (kind === 'EndpointSlice') {
    const ns = namespaceOf(r);
    const svc = asString(asDict(r.object.metadata.labels)?.['kubernetes.io/service-name']);
    if (svc !== undefined) keys.push(slicesDep(ns, svc));
    // The slice held before may have belonged to another Service.
    const before = catalog.get('EndpointSlice', ns, r.object.metadata.name);
    const oldSvc = asString(asDict(before?.object.metadata.labels)?.['kubernetes.io/service-name']);
    if (oldSvc !== undefined) keys.push(slicesDep(ns, oldSvc));
  }
  return keys;
}

function parseKey(key: string): [string, string, string] {
  const a = key.indexOf('/');
  const b = key.indexOf('/', a + 1);
  return [key.slice(0, a), key.slice(a + 1, b), key.slice(b + 1)];
}

/**
 * Creates an incremental resolver. Each object's contribution (its routers, services, middlewares, names, its own
 * checks, and the catalog keys it read) is cached; a change rebuilds only the objects that read a changed key, and
 * the assembly redoes only the merging, reference checks, priority buckets and output entries those touch.
 *
 * @example
 * const resolver = createResolver(resources, options);
 * const { config } = resolver.update([editedIngressRoute]);
 */
export function createResolver(resources: readonly ParsedResource[], options?: ResolveOptions): Resolver {
  const opts: EffectiveOptions = effectiveOptions(options);
  const catalog = new Catalog(opts);
  const assembly = new Assembly(opts);
  const fragments = new Map<string, { order: string; frag: Fragment }>();
  const dependents = new Map<string, Set<string>>();

  const forget = (key: string): void => {
    const entry = fragments.get(key);
    if (entry === undefined) return;
    for (const dep of entry.frag.deps) dependents.get(dep)?.delete(key);
    fragments.delete(key);
    assembly.setFragment(key, entry.order, undefined);
  };
  const rebuild = (key: string): void => {
    const [kind, ns, name] = parseKey(key);
    if (!FRAGMENT_KIND_SET.has(kind)) return;
    forget(key);
    const r = catalog.get(kind, ns, name);
    if (r === undefined) return;
    const frag = buildFragment(catalog, opts, r);
    const order = fragmentOrder(r);
    fragments.set(key, { order, frag });
    assembly.setFragment(key, order, frag);
    for (const dep of frag.deps) {
      let set = dependents.get(dep);
      if (set === undefined) {
        set = new Set();
        dependents.set(dep, set);
      }
      set.add(key);
    }
  };

  for (const r of resources) catalog.add(r);
  for (const kind of FRAGMENT_KINDS) for (const r of catalog.list(kind)) rebuild(keyOf(r));
  let last = assembly.result(catalog.version(opts));

  return {
    update(changed, removed = []) {
      const touched = new Set<string>();
      for (const r of removed) {
        const keys = touchedKeys(catalog, r);
        if (catalog.remove(r) !== undefined) for (const k of keys) touched.add(k);
      }
      for (const r of changed) {
        const before = touchedKeys(catalog, r);
        if (catalog.add(r) === undefined) continue;
        for (const k of [...before, ...touchedKeys(catalog, r)]) touched.add(k);
      }
      const redo = new Set<string>();
      for (const k of touched) {
        redo.add(k);
        for (const dependent of dependents.get(k) ?? []) redo.add(dependent);
      }
      for (const key of [...redo].sort()) rebuild(key);
      last = assembly.result(catalog.version(opts));
      return last;
    },
    current: () => last,
  };
}
