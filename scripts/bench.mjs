#!/usr/bin/env node
// `npm run bench -- <name>...` runs dist/bench/<name>.js (compiled from bench/<name>.ts); no name runs them all.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const dir = new URL('../dist/bench/', import.meta.url);
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.js') && !f.includes('.test.'))
  .map((f) => f.slice(0, -3));
const names = process.argv.slice(2).length ? process.argv.slice(2) : all;
let status = 0;
for (const name of names) {
  if (!all.includes(name)) {
    process.stderr.write(`no benchmark "${name}"; have: ${all.join(', ')}\n`);
    status = 2;
    continue;
  }
  process.stdout.write(`\n# bench/${name}\n`);
  const r = spawnSync(process.execPath, [new URL(`${name}.js`, dir).pathname], { stdio: 'inherit' });
  if (r.status !== 0) status = r.status ?? 1;
}
process.exitCode = status;
