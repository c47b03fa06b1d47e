// Public surface of this area; core/index.ts re-exports it.

export { fullServiceName, makeID, normalize, qualify, routerKey } from './naming.ts';
export { fromObjects } from './objects.ts';
export {
  DEFAULT_ENTRY_POINTS,
  defaultEntryPointNames,
  type KubernetesCRDOptions,
  type KubernetesIngressOptions,
  type ResolveOptions,
} from './options.ts';
export { type ResolveResult, resolve } from './resolve.ts';
export { createResolver, type Resolver } from './resolver.ts';
export { parseStaticConfig, type StaticConfig } from './static-config.ts';
