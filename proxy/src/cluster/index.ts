// The cluster's surface: `routeyard proxy --workers N` starts it from here.
export { runCluster } from './primary.ts';
export type { ClusterOptions, RunningCluster, WorkerInfo } from './types.ts';
