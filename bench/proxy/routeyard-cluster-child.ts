// The `routeyard (2 workers)` process of bench/proxy: the cluster primary and its workers on the configuration
// given as JSON in argv[2]; argv[3] is the access log file ('' for none), argv[4] the admin port (its
// /api/workers shows how connections spread), argv[5] node:cluster's scheduling (`rr` or `none`).
import { runCluster } from '../../proxy/src/cluster/index.ts';

const config = JSON.parse(process.argv[2] ?? '{}');
const accessLog = process.argv[3];
const scheduling = process.argv[5] === 'none' ? 'none' : 'rr';
const cluster = await runCluster({
  workers: 2,
  scheduling,
  ...(accessLog ? { accessLog } : {}),
  admin: `127.0.0.1:${process.argv[4] ?? 0}`,
  liveTrace: true,
  log: () => undefined,
});
const r = await cluster.apply(config);
if (!r.ok) {
  process.stderr.write(`routeyard: ${r.error}\n`);
  process.exit(1);
}
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void cluster.stop().then(() => process.exit(0));
});
