import type { TraceResult } from '../../../../core/index.ts';
import { fetchJson } from './client.ts';
import type {
  ConfigResponse,
  DiagnosticsResponse,
  DryRunResult,
  ProxySendResult,
  ProxyStatus,
  ResourceDoc,
  ResourceItem,
  ResourceRef,
  TraceRequest,
} from './types.ts';

/** Plain functions for every API call; hooks and mutations wrap these. */
function resourcePath(ref: ResourceRef): string {
  return `/resources/${encodeURIComponent(ref.kind)}/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.name)}`;
}

export const api = {
  config: (signal?: AbortSignal) => fetchJson<ConfigResponse>('/config', { signal }),
  diagnostics: (signal?: AbortSignal) => fetchJson<DiagnosticsResponse>('/diagnostics', { signal }),
  proxyStatus: (signal?: AbortSignal) => fetchJson<ProxyStatus>('/proxy/status', { signal }),
  schemas: (signal?: AbortSignal) => fetchJson<{ schemas: Record<string, unknown> }>('/schemas', { signal }),
  resources: (signal?: AbortSignal) => fetchJson<{ items: ResourceItem[] }>('/resources', { signal }),
  resource: (ref: ResourceRef, signal?: AbortSignal) => fetchJson<ResourceDoc>(resourcePath(ref), { signal }),
  dryRunReplace: (ref: ResourceRef, yaml: string, resourceVersion: string, signal?: AbortSignal) =>
    fetchJson<DryRunResult>(`${resourcePath(ref)}?dryRun=true`, {
      method: 'PUT',
      body: { yaml, resourceVersion },
      signal,
    }),
  replace: (ref: ResourceRef, yaml: string, resourceVersion: string) =>
    fetchJson<{ resourceVersion: string }>(resourcePath(ref), {
      method: 'PUT',
      body: { yaml, resourceVersion },
    }),
  dryRunCreate: (yaml: string, file?: string, signal?: AbortSignal) =>
    fetchJson<DryRunResult>('/resources?dryRun=true', {
      method: 'POST',
      body: file ? { yaml, file } : { yaml },
      signal,
    }),
  create: (yaml: string, file?: string) =>
    fetchJson<{ kind: string; metadata: { name: string; namespace?: string }; resourceVersion: string }>(
      '/resources',
      { method: 'POST', body: file ? { yaml, file } : { yaml } },
    ),
  dryRunDelete: (ref: ResourceRef, resourceVersion: string) =>
    fetchJson<DryRunResult>(
      `${resourcePath(ref)}?dryRun=true&resourceVersion=${encodeURIComponent(resourceVersion)}`,
      { method: 'DELETE' },
    ),
  remove: (ref: ResourceRef, resourceVersion: string) =>
    fetchJson<{ deleted: true }>(
      `${resourcePath(ref)}?resourceVersion=${encodeURIComponent(resourceVersion)}`,
      {
        method: 'DELETE',
      },
    ),
  trace: (request: TraceRequest, drafts?: { yaml: string }[], signal?: AbortSignal) =>
    fetchJson<TraceResult>('/trace', {
      method: 'POST',
      body: drafts && drafts.length > 0 ? { request, drafts } : { request },
      signal,
    }),
  send: (request: TraceRequest) =>
    fetchJson<ProxySendResult>('/proxy/send', { method: 'POST', body: { request } }),
};
