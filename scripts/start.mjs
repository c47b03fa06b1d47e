#!/usr/bin/env node
// `npm start`: runs the demo. Starts the example backends and `routeyard serve examples` (dashboard and API on
// 127.0.0.1:8080, the bundled proxy on :8000 and :8443), waits until a request through the proxy is answered,
// prints the URLs, and on Ctrl-C (SIGINT) or SIGTERM stops every process it started.
//
// Each child runs in its own process group (detached), so stopping signals the whole group: the server's proxy
// child goes down with it, and the terminal's Ctrl-C reaches only this launcher, which stops the children in
// order. It builds first (`npm run build`) only when the build is missing or older than a source file, so a
// second start, or the first one after `npm install` (which builds), begins serving at once
// (ROUTEYARD_NO_BUILD=1 skips that check).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const API_PORT = 8080;
const WEB_PORT = 8000;
const WEBSECURE_PORT = 8443;
const BACKEND_PORTS = { web: 7001, api: 7002, 'api-canary': 7003, 'api-mirror': 7004, admin: 7005 };
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

const started = performance.now();
/** @type {{ name: string, child: import('node:child_process').ChildProcess, exited: boolean }[]} */
const children = [];
let stopping = false;

function log(line) {
  process.stdout.write(`${line}\n`);
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(2)} s`;
}

function fail(message) {
  process.stderr.write(`start: ${message}\n`);
  void stopAll(1);
}

const BUILD_OUTPUTS = ['dist/cli/main.js', 'dist/examples/backends/main.js', 'dist/dashboard/index.html'];
const SOURCE_DIRS = ['core', 'server', 'proxy', 'cli', 'examples', 'apps/dashboard'];
const SOURCE_FILE = /\.(ts|tsx|css|html)$|^tsconfig.*\.json$/;

/** The newest modification time among the sources the build reads (bounded walk, no node_modules or dist). */
function newestSource() {
  let newest = 0;
  let budget = 20_000;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (--budget < 0) return;
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (SOURCE_FILE.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) walk(join(root, dir));
  for (const file of ['tsconfig.base.json', 'tsconfig.build.json', 'vite.config.ts', 'package.json']) {
    if (existsSync(join(root, file))) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  }
  return newest;
}

/** Runs `npm run build` when an output is missing or older than a source; fails with the build's own errors. */
function buildIfStale() {
  // For measuring the start itself, and for trees whose sources change under a running build (several editors).
  if (process.env.ROUTEYARD_NO_BUILD === '1') return;
  const outputs = BUILD_OUTPUTS.map((p) => join(root, p));
  const missing = outputs.some((p) => !existsSync(p));
  if (!missing && Math.min(...outputs.map((p) => statSync(p).mtimeMs)) >= newestSource()) return;
  log('building (the build is missing or older than the sources)…');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('`npm run build` failed; see its errors above');
}

function isPortFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

async function checkPorts() {
  const wanted = [
    ['dashboard/API', API_PORT],
    ['proxy web', WEB_PORT],
    ['proxy websecure', WEBSECURE_PORT],
    // `routeyard serve` puts the proxy's admin listener on the API port + 1 by default.
    ['proxy admin', API_PORT + 1],
    ...Object.entries(BACKEND_PORTS).map(([name, port]) => [`backend ${name}`, port]),
  ];
  const busy = [];
  for (const [what, port] of wanted) if (!(await isPortFree(port))) busy.push(`${port} (${what})`);
  if (busy.length > 0) {
    throw new Error(
      `port ${busy.join(', ')} already in use; is another \`npm start\` or \`routeyard serve\` running?`,
    );
  }
}

/** Starts a child in its own process group and prefixes its output lines with its name. */
function startChild(name, args) {
  const child = spawn(process.execPath, args, { cwd: root, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  const entry = { name, child, exited: false };
  children.push(entry);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => log(`[${name}] ${line}`));
  }
  child.on('exit', (code, signal) => {
    entry.exited = true;
    if (!stopping) fail(`${name} exited unexpectedly (${signal ?? `code ${code}`})`);
  });
  child.on('error', (err) => fail(`${name}: ${err.message}`));
  return child;
}

function waitForLine(child, name, predicate) {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(
      () => reject(new Error(`${name} not ready after ${seconds(READY_TIMEOUT_MS)}`)),
      READY_TIMEOUT_MS,
    );
    lines.on('line', (line) => {
      if (!predicate(line)) return;
      clearTimeout(timer);
      lines.close();
      resolve(line);
    });
    child.once('exit', () => reject(new Error(`${name} exited before it was ready`)));
  });
}

