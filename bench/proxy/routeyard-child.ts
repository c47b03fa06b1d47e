// The Routeyard process of bench/proxy: the full proxy (router table, chains, metrics, batched access log)
// on a configuration given as JSON in argv[2]; argv[3] is the access log file (none when absent).
import { RouteyardProxy } from '../../proxy/src/index.ts';

const config = JSON.parse(process.argv[2] ?? '{}');
const accessLog = process.argv[3];
const proxy = await RouteyardProxy.create({ ...(accessLog ? { accessLog } : {}), liveTrace: true });
const r = await proxy.apply(config);
if (!r.ok) {
  process.stderr.write(`routeyard: ${r.error}\n`);
  process.exit(1);
}
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void proxy.stop().then(() => process.exit(0));
});
