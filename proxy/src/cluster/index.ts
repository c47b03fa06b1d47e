// The cluster's surface: `routeyard proxy --workers N` starts it from here.
export { type ClusterOptions, type RunningCluster, runCluster, type WorkerInfo } from './primary.ts';
