import { useQuery } from '@tanstack/react-query';
import type { ApiError } from './client.ts';
import { api } from './endpoints.ts';
import { queryKeys } from './query-keys.ts';
import type { ResourceRef } from './types.ts';

/** The resolved RuntimeConfig and its version; refreshed by server events. */
export function useConfig() {
  return useQuery({ queryKey: queryKeys.config(), queryFn: ({ signal }) => api.config(signal) });
}

/** Every diagnostic of the current configuration. */
export function useDiagnostics() {
  return useQuery({ queryKey: queryKeys.diagnostics(), queryFn: ({ signal }) => api.diagnostics(signal) });
}

/** Whether the bundled proxy serves the current version. */
export function useProxyStatus() {
  return useQuery({ queryKey: queryKeys.proxyStatus(), queryFn: ({ signal }) => api.proxyStatus(signal) });
}

/** The list of resource documents (kind, name, origin). */
export function useResources() {
  return useQuery({ queryKey: queryKeys.resources(), queryFn: ({ signal }) => api.resources(signal) });
}

/** One resource's YAML text and version; disabled while no resource is given. */
export function useResource(ref: ResourceRef | undefined) {
  return useQuery({
    queryKey: ref ? queryKeys.resource(ref) : ['resources', 'none'],
    queryFn: ({ signal }) => api.resource(ref!, signal),
    enabled: ref !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** JSON Schemas per `<apiVersion>/<kind>`, for the editor. */
export function useSchemas() {
  return useQuery({
    queryKey: queryKeys.schemas(),
    queryFn: ({ signal }) => api.schemas(signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export type { ApiError };
