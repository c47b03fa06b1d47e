// The IPC contract between the cluster primary and its workers (node:cluster's channel, JSON messages).
import type { RuntimeConfig } from '../../../core/index.ts';
import type { KeyPair } from '../entrypoints/tls.ts';
import type { ApplyResult } from '../proxy.ts';

/** What a worker is started with, as JSON in `ROUTEYARD_WORKER` (the same for every worker and restart). */
export interface WorkerSettings {
  defaultHost: string;
  accessLog?: string;
  liveTrace: boolean;
  traceToken?: string;
  drainTimeoutMs: number;
  /** Generated once by the primary, so every worker answers TLS with the same default certificate. */
  defaultCertificate: KeyPair;
}

/** A question the admin listener asks every worker. */
export type QueryKind = 'metrics' | 'traces' | 'trace' | 'entrypoints' | 'status';

export type ToWorker =
  | { t: 'apply'; seq: number; config: RuntimeConfig }
  | { t: 'health'; key: string; up: boolean }
  | { t: 'query'; id: number; what: QueryKind; arg?: string }
  | { t: 'stop'; drainMs: number };

export type FromWorker =
  | { t: 'ready' }
  | { t: 'applied'; seq: number; result: ApplyResult }
  | { t: 'reply'; id: number; body: unknown }
  | { t: 'stopped'; drained: boolean };

/** The environment variable that carries `WorkerSettings`. */
export const WORKER_ENV = 'ROUTEYARD_WORKER';
