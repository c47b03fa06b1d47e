// Public surface of the bundled proxy; the CLI and benchmarks import it from here.
export { AdminServer } from './admin/server.ts';
export { loadDir, loadStaticConfig } from './feed/dir-source.ts';
export { type ApplyResult, type ProxyOptions, RouteyardProxy } from './proxy.ts';
export { type RunningProxy, type RunOptions, runProxy } from './run.ts';
