// Starts the example backends the demo manifests route to.
//
//   node dist/examples/backends/main.js [name=port ...] [--all=0] [--exit-with-stdin] [--log]
//
// Ports default to the ones in examples/shop/backends.yaml; `name=port` (or ROUTEYARD_BACKEND_PORTS="api=0,web=0")
// overrides one, port 0 picks a free one, and `--all=0` picks a free port for every backend (what the e2e
// harness does). `--exit-with-stdin` makes it exit when its stdin closes, so a parent that dies without
// signalling (SIGKILL) leaves no orphan behind. `--log` prints one JSON line per request answered
// ({"seen":{"backend":"api-mirror","method":"GET","url":"/cart",...}}), which shows mirrored copies too.
// When all are listening, one line of JSON goes to stdout: {"ready":true,"ports":{"web":7001,...}}.
import {
  DEFAULT_BACKENDS,
  type EchoBody,
  parsePortOverrides,
  startBackends,
  stopBackends,
} from './backends.ts';

const OPTIONS = ['--all=0', '--exit-with-stdin', '--log'];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const words = [
    ...(process.env.ROUTEYARD_BACKEND_PORTS ?? '').split(',').filter((w) => w.trim() !== ''),
    ...args.filter((a) => !a.startsWith('--')),
  ];
  const unknown = args.filter((a) => a.startsWith('--') && !OPTIONS.includes(a));
  if (unknown.length > 0) {
    process.stderr.write(`backends: unknown option ${unknown.join(' ')}\n`);
    process.exitCode = 2;
    return;
  }
  const base = args.includes('--all=0') ? DEFAULT_BACKENDS.map((b) => ({ ...b, port: 0 })) : DEFAULT_BACKENDS;
  let specs: ReturnType<typeof parsePortOverrides>;
  try {
    specs = parsePortOverrides(words, base);
  } catch (err) {
    process.stderr.write(`backends: ${(err as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const log = args.includes('--log')
    ? (seen: EchoBody): void => {
        process.stdout.write(`${JSON.stringify({ seen })}\n`);
      }
    : undefined;
  const running = await startBackends(specs, log);
  const ports = Object.fromEntries(running.map((b) => [b.name, b.port]));
  process.stdout.write(`${JSON.stringify({ ready: true, ports })}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void stopBackends(running).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (args.includes('--exit-with-stdin')) {
    process.stdin.on('end', stop);
    process.stdin.resume();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`backends: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
