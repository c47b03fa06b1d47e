import type { ParsedResource } from '../resources/types.ts';
import { buildFragment, FRAGMENT_KINDS } from './build.ts';
import { Catalog, keyOf, namespaceOf } from './catalog.ts';
import { NODES_DEP, slicesDep } from './context.ts';
import { finalize } from './finalize.ts';
import type { Fragment } from './fragment.ts';
import { mergeFragments } from './merge.ts';
import { type EffectiveOptions, effectiveOptions, type ResolveOptions } from './options.ts';
import type { ResolveResult } from './resolve.ts';
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

/**
 * Creates an incremental resolver. Each object's contribution (its routers, services, middlewares, names, and the
 * catalog keys it read) is cached; a change rebuilds only the objects that read a changed key, then merges the
 * cached contributions and reruns the whole-configuration checks (rule shapes and hashes are cached too).
 *
 * @example
 * const resolver = createResolver(resources, options);
 * const { config } = resolver.update([editedIngressRoute]);
 */
export function createResolver(resources: readonly ParsedResource[], options?: ResolveOptions): Resolver {
  const opts: EffectiveOptions = effectiveOptions(options);
  const catalog = new Catalog(opts);
  const fragments = new Map<string, Fragment>();
  const dependents = new Map<string, Set<string>>();

  const forget = (key: string): void => {
    const frag = fragments.get(key);
    if (frag === undefined) return;
    for (const dep of frag.deps) dependents.get(dep)?.delete(key);
    fragments.delete(key);
  };
  const rebuild = (key: string): void => {
    forget(key);
    const slash = key.indexOf('/');
    const rest = key.slice(slash + 1);
    const ns = rest.slice(0, rest.indexOf('/'));
    const r = catalog.get(key.slice(0, slash), ns, rest.slice(ns.length + 1));
    if (r === undefined || !FRAGMENT_KIND_SET.has(r.object.kind)) return;
    const frag = buildFragment(catalog, opts, r);
    fragments.set(key, frag);
    for (const dep of frag.deps) {
      let set = dependents.get(dep);
      if (set === undefined) dependents.set(dep, (set = new Set()));
      set.add(key);
    }
  };
  const assemble = (): ResolveResult => {
    const ordered: Fragment[] = [];
    for (const kind of FRAGMENT_KINDS) {
      for (const r of catalog.list(kind)) {
        const frag = fragments.get(keyOf(r));
        if (frag !== undefined) ordered.push(frag);
      }
    }
    return finalize(mergeFragments(ordered), opts);
  };

  for (const r of resources) catalog.add(r);
  for (const kind of FRAGMENT_KINDS) for (const r of catalog.list(kind)) rebuild(keyOf(r));
  let last = assemble();

  return {
    update(changed, removed = []) {
      const touched = new Set<string>();
      for (const r of removed) {
        const keys = touchedKeys(catalog, r);
        if (catalog.remove(r) !== undefined) for (const k of keys) touched.add(k);
      }
      for (const r of changed) {
        const keys = touchedKeys(catalog, r);
        if (catalog.add(r) !== undefined) for (const k of touchedKeys(catalog, r).concat(keys)) touched.add(k);
      }
      const redo = new Set<string>();
      for (const k of touched) {
        redo.add(k);
        for (const dependent of dependents.get(k) ?? []) redo.add(dependent);
      }
      for (const key of [...redo].sort()) rebuild(key);
      last = assemble();
      return last;
    },
    current: () => last,
  };
}
