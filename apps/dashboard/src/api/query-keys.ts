import type { ResourceRef } from './types.ts';

/** Query key factories: one place decides how cached data is keyed and invalidated. */
export const queryKeys = {
  config: () => ['config'] as const,
  diagnostics: () => ['diagnostics'] as const,
  proxyStatus: () => ['proxy-status'] as const,
  schemas: () => ['schemas'] as const,
  resources: () => ['resources'] as const,
  resource: (ref: ResourceRef) => ['resources', ref.kind, ref.namespace, ref.name] as const,
};
