#!/usr/bin/env node
// DESIGN.md §3 import rules and core's purity, checked on every run: core has no Node built-ins, no clock, no
// randomness, no process; apps never import server or proxy; proxy never imports server.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const rules = [
  {
    dir: 'core',
    skip: /\.test\.ts$/,
    bad: [
      [/from\s+['"]node:/, 'imports a Node built-in'],
      [/from\s+['"](fs|path|http|https|net|os|crypto|child_process)['"]/, 'imports a Node built-in'],
      [/from\s+['"](\.\.\/)+(server|proxy|apps|cli)\//, 'imports outside core'],
      [/\bDate\.now\(|\bMath\.random\(|\bprocess\./, 'uses the clock, randomness or process (inject them)'],
      [/from\s+['"]react/, 'imports React'],
    ],
  },
  {
    dir: 'apps',
    skip: /^$/,
    bad: [[/from\s+['"](\.\.\/)+(server|proxy)\//, 'imports server or proxy (use HTTP)']],
  },
  { dir: 'proxy', skip: /^$/, bad: [[/from\s+['"](\.\.\/)+server\//, 'imports server (use HTTP)']] },
];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ts|tsx)$/.test(name)) yield p;
  }
}

let problems = 0;
for (const rule of rules) {
  for (const file of files(rule.dir)) {
    if (rule.skip.test(file)) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (/^\s*(\/\/|\*)/.test(line)) return;
      for (const [re, why] of rule.bad) {
        if (re.test(line)) {
          problems++;
          process.stdout.write(`${file}:${i + 1}: ${why}: ${line.trim()}\n`);
        }
      }
    });
  }
}
process.stdout.write(problems ? `${problems} layout problem(s)\n` : 'layout ok\n');
process.exitCode = problems ? 1 : 0;
