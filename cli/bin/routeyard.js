#!/usr/bin/env node
// The CLI is compiled to dist/ by `npm install` (the package's prepare script) and by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  process.stderr.write('routeyard: not built yet; run `npm run build` in the routeyard folder\n');
  process.exit(1);
}
const { run } = await import(main);
process.exitCode = await run(process.argv);
