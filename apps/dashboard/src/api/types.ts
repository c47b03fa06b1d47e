import type { Diagnostic, HttpRequest, ImpactEntry, RuntimeConfig } from '../../../../core/index.ts';

/** Server API shapes, as written in docs/contracts.md. */
export interface Origin {
  file: string;
  line: number;
}

export interface ResourceItem {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  resourceVersion: string;
  origin: Origin;
}

export interface ResourceDoc {
  object: unknown;
  yaml: string;
  resourceVersion: string;
  origin: Origin;
}

export interface DryRunResult {
  dryRun: true;
  diff: string;
  file: string;
  diagnostics: Diagnostic[];
  impact: ImpactEntry[];
}

export interface ConfigResponse {
  version: string;
  config: RuntimeConfig;
}

export interface DiagnosticsResponse {
  version: string;
  items: Diagnostic[];
}

export type ProxyState = 'applied' | 'pending' | 'failed' | 'stopped';

export interface ProxyStatus {
  state: ProxyState;
  servedVersion?: string;
  configVersion?: string;
  error?: string;
  entryPoints?: Record<string, string>;
}

export interface TraceRequest extends HttpRequest {
  clientIP?: string;
}

export interface ProxySendResult {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

/** Identifies one resource document on the server. */
export interface ResourceRef {
  kind: string;
  namespace: string;
  name: string;
}
