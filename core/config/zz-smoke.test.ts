import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { parseManifests } from '/work/main/core/resources/index.ts';
import { resolve } from '/work/main/core/config/index.ts';
it('smoke', () => {
  const text = readFileSync(process.env.F ?? '/work/main/core/config/fixtures/simple/input.yaml', 'utf8');
  const { resources, diagnostics } = parseManifests(text, 'input.yaml');
  const out = resolve(resources);
  console.log(JSON.stringify({ parse: diagnostics, ...out }, null, 1));
});
