// Side-by-side proxy benchmark (issue 6): nginx, Caddy (Go net/http, Traefik's engine), HAProxy and Routeyard on
// loopback, one route Host(`a.example.com`) && PathPrefix(`/api`) round-robin over two keep-alive nginx backends.
// Each proxy is pinned to CPU 0, wrk and the backends to CPU 1; runs are interleaved over >= 3 rounds and the
// medians printed with Routeyard's ratios. `node-bare` is a bare node:http + undici dispatch proxy: Routeyard's
// distance to it is the cost of its features. Prints, never asserts. Env: BENCH_ROUNDS, BENCH_SECONDS,
// BENCH_ONLY (comma-separated peer names), BENCH_NOLOG (add Routeyard without its access log), BENCH_WARMUP
// (seconds of unrecorded load before each measured run, default 2).
// `routeyard (2 workers)` is `--workers 2` (node:cluster, round-robin scheduling) and `..., sched none` lets the
// kernel spread connections instead: they are NOT pinned to CPU 0 but given both CPUs (taskset -c 0,1), so one
// worker shares CPU 1 with wrk and the backends; there are only two cores. Their CPU µs/req counts the primary
// and both workers. After the table, each one's split of requests between its workers is printed.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendsNginx, proxyCaddy, proxyHaproxy, proxyNginx, routeyardConfig } from './proxy/configs.ts';
import { CLK_TCK, cpuTicks, freePort, LOAD_CPU, otherTicks, processTable, wrk } from './proxy/measure.ts';
import { measureReloadLatency } from './proxy/reload.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/**
 * Before each measured run the same test runs unrecorded for this long, on every peer: a JIT-compiled proxy
 * (Node) re-optimises for a while after its load changes shape (64 KiB answers, then small ones), and the
 * measured run is the steady state. The first second of that warm-up is reported on its own ("switch p99").
 */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const PROXY_CPU = '0';

function have(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
}