/** One HTTP request to loopback, with the Host header given separately (Node does not resolve *.localhost). */
function get(port, path, host) {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: host ? { host } : {}, timeout: 2_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** Polls until `check` returns a value other than undefined, bounded by READY_TIMEOUT_MS. */
async function poll(what, check) {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  let last = 'no answer';
  while (!stopping && performance.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (stopping) throw new Error('stopped');
  throw new Error(`${what} not ready after ${seconds(READY_TIMEOUT_MS)} (last: ${last})`);
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Stops the children in reverse start order: SIGTERM to each group, then SIGKILL what is left after the grace. */
async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  for (const { child } of [...children].reverse()) if (child.pid) signalGroup(child.pid, 'SIGTERM');
  const deadline = performance.now() + STOP_GRACE_MS;
  while (performance.now() < deadline && children.some(({ child }) => child.pid && groupAlive(child.pid))) {
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const { name, child } of children) {
    if (child.pid && groupAlive(child.pid)) {
      process.stderr.write(`start: ${name} did not stop within ${seconds(STOP_GRACE_MS)}; killing it\n`);
      signalGroup(child.pid, 'SIGKILL');
    }
  }
  process.exit(exitCode);
}

process.on('SIGINT', () => {
  // A second Ctrl-C while stopping means "now".
  if (stopping) for (const { child } of children) if (child.pid) signalGroup(child.pid, 'SIGKILL');
  log('\nstopping…');
  void stopAll(0);
});
process.on('SIGTERM', () => void stopAll(0));
// Last resort if this script dies of an exception: never leave a group behind.
process.on('exit', () => {
  for (const { child } of children) if (child.pid && groupAlive(child.pid)) signalGroup(child.pid, 'SIGKILL');
});

async function main() {
  await checkPorts();
  buildIfStale();

  const backendArgs = Object.entries(BACKEND_PORTS).map(([name, port]) => `${name}=${port}`);
  const backends = startChild('backends', [
    join(root, 'dist/examples/backends/main.js'),
    ...backendArgs,
    '--exit-with-stdin',
  ]);
  const ready = await waitForLine(backends, 'backends', (line) => line.startsWith('{"ready":true'));
  const { ports } = JSON.parse(ready);

  startChild('serve', [
    join(root, 'cli/bin/routeyard.js'),
    'serve',
    join(root, 'examples'),
    '--config',
    join(root, 'examples/traefik.yml'),
    '--port',
    String(API_PORT),
  ]);
  await poll('the server', async () =>
    (await get(API_PORT, '/api/v1/healthz')).status === 200 ? true : undefined,
  );
  const serverReady = performance.now();
  const proxied = await poll('the proxy', async () => {
    const res = await get(WEB_PORT, '/status', 'shop.localhost');
    return res.status === 200 ? res : undefined;
  });
  const proxyReady = performance.now();
  const backend = proxied.headers['x-backend'] ?? 'unknown';

  log('');
  log(
    `Routeyard is running: server ready after ${seconds(serverReady - started)}, first proxied answer after ${seconds(proxyReady - started)} (from ${backend}).`,
  );
  log('');
  const backendList = Object.entries(ports).map(([name, port]) => `${name} :${port}`);
  const rows = [
    ['Dashboard', `http://127.0.0.1:${API_PORT}/`, ''],
    ['Proxy (HTTP)', `http://shop.localhost:${WEB_PORT}/status`, '(other paths redirect to HTTPS)'],
    ['Proxy (HTTPS)', `https://shop.localhost:${WEBSECURE_PORT}/`, '(self-signed certificate: curl -k)'],
    ['Admin area', `https://shop.localhost:${WEBSECURE_PORT}/admin`, '(user admin, password routeyard)'],
    ['Backends', backendList.join(', '), ''],
  ];
  for (const [what, url, note] of rows) log(`  ${what.padEnd(14)} ${url.padEnd(36)} ${note}`.trimEnd());
  log('');
  log('  Try: curl -k https://shop.localhost:8443/api/cart    More in examples/README.md.');
  log('Press Ctrl-C to stop.');
}

main().catch((err) => {
  // Once stopping, the reason has been reported already; what follows is only the fallout.
  if (!stopping) fail(err instanceof Error ? err.message : String(err));
});
