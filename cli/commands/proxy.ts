import type { Command } from 'commander';
import { UsageError } from '../program.ts';

/** How long a proxy whose server died lets requests in flight finish. */
const ORPHAN_DRAIN_MS = 2_000;

interface ProxyCliOptions {
  feed?: string;
  dir?: string;
  config?: string;
  admin?: string;
  accessLog?: string;
  bindAll?: boolean;
  trace?: boolean;
  drainTimeout?: string;
  workers?: string;
}

/** `--workers`: a count, or `auto` for one per CPU. `flag` names the option in the error. */
export function parseWorkers(value: string, cpus: number, flag = 'proxy: --workers'): number {
  if (value === 'auto') return Math.max(1, cpus);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new UsageError(`${flag} must be a count from 1 to 256 or "auto", not "${value}"`);
  return n;
}

/** `routeyard proxy`: the bundled proxy, fed by the server (`--feed`) or running alone on a folder (`--dir`). */
export function register(program: Command): void {
  program
    .command('proxy')
    .description('Run the bundled proxy on a folder of manifests (--dir) or on the server feed (--feed)')
    .option(
      '--feed <url>',
      'follow the server configuration feed (token from ROUTEYARD_FEED_TOKEN); exits when stdin ends',
    )
    .option('--dir <folder>', 'serve the manifests in this folder (*.yaml, recursively) and watch it')
    .option('--config <file>', 'Traefik static configuration (entryPoints) for --dir')
    .option(
      '--admin <host:port>',
      'admin listener: /ping, /metrics, /api/version, /api/traces',
      '127.0.0.1:9000',
    )
    .option('--access-log <file>', 'write JSON-lines access log to a file ("-" for stdout)')
    .option(
      '--bind-all',
      'bind ":PORT" entrypoint addresses on every interface, as Traefik does (default: loopback)',
    )
    .option(
      '--no-trace',
      'do not record requests carrying X-Routeyard-Trace: 1 (from loopback, or from anywhere with X-Routeyard-Trace-Token matching ROUTEYARD_TRACE_TOKEN)',
    )
    .option('--drain-timeout <ms>', 'how long SIGTERM waits for requests in flight', '10000')
    .option(
      '--workers <n>',
      'worker processes sharing the entrypoint ports ("auto": one per CPU); 1 serves in this process',
      '1',
    )
    .action(async (opts: ProxyCliOptions) => {
      if ((opts.feed === undefined) === (opts.dir === undefined))
        throw new UsageError('proxy: give exactly one of --feed or --dir');
      if (opts.config !== undefined && opts.dir === undefined)
        throw new UsageError('proxy: --config goes with --dir');
      const drainTimeoutMs = Number(opts.drainTimeout);
      if (!Number.isFinite(drainTimeoutMs) || drainTimeoutMs < 0)
        throw new UsageError('proxy: --drain-timeout must be milliseconds');
      const token = process.env.ROUTEYARD_FEED_TOKEN;
      if (opts.feed !== undefined && !token)
        throw new UsageError('proxy: --feed needs ROUTEYARD_FEED_TOKEN in the environment');
      const { availableParallelism } = await import('node:os');
      const workers = parseWorkers(opts.workers ?? '1', availableParallelism());
      const runOptions = {
        ...(opts.feed !== undefined ? { feed: opts.feed, token } : {}),
        ...(opts.dir !== undefined ? { dir: opts.dir } : {}),
        ...(opts.config !== undefined ? { staticConfig: opts.config } : {}),
        admin: opts.admin,
        ...(opts.accessLog !== undefined ? { accessLog: opts.accessLog } : {}),
        defaultHost: opts.bindAll ? '0.0.0.0' : '127.0.0.1',
        liveTrace: opts.trace !== false,
        ...(process.env.ROUTEYARD_TRACE_TOKEN ? { traceToken: process.env.ROUTEYARD_TRACE_TOKEN } : {}),
        drainTimeoutMs,
      };
      let running: { adminAddress: string | undefined; stop(drainMs?: number): Promise<boolean> };
      let addresses: Record<string, string>;
      if (workers > 1) {
        const { runCluster } = await import('../../proxy/src/cluster/index.ts');
        const cluster = await runCluster({ ...runOptions, workers });
        running = cluster;
        addresses = await cluster.addresses();
      } else {
        const { runProxy } = await import('../../proxy/src/index.ts');
        const single = await runProxy(runOptions);
        running = single;
        addresses = single.proxy.addresses();
      }
      process.stderr.write(
        `routeyard proxy: admin ${running.adminAddress ?? 'off'}; ${workers > 1 ? `${workers} workers; ` : ''}entrypoints ${Object.entries(
          addresses,
        )
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}\n`,
      );
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (drainMs?: number) => {
          if (stopping) return;
          stopping = true;
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
          void running.stop(drainMs).then((drained) => {
            if (!drained)
              process.stderr.write('routeyard proxy: drain timeout; cut the remaining requests\n');
            resolve();
          });
        };
        const onSignal = () => stop();
        process.on('SIGTERM', onSignal);
        process.on('SIGINT', onSignal);
        if (opts.feed !== undefined) {
          // The server keeps our stdin as a pipe that closes when it dies, even by SIGKILL: without a server there
          // is no feed, so stop (draining briefly) rather than hold the ports as an orphan.
          process.stdin.on('data', () => undefined);
          process.stdin.once('end', () => {
            process.stderr.write('routeyard proxy: stdin closed (the server is gone); stopping\n');
            stop(Math.min(drainTimeoutMs, ORPHAN_DRAIN_MS));
          });
          process.stdin.once('error', () => stop(Math.min(drainTimeoutMs, ORPHAN_DRAIN_MS)));
          process.stdin.resume();
        }
      });
      // A stdin still open (a signal stopped us) must not keep the process alive.
      if (opts.feed !== undefined) process.stdin.destroy();
    });
}
