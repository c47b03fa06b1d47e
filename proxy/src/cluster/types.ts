// The cluster's public shapes: what `runCluster` takes and what it returns.
import type { RuntimeConfig } from '../../../core/index.ts';
import type { ApplyResult } from '../proxy.ts';
import type { RunOptions } from '../run.ts';

export interface ClusterOptions extends RunOptions {
  /** How many worker processes serve traffic (at least 1). */
  workers: number;
  /** node:cluster's scheduling: `rr` (the primary accepts and hands connections round robin) or `none` (the OS). */
  scheduling?: 'rr' | 'none';
}

/** One worker as the admin API shows it. */
export interface WorkerInfo {
  pid: number;
  version: string | null;
  requests: number;
}

/** A running cluster: its admin listener, its workers, and a graceful stop. */
export interface RunningCluster {
  adminAddress: string | undefined;
  addresses(): Promise<Record<string, string>>;
  workers(): Promise<WorkerInfo[]>;
  nextApply(): Promise<ApplyResult>;
  /** Applies a configuration on every worker (a source of one's own, as benchmarks have). */
  apply(config: RuntimeConfig): Promise<ApplyResult>;
  stop(drainTimeoutMs?: number): Promise<boolean>;
}