/** Installs the peers from Debian when missing (as root); a peer that cannot be installed is skipped. */
function ensureTools(): Set<string> {
  const wanted = ['nginx', 'caddy', 'haproxy', 'wrk'];
  const missing = wanted.filter((b) => !have(b));
  if (missing.length > 0 && process.getuid?.() === 0) {
    process.stdout.write(`installing ${missing.join(' ')} with apt-get\n`);
    const apt = (args: string[]) =>
      spawnSync('apt-get', args, {
        stdio: 'ignore',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    // A fresh machine has no package lists yet: install fails until they are fetched once.
    if (apt(['install', '-y', ...missing]).status !== 0) {
      apt(['update']);
      apt(['install', '-y', ...missing]);
    }
  }
  return new Set(wanted.filter(have));
}

async function waitReady(port: number, path: string): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    const r = spawnSync('curl', [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '-H',
      'Host: a.example.com',
      `http://127.0.0.1:${port}${path}`,
    ]);
    if (r.stdout.toString() === '200') return true;
    await new Promise((res) => setTimeout(res, 100));
  }
  return false;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = s.length >> 1;
  // An even count takes the mean of the middle two, so that neither side of a ratio is flattered.
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

interface Peer {
  name: string;
  port: number;
  proc: ChildProcess;
  /** The admin port of a cluster peer, to read how its workers split the requests. */
  admin?: number;
}

const BOTH_CPUS = '0,1';

/** One peer's results on one test, a value per round. */
interface Series {
  rps: number[];
  p50: number[];
  p99: number[];
  /** p99 of the first warm-up second, right after the previous test (another answer size). */
  switchP99: number[];
  cpu: number[];
  other: number[];
  errors: number;
}

async function main(): Promise<void> {
  const tools = ensureTools();
  if (!tools.has('wrk') || !tools.has('nginx')) {
    process.stdout.write('bench/proxy: needs wrk and nginx (apt-get install -y wrk nginx); skipped\n');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'routeyard-bench-'));
  // nginx workers run as nobody when started by root: the folder and the file must be readable.
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, '64k.bin'), Buffer.alloc(64 * 1024, 120), { mode: 0o644 });
  const backendPorts: [number, number] = [await freePort(), await freePort()];
  const procs: ChildProcess[] = [];
  const start = (cpu: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
    const p = spawn('taskset', ['-c', cpu, cmd, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    p.stderr?.on('data', (d: Buffer) => {
      if (process.env.BENCH_VERBOSE) process.stderr.write(`${cmd}: ${d}`);
    });
    procs.push(p);
    return p;
  };
  try {
    writeFileSync(join(dir, 'backends.conf'), backendsNginx(dir, backendPorts));
    const backends = start(LOAD_CPU, 'nginx', [
      '-p',
      dir,
      '-e',
      join(dir, 'b.err'),
      '-c',
      join(dir, 'backends.conf'),
      '-g',
      'daemon off;',
    ]);
    if (!(await waitReady(backendPorts[0], '/api')) || !(await waitReady(backendPorts[1], '/api'))) {
      throw new Error('the nginx backends did not start');
    }
    const cli = fileURLToPath(new URL('../../cli/bin/routeyard.js', import.meta.url));
    const reload = await measureReloadLatency(cli, await freePort(), backendPorts[0]);
    process.stdout.write(
      reload === undefined
        ? 'reload latency: the CLI did not start (build with npm run build:node); skipped\n'
        : `reload latency (routeyard proxy --dir, file saved → new rule routes), ${reload.samples} edits: median ${reload.median.toFixed(1)} ms, p90 ${reload.p90.toFixed(1)} ms\n`,
    );
    const peers: Peer[] = [];
    const only = process.env.BENCH_ONLY?.split(',');
    const add = async (name: string, port: number, proc: ChildProcess, admin?: number) => {
      if (only !== undefined && !only.includes(name)) {
        proc.kill('SIGTERM');
        return;
      }
      if (await waitReady(port, '/api/x'))
        peers.push({ name, port, proc, ...(admin !== undefined ? { admin } : {}) });
      else process.stdout.write(`${name}: did not start; skipped\n`);
    };
    let port = await freePort();
    writeFileSync(join(dir, 'nginx-proxy.conf'), proxyNginx(dir, port, backendPorts));
    await add(
      'nginx',
      port,
      start(PROXY_CPU, 'nginx', [
        '-p',
        dir,
        '-e',
        join(dir, 'p.err'),
        '-c',
        join(dir, 'nginx-proxy.conf'),
        '-g',
        'daemon off;',
      ]),
    );
    if (tools.has('caddy')) {
      port = await freePort();
      writeFileSync(join(dir, 'Caddyfile'), proxyCaddy(port, backendPorts));
      await add(
        'caddy',
        port,
        start(PROXY_CPU, 'caddy', ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
          HOME: dir,
          XDG_DATA_HOME: dir,
          XDG_CONFIG_HOME: dir,
        }),
      );
    } else process.stdout.write('caddy: not installed; skipped\n');
    if (tools.has('haproxy')) {
      port = await freePort();
      writeFileSync(join(dir, 'haproxy.cfg'), proxyHaproxy(port, backendPorts));
      await add('haproxy', port, start(PROXY_CPU, 'haproxy', ['-f', join(dir, 'haproxy.cfg')]));
    } else process.stdout.write('haproxy: not installed; skipped\n');
    port = await freePort();
    const bare = fileURLToPath(new URL('./proxy/bare-node.js', import.meta.url));
    await add(
      'node-bare',
      port,
      start(PROXY_CPU, process.execPath, [
        bare,
        String(port),
        backendPorts.map((p) => `http://127.0.0.1:${p}`).join(','),
      ]),
    );
    port = await freePort();
    const child = fileURLToPath(new URL('./proxy/routeyard-child.js', import.meta.url));
    await add(
      'routeyard',
      port,
      start(PROXY_CPU, process.execPath, [
        child,
        JSON.stringify(routeyardConfig(port, backendPorts)),
        join(dir, 'access.log'),
      ]),
    );
    if (process.env.BENCH_NOLOG) {
      // The same proxy without its access log, to show what the log costs.
      port = await freePort();
      await add(
        'routeyard-nolog',
        port,
        start(PROXY_CPU, process.execPath, [child, JSON.stringify(routeyardConfig(port, backendPorts))]),
      );
    }
    const clusterChild = fileURLToPath(new URL('./proxy/routeyard-cluster-child.js', import.meta.url));
    for (const [name, scheduling] of [
      ['routeyard (2 workers)', 'rr'],
      ['routeyard (2 workers, sched none)', 'none'],
    ] as const) {
      port = await freePort();
      const admin = await freePort();
      await add(
        name,
        port,
        start(BOTH_CPUS, process.execPath, [
          clusterChild,
          JSON.stringify(routeyardConfig(port, backendPorts)),
          join(dir, `access-${scheduling}.log`),
          String(admin),
          scheduling,
        ]),
        admin,
      );
    }

    const tests = [
      { key: 'small', path: '/api/x', connections: 50 },
      { key: '64k', path: '/api/64k', connections: 50 },
      { key: 'onecon', path: '/api/x', connections: 1 },
    ] as const;
    const results = new Map<string, Series>();
    for (const p of peers) wrk(`http://127.0.0.1:${p.port}/api/x`, 50, 2);
    const units = pairedUnits(peers);
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order each round so that no peer always runs first (thermal or cache effects); Caddy and
      // Routeyard stay next to each other, so each round gives one ratio of two runs a minute apart at most.
      const order = units.flatMap((_, i) => units[(i + round) % units.length] as Peer[]);
      for (const peer of order) {
        for (const t of tests) {
          const url = `http://127.0.0.1:${peer.port}${t.path}`;
          const switched = WARMUP > 0 ? wrk(url, t.connections, 1) : undefined;
          if (WARMUP > 1) wrk(url, t.connections, WARMUP - 1);
          const before = cpuTicks(peer.proc.pid as number);
          const tableBefore = processTable();
          const startedAt = performance.now();
          const r = wrk(url, t.connections, SECONDS);
          const seconds = (performance.now() - startedAt) / 1000;
          const ticks = cpuTicks(peer.proc.pid as number) - before;
          // wrk ran and ended between the two tables: only the processes still there are counted.
          const others = otherTicks(tableBefore, processTable(), [
            peer.proc.pid as number,
            backends.pid as number,
            process.pid,
          ]);
          const key = `${peer.name}|${t.key}`;
          const acc = results.get(key) ?? {
            rps: [],
            p50: [],
            p99: [],
            switchP99: [],
            cpu: [],
            other: [],
            errors: 0,
          };
          if (switched !== undefined) acc.switchP99.push(switched.p99);
          acc.rps.push(r.rps);
          acc.p50.push(r.p50);
          acc.p99.push(r.p99);
          acc.cpu.push(r.requests > 0 ? ((ticks / CLK_TCK) * 1e6) / r.requests : Number.NaN);
          acc.other.push((100 * others) / CLK_TCK / seconds);
          acc.errors += r.errors;
          results.set(key, acc);
        }
      }
      process.stdout.write(`round ${round + 1}/${ROUNDS} done\n`);
    }
    report(
      peers.map((p) => p.name),
      results,
    );
    reportPaired(results);
    await reportWorkerSplit(peers);
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    if (process.env.BENCH_KEEP) process.stdout.write(`kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The peers as rotation units: Caddy and Routeyard form one, so they always run back to back. This VM's speed
 * drifts by up to 2x over minutes (the same proxy, alone: 13k then 31k req/s), which a ratio of medians taken
 * minutes apart carries; a ratio of adjacent runs mostly does not.
 */
function pairedUnits(peers: Peer[]): Peer[][] {
  const caddy = peers.find((p) => p.name === 'caddy');
  const routeyard = peers.find((p) => p.name === 'routeyard');
  if (caddy === undefined || routeyard === undefined) return peers.map((p) => [p]);
  const units: Peer[][] = [];
  for (const p of peers) {
    if (p === routeyard) continue;
    units.push(p === caddy ? [caddy, routeyard] : [p]);
  }
  return units;
}

/** Routeyard against Caddy round by round (adjacent runs), and the median of those ratios. */
function reportPaired(results: Map<string, Series>): void {
  const ry = results.get('routeyard|small');
  const cd = results.get('caddy|small');
  if (ry === undefined || cd === undefined) return;
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');
  const line = (label: string, a: number[], b: number[]) => {
    const ratios = a.map((v, i) => v / (b[i] as number));
    return `${label} ${ratios.map(f).join(' ')} → median ${f(median(ratios))}x`;
  };
  process.stdout.write(
    `
routeyard vs caddy, round by round (the two runs back to back): ${line('req/s', ry.rps, cd.rps)}; ${line('p99', ry.p99, cd.p99)}; ${line('CPU/req', ry.cpu, cd.cpu)}
`,
  );
}

function report(names: string[], results: Map<string, Series>): void {
  const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '-');
  const get = (name: string, key: string) => results.get(`${name}|${key}`);
  process.stdout.write(
    `\nmedians of ${ROUNDS} rounds, ${SECONDS}s each after ${WARMUP}s of warm-up on the same test; proxy on CPU ${PROXY_CPU}, wrk + backends on CPU ${LOAD_CPU}\n`,
  );
  process.stdout.write(
    '| proxy | req/s (50 conns) | p50 ms | p99 ms | switch p99 ms | CPU µs/req | 64 KiB req/s | 64 KiB p99 ms | 1-conn p50 ms | 1-conn p99 ms | other load % | errors |\n',
  );
  process.stdout.write('|---|---|---|---|---|---|---|---|---|---|---|---|\n');
  for (const name of names) {
    const s = get(name, 'small');
    const k = get(name, '64k');
    const o = get(name, 'onecon');
    if (!s || !k || !o) continue;
    process.stdout.write(
      `| ${name} | ${f(median(s.rps))} | ${f(median(s.p50), 3)} | ${f(median(s.p99), 3)} | ${f(median(s.switchP99), 3)} | ${f(median(s.cpu), 1)} | ${f(median(k.rps))} | ${f(median(k.p99), 3)} | ${f(median(o.p50), 3)} | ${f(median(o.p99), 3)} | ${f(median(s.other), 0)}–${f(Math.max(...s.other), 0)} | ${s.errors + k.errors + o.errors} |\n`,
    );
  }
  process.stdout.write(
    '\nswitch p99: the first second of 50-connection small answers right after the 1-connection test, which\n' +
      'follows the 64 KiB one (the first round: after the start-up warm-up); not part of the p99 column.\n' +
      '\nother load: CPU time of every other process (not the proxy, wrk, the backends or this script) during the\n' +
      '50-connection runs, median–max, in % of one CPU. More than a few % means the runs were disturbed.\n',
  );
  const ry = get('routeyard', 'small');
  if (ry === undefined) return;
  for (const name of names.filter((n) => n.startsWith('routeyard ('))) {
    const s = get(name, 'small');
    if (s !== undefined)
      process.stdout.write(
        `\n${name} vs routeyard (1 process on CPU ${PROXY_CPU}): req/s ${f(median(s.rps) / median(ry.rps), 2)}x, p99 ${f(median(s.p99) / median(ry.p99), 2)}x (on CPUs ${BOTH_CPUS}, sharing CPU ${LOAD_CPU} with wrk)\n`,
      );
  }
  process.stdout.write('\nRouteyard ratios (req/s: higher is better; p99 and CPU: lower is better)\n');
  for (const name of names.filter((n) => !n.startsWith('routeyard'))) {
    const s = get(name, 'small');
    const k = get(name, '64k');
    const rk = get('routeyard', '64k');
    if (!s || !k || !rk) continue;
    process.stdout.write(
      `vs ${name}: req/s ${f(median(ry.rps) / median(s.rps), 2)}x, p99 ${f(median(ry.p99) / median(s.p99), 2)}x, switch p99 ${f(median(ry.switchP99) / median(s.switchP99), 2)}x, CPU/req ${f(median(ry.cpu) / median(s.cpu), 2)}x, 64 KiB req/s ${f(median(rk.rps) / median(k.rps), 2)}x\n`,
    );
  }
}

/** How each cluster peer's workers split the requests of the whole run (from its admin /api/workers). */
async function reportWorkerSplit(peers: Peer[]): Promise<void> {
  for (const p of peers) {
    if (p.admin === undefined) continue;
    try {
      const res = await fetch(`http://127.0.0.1:${p.admin}/api/workers`);
      const { items } = (await res.json()) as { items: { pid: number; requests: number }[] };
      const total = items.reduce((sum, w) => sum + w.requests, 0);
      const split = items.map((w) => `${((100 * w.requests) / Math.max(1, total)).toFixed(1)}%`).join(' / ');
      process.stdout.write(`${p.name}: requests per worker ${split} of ${total}\n`);
    } catch (err) {
      process.stdout.write(`${p.name}: no worker split (${(err as Error).message})\n`);
    }
  }
}

await main();
