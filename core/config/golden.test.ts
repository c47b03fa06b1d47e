import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../resources/index.ts';
import type { ParsedResource } from '../resources/types.ts';
import type { ResolveOptions } from './options.ts';
import { resolve } from './resolve.ts';
import { createResolver } from './resolver.ts';

// Golden tests, as Traefik's crd/fixtures: fixtures/<case>/input.yaml (+ options.json) in, expected.json out.
// `UPDATE_GOLDEN=1 npx vitest run --project node core/config` rewrites the expectations; review the diff.
const root = fileURLToPath(new URL('./fixtures/', import.meta.url));
const cases = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function load(name: string): { resources: ParsedResource[]; options: ResolveOptions } {
  const text = readFileSync(`${root}${name}/input.yaml`, 'utf8');
  const parsed = parseManifests(text, 'input.yaml');
  expect(parsed.diagnostics).toEqual([]);
  const optionsFile = `${root}${name}/options.json`;
  const options = existsSync(optionsFile)
    ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as ResolveOptions)
    : {};
  return { resources: parsed.resources, options };
}

// One document per file, so that reordering changes no position.
function splitIntoFiles(name: string): ParsedResource[] {
  const text = readFileSync(`${root}${name}/input.yaml`, 'utf8');
  return text
    .split(/^---$/m)
    .flatMap((doc, i) => parseManifests(doc, `doc${String(i).padStart(3, '0')}.yaml`).resources);
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe.each(cases)('fixture %s', (name) => {
  it('resolves to the golden configuration and diagnostics', () => {
    const { resources, options } = load(name);
    const actual = `${JSON.stringify(resolve(resources, options), null, 2)}\n`;
    const file = `${root}${name}/expected.json`;
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, actual);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });

  it('gives the same bytes whatever the order of the objects', () => {
    const { options } = load(name);
    const resources = splitIntoFiles(name);
    const reference = JSON.stringify(resolve(resources, options));
    for (const seed of [1, 2, 3]) {
      expect(JSON.stringify(resolve(shuffled(resources, seed), options))).toBe(reference);
    }
  });

  it('gives the same bytes incrementally, object by object', () => {
    const { resources, options } = load(name);
    const resolver = createResolver([], options);
    for (const r of shuffled(resources, 7)) resolver.update([r]);
    expect(JSON.stringify(resolver.current())).toBe(JSON.stringify(resolve(resources, options)));
    const removed = shuffled(resources, 9).slice(0, Math.ceil(resources.length / 2));
    const kept = resources.filter((r) => !removed.includes(r));
    expect(JSON.stringify(resolver.update([], removed))).toBe(JSON.stringify(resolve(kept, options)));
  });
});
