import type { FieldPath, ParsedResource } from '../resources/types.ts';
import { namespaceOf } from './catalog.ts';
import { type BuildContext, BuildError, withSource } from './context.ts';
import { nameAndService, stickyOf } from './k8s-services.ts';
import { makeID, normalize, qualify } from './naming.ts';
import type { Service, WeightedServiceRef } from './types.ts';
import { asBool, asDict, asList, asNumber, type Dict } from './values.ts';

/** Services built while resolving one object, keyed by qualified name. */
export type ServiceOut = Map<string, Service>;

function memberRef(
  ctx: BuildContext,
  owner: ParsedResource,
  ns: string,
  spec: Dict,
  path: FieldPath,
  out: ServiceOut,
): string | BuildError {
  const named = nameAndService(ctx, ns, spec, path);
  if (named instanceof BuildError) return named;
  const name = qualify(named.name);
  if (named.service !== undefined) out.set(name, withSource({ ...named.service }, owner, path));
  return name;
}

function weightedRefs(
  ctx: BuildContext,
  owner: ParsedResource,
  ns: string,
  list: unknown[],
  path: FieldPath,
  out: ServiceOut,
): WeightedServiceRef[] | BuildError {
  const refs: WeightedServiceRef[] = [];
  for (let i = 0; i < list.length; i++) {
    const spec = asDict(list[i]) ?? {};
    const name = memberRef(ctx, owner, ns, spec, [...path, i], out);
    if (name instanceof BuildError) return name;
    // Traefik's buildServicesLB: a member without a weight weighs 1.
    refs.push({ name, weight: asNumber(spec.weight) ?? 1 });
  }
  return refs;
}

/**
 * Traefik's `buildServicesLB`: a weighted service named `id` over `spec.services` (a route with several services,
 * or a weighted TraefikService), its Kubernetes members stored under `<ns>-<svc>-<port>`.
 */
export function buildWeighted(
  ctx: BuildContext,
  owner: ParsedResource,
  ns: string,
  spec: Dict,
  path: FieldPath,
  id: string,
  out: ServiceOut,
): BuildError | undefined {
  const refs = weightedRefs(ctx, owner, ns, asList(spec.services), [...path, 'services'], out);
  if (refs instanceof BuildError) return refs;
  const service: Service = withSource<Service>({ weighted: { services: refs } }, owner, path);
  const sticky = stickyOf(spec.sticky);
  if (sticky !== undefined && service.weighted !== undefined) service.weighted.sticky = sticky;
  out.set(id, service);
  return undefined;
}

function buildMirroring(
  ctx: BuildContext,
  owner: ParsedResource,
  ns: string,
  spec: Dict,
  out: ServiceOut,
): Service | BuildError {
  const path = ['spec', 'mirroring'];
  const main = memberRef(ctx, owner, ns, spec, path, out);
  if (main instanceof BuildError) return main;
  const mirrors: { name: string; percent?: number }[] = [];
  const list = asList(spec.mirrors);
  for (let i = 0; i < list.length; i++) {
    const m = asDict(list[i]) ?? {};
    const name = memberRef(ctx, owner, ns, m, [...path, 'mirrors', i], out);
    if (name instanceof BuildError) return name;
    const percent = asNumber(m.percent);
    mirrors.push(percent === undefined ? { name } : { name, percent });
  }
  const mirroring: NonNullable<Service['mirroring']> = { service: main };
  const mirrorBody = asBool(spec.mirrorBody);
  if (mirrorBody !== undefined) mirroring.mirrorBody = mirrorBody;
  const maxBodySize = asNumber(spec.maxBodySize);
  if (maxBodySize !== undefined) mirroring.maxBodySize = maxBodySize;
  if (mirrors.length > 0) mirroring.mirrors = mirrors;
  return { mirroring };
}

function buildFailover(
  ctx: BuildContext,
  owner: ParsedResource,
  ns: string,
  spec: Dict,
  out: ServiceOut,
): Service | BuildError {
  const path = ['spec', 'failover'];
  const main = memberRef(ctx, owner, ns, asDict(spec.service) ?? {}, [...path, 'service'], out);
  if (main instanceof BuildError) return main;
  const fallback = memberRef(ctx, owner, ns, asDict(spec.fallback) ?? {}, [...path, 'fallback'], out);
  if (fallback instanceof BuildError) return fallback;
  return { failover: { service: main, fallback } };
}

/**
 * Traefik's `buildTraefikService`: a TraefikService becomes a weighted, mirroring, highestRandomWeight or failover
 * service named `<ns>-<name>`. A failure (or no type) skips it, as Traefik does.
 */
export function buildTraefikService(
  ctx: BuildContext,
  r: ParsedResource,
  out: ServiceOut,
): BuildError | undefined {
  const ns = namespaceOf(r);
  const spec = asDict(r.object.spec) ?? {};
  const id = qualify(normalize(makeID(ns, r.object.metadata.name)));
  let built: Service | BuildError;
  if (asDict(spec.weighted) !== undefined) {
    return buildWeighted(ctx, r, ns, asDict(spec.weighted) ?? {}, ['spec', 'weighted'], id, out);
  } else if (asDict(spec.mirroring) !== undefined) {
    built = buildMirroring(ctx, r, ns, asDict(spec.mirroring) ?? {}, out);
  } else if (asDict(spec.highestRandomWeight) !== undefined) {
    const hrwPath = ['spec', 'highestRandomWeight', 'services'];
    const refs = weightedRefs(ctx, r, ns, asList(asDict(spec.highestRandomWeight)?.services), hrwPath, out);
    built = refs instanceof BuildError ? refs : { highestRandomWeight: { services: refs } };
  } else if (asDict(spec.failover) !== undefined) {
    built = buildFailover(ctx, r, ns, asDict(spec.failover) ?? {}, out);
  } else {
    return new BuildError('SVC004', ['spec'], 'unspecified service type');
  }
  if (built instanceof BuildError) return built;
  out.set(id, withSource(built, r, ['spec', Object.keys(built)[0] ?? '']));
  return undefined;
}
