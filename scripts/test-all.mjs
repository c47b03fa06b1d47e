#!/usr/bin/env node
// Runs every suite (typecheck, lint, unit, browser) and ends with one line that sums them: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = mkdtempSync(join(tmpdir(), 'routeyard-test-'));
let passed = 0;
let failed = 0;

function step(name, cmd, args) {
  process.stdout.write(`\n== ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return r.status === 0;
}

function check(name, cmd, args) {
  if (step(name, cmd, args)) passed++;
  else {
    failed++;
    process.stdout.write(`== ${name} FAILED\n`);
  }
}

function vitest(name, projects) {
  const report = join(out, `${name}.json`);
  const args = ['vitest', 'run', '--passWithNoTests', ...projects.flatMap((p) => ['--project', p])];
  args.push('--reporter=default', '--reporter=json', `--outputFile.json=${report}`);
  const ok = step(name, 'npx', args);
  if (!existsSync(report)) {
    failed++;
    process.stdout.write(`== ${name} produced no report\n`);
    return;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  // A suite that fails to load has no failed test of its own; count it so it cannot pass silently.
  const broken = r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  failed += broken;
  if (!ok && r.numFailedTests === 0 && broken === 0) failed++;
}

// The browser suite drives the built CLI and dashboard, so build first: a stale dist/ would test old code.
check('build', 'npm', ['run', '--silent', 'build']);
check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
check('lint', 'npm', ['run', '--silent', 'lint']);
check('layout', 'node', ['scripts/check-layout.mjs']);
vitest('unit', ['node', 'dashboard']);
if (process.env.ROUTEYARD_SKIP_E2E !== '1') vitest('e2e', ['e2e']);

process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;
