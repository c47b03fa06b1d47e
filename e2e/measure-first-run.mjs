#!/usr/bin/env node
// Measures the first run as a new user lives it, by hand (never in a test: timings are reported, not asserted):
//
//   node e2e/measure-first-run.mjs              # `npm start`, as package.json defines it
//   node e2e/measure-first-run.mjs --launcher   # `node scripts/start.mjs` alone (it builds only when stale)
//   node e2e/measure-first-run.mjs --no-build   # the same with ROUTEYARD_NO_BUILD=1: the start alone
//
// It starts the command in its own process group and, from that instant, polls the proxy (GET /status with
// Host: shop.localhost on :8000) and the dashboard (:8080), and loads the dashboard in Chromium (launched
// beforehand, so the browser's own start-up is not counted) to read its first contentful paint. Then it sends
// SIGINT to the group, as Ctrl-C in a terminal does, and checks that every port is released.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const noBuild = process.argv.includes('--no-build');
const launcherOnly = noBuild || process.argv.includes('--launcher');
const PORTS = [8080, 8081, 8000, 8443, 7001, 7002, 7003, 7004, 7005];
const TIMEOUT_MS = 180_000;

function get(port, path, host) {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: host ? { host } : {}, timeout: 2_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

async function until(check) {
  const deadline = Date.now() + TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      if (await check()) return Date.now();
    } catch {
      // Not up yet.
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`not ready within ${TIMEOUT_MS} ms`);
}

function portFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

const busy = [];
for (const port of PORTS) if (!(await portFree(port))) busy.push(port);
if (busy.length > 0) {
  process.stderr.write(`ports in use: ${busy.join(', ')}; stop what runs there first\n`);
  process.exit(1);
}

const profile = mkdtempSync(join(tmpdir(), 'routeyard-measure-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.ROUTEYARD_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = context.pages()[0] ?? (await context.newPage());

const [cmd, args] = launcherOnly ? [process.execPath, ['scripts/start.mjs']] : ['npm', ['start']];
const env = noBuild ? { ...process.env, ROUTEYARD_NO_BUILD: '1' } : process.env;
const t0 = Date.now();
const child = spawn(cmd, args, { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
child.stdout.on('data', (d) => {
  output += d;
});
child.stderr.on('data', (d) => {
  output += d;
});

const results = {};
try {
  const proxyAt = until(async () => (await get(8000, '/status', 'shop.localhost')) === 200);
  const dashboard = (async () => {
    const servedAt = await until(async () => (await get(8080, '/')) === 200);
    await page.goto('http://127.0.0.1:8080/');
    const fcp = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const done = (entry) => resolve(performance.timeOrigin + entry.startTime);
          const found = performance.getEntriesByName('first-contentful-paint')[0];
          if (found) return done(found);
          new PerformanceObserver((list) => {
            const e = list.getEntriesByName('first-contentful-paint')[0];
            if (e) done(e);
          }).observe({ type: 'paint', buffered: true });
        }),
    );
    await page
      .locator('[data-testid^="node-router-"]')
      .first()
      .waitFor({ state: 'attached', timeout: TIMEOUT_MS });
    return { servedAt, fcp, graphAt: Date.now() };
  })();
  const p = await proxyAt;
  const d = await dashboard;
  results['first proxied answer (GET http://shop.localhost:8000/status -> 200)'] = p - t0;
  results['dashboard served (GET :8080/ -> 200)'] = d.servedAt - t0;
  results['dashboard first contentful paint'] = Math.round(d.fcp - t0);
  results['graph shows its first router node'] = d.graphAt - t0;
} catch (err) {
  process.stderr.write(`measure: ${err.message}\n--- output\n${output}\n`);
  process.exitCode = 1;
}

const stopAt = Date.now();
try {
  process.kill(-child.pid, 'SIGINT');
} catch {
  // Already gone.
}
while (groupAlive(child.pid) && Date.now() - stopAt < 15_000) await new Promise((r) => setTimeout(r, 20));
results['Ctrl-C (SIGINT to the group) until every process is gone'] = Date.now() - stopAt;
const left = [];
for (const port of PORTS) if (!(await portFree(port))) left.push(port);
await context.close();
rmSync(profile, { recursive: true, force: true });

const label = noBuild
  ? 'ROUTEYARD_NO_BUILD=1 node scripts/start.mjs'
  : launcherOnly
    ? 'node scripts/start.mjs'
    : 'npm start';
const built = /building \(the build is missing/.test(output) || !launcherOnly;
process.stdout.write(`\n${label} (measured from spawn; ${built ? 'with' : 'without'} a build)\n`);
for (const [what, ms] of Object.entries(results))
  process.stdout.write(`  ${String(ms).padStart(7)} ms  ${what}\n`);
process.stdout.write(`  ports still bound after stop: ${left.length === 0 ? 'none' : left.join(', ')}\n`);
if (left.length > 0 || groupAlive(child.pid)) process.exitCode = 1;
