import { readFileSync } from 'node:fs';
import { register as registerCheck } from './commands/check.ts';
import { register as registerProxy } from './commands/proxy.ts';
import { register as registerResolve } from './commands/resolve.ts';
import { register as registerRule } from './commands/rule.ts';
import { register as registerServe } from './commands/serve.ts';
import { register as registerTest } from './commands/test.ts';
import { register as registerTrace } from './commands/trace.ts';
import { createProgram, runProgram } from './program.ts';

function packageVersion(): string {
  // cli/main.ts sits one level below the package root, dist/cli/main.js two.
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: string;
        version: string;
      };
      if (pkg.name === 'routeyard') return pkg.version;
    } catch {
      // Not at this level; try the next.
    }
  }
  return '0.0.0';
}

/** Entry point used by bin/routeyard.js; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = createProgram(packageVersion());
  for (const register of [
    registerRule,
    registerResolve,
    registerCheck,
    registerTrace,
    registerTest,
    registerServe,
    registerProxy,
  ]) {
    register(program);
  }
  return runProgram(program, argv);
}
