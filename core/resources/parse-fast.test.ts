import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseManifests, parseWithYaml } from './parse.ts';
import { parseFast } from './parse-fast.ts';
import type { FieldPath, ParsedResource } from './types.ts';

// The fast path must be invisible: for any text, parseManifests gives exactly what the yaml package path gives,
// down to every located position. These tests compare the two on hand-written, generated and real manifests.

function paths(value: unknown, prefix: (string | number)[] = []): FieldPath[] {
  const out: FieldPath[] = [prefix, [...prefix, 'absent'], [...prefix, 7]];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...paths(v, [...prefix, i]));
  } else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function view(r: ParsedResource) {
  const { locate, ...rest } = r;
  const located = paths(r.object).map((p) => [locate(p), locate(p, { key: true })]);
  return { ...rest, located };
}

function expectSame(text: string): void {
  const fast = parseManifests(text, 'f.yaml');
  const slow = parseWithYaml(text, 'f.yaml');
  expect(fast.diagnostics).toEqual(slow.diagnostics);
  expect(fast.resources.map(view)).toEqual(slow.resources.map(view));
}

const OBJ = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n';

const CASES: [string, string][] = [
  ['one object', OBJ],
  ['two documents', `${OBJ}---\n${OBJ}`],
  ['leading marker and comment', `# head\n---\n${OBJ}---\n${OBJ}`],
  ['empty documents', `---\n---\n${OBJ}---\n\n# only a comment\n---\n`],
  ['marker with a comment', `--- # first\n${OBJ}--- \n${OBJ}`],
  ['no final newline', OBJ.trimEnd()],
  ['trailing comments and blanks', `${OBJ}\n\n# end\n\n---\n${OBJ}  # x\n\n`],
  ['blank lines before content', `\n\n${OBJ}`],
  [
    'nested maps, sequences, compact items and flow',
    `${OBJ}spec:\n  ports: [{ name: http, port: 80 }, {}]\n  list:\n  - a\n  - b: 1\n    c: [x, 'y', "z"]\n  -\n  - # c\n  empty:\n  deep:\n    - - x\n`,
  ],
  [
    'scalars of every type',
    `${OBJ}data:\n  a: yes\n  b: 0755\n  c: 1_000\n  d: .5\n  e: ~\n  f: 2024-01-01\n  g: 12:30\n  h: 0x1F\n  i: -1\n  j: +2\n  k: true\n  l: Off\n  m: .inf\n  n: 'it''s'\n  o: "a\\"b\\\\c\\n"\n  p: "\\x41"\n  q: a#b\n  r: a # c\n  s: -x\n  t: 1e3\n  u: NULL\n`,
  ],
  [
    'quoted and odd keys',
    `${OBJ}spec:\n  "a b": 1\n  'c': 2\n  kubernetes.io/x: 3\n  "1": 4\n  yes: 5\n  ? k\n  : v\n`,
  ],
  ['duplicate keys', `${OBJ}metadata:\n  name: again\n`],
  ['anchors, aliases and merge keys', `${OBJ}spec:\n  a: &x { p: 1 }\n  b: *x\n  c:\n    <<: *x\n`],
  ['block scalars', `${OBJ}data:\n  a: |\n    line\n  b: >-\n    folded\n`],
  ['multi-line plain and quoted', `${OBJ}spec:\n  a: one\n    two\n  b: "x\n    y"\n`],
  ['tabs, CR and BOM', `\uFEFF${OBJ}`],
  ['CRLF', OBJ.replaceAll('\n', '\r\n')],
  ['syntax errors', `${OBJ}spec: [a, b\nx: 1\n`],
  ['nested mapping on one line', `${OBJ}spec:\n  a: b: c\n`],
  ['bad indentation', `${OBJ}spec:\n  a: 1\n   b: 2\n`],
  ['not an object', '- a\n- b\n---\nplain\n---\n[1, 2]\n'],
  ['missing kind', 'apiVersion: v1\nmetadata: { name: x }\n'],
  ['document end and directives', `%YAML 1.1\n---\n${OBJ}...\n`],
  [
    'flow edge cases',
    `${OBJ}spec:\n  a: [ ]\n  b: {a: 1, "b": [c]}\n  c: [a, ]\n  d: [http://x, a:b]\n  e: [-1, -a]\n`,
  ],
  [
    'sequence at the key indent',
    `${OBJ}spec:\n  routes:\n  - match: Host(\`a\`)\n    kind: Rule\n  other: 1\n`,
  ],
  ['proto keys', `${OBJ}spec:\n  __proto__: 1\n  constructor: 2\n`],
  ['tags', `${OBJ}spec:\n  a: !!str 1\n`],
];

describe('parseManifests fast path', () => {
  it.each(CASES.map(([desc, text]) => ({ desc, text })))('$desc: same as the yaml package', ({ text }) => {
    expectSame(text);
  });

  it('takes the fast path for the usual shapes', () => {
    const fastCases = [
      'two documents',
      'trailing comments and blanks',
      'sequence at the key indent',
      'missing kind',
    ];
    for (const [desc, text] of CASES.filter(([d]) => fastCases.includes(d)))
      expect(
        parseFast(text, (t) => t),
        desc,
      ).toBeDefined();
    expect(parseFast(CASES[1]?.[1] ?? '', (t) => t)).toBeDefined();
  });

  it('agrees with the yaml package on the repository manifests', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.ya?ml$/.test(name)) files.push(p);
      }
    };
    for (const dir of ['examples', 'core/config/fixtures', 'deploy']) {
      try {
        walk(join(root, dir));
      } catch {
        // A folder another area has not created yet.
      }
    }
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expectSame(readFileSync(f, 'utf8'));
  });

  it('agrees with the yaml package on generated documents', () => {
    let fast = 0;
    const word = fc.constantFrom(
      'a',
      'b',
      'name',
      'x-y',
      'yes',
      'no',
      '1',
      '0755',
      '~',
      'null',
      'a b',
      'k8s.io/x',
      '-1',
      '.5',
      'on',
      'Host(`a`)',
      'a#b',
      'é',
    );
    const scalar = fc.oneof(
      { arbitrary: word, weight: 12 },
      { arbitrary: word.map((w) => `'${w}'`), weight: 2 },
      { arbitrary: word.map((w) => `"${w}"`), weight: 2 },
      fc.constantFrom(
        '',
        ' # c',
        'a: b',
        '[a, b]',
        '{ a: 1 }',
        '[]',
        '{}',
        '- x',
        '&a x',
        '*a',
        '|',
        '"x',
        '[a',
        'a #b',
      ),
    );
    const key = fc.oneof(
      { arbitrary: word, weight: 20 },
      { arbitrary: word.map((w) => `"${w}"`), weight: 2 },
      fc.constantFrom('<<', '? x'),
    );
    type Tree =
      | { kind: 'map'; items: [string, Tree][] }
      | { kind: 'seq'; items: Tree[] }
      | { kind: 'scalar'; v: string };
    const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar.map((v): Tree => ({ kind: 'scalar', v })),
        fc
          .array(fc.tuple(key, tie('tree')), { minLength: 1, maxLength: 3 })
          .map((items): Tree => ({ kind: 'map', items })),
        fc.array(tie('tree'), { minLength: 1, maxLength: 3 }).map((items): Tree => ({ kind: 'seq', items })),
      ),
    }));
    const render = (t: Tree, indent: number, compact: boolean): string => {
      const pad = ' '.repeat(indent);
      if (t.kind === 'scalar') return ` ${t.v}\n`;
      if (t.kind === 'seq')
        return `\n${t.items.map((i) => `${pad}-${i.kind === 'map' ? ` ${render(i, indent + 2, true).trimStart()}` : render(i, indent + 2, false)}`).join('')}`;
      const lines = t.items.map(
        ([k, v], n) => `${n === 0 && compact ? '' : pad}${k}:${render(v, indent + 2, false)}`,
      );
      return compact ? lines.join('') : `\n${lines.join('')}`;
    };
    const doc = fc.tuple(tree, fc.constantFrom('', '# c\n', '\n')).map(([t, extra]) => {
      const body =
        t.kind === 'map' || t.kind === 'seq' ? render(t, 0, false).slice(1) : `a:${render(t, 2, false)}`;
      return `${OBJ}spec:\n${body
        .split('\n')
        .map((l) => (l === '' ? l : `  ${l}`))
        .join('\n')}${extra}`;
    });
    fc.assert(
      fc.property(
        fc.array(doc, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('---\n', '--- # x\n', '\n---\n'),
        (docs, sep) => {
          const text = docs.join(sep);
          if (parseFast(text, (t) => t) !== undefined) fast++;
          expectSame(text);
        },
      ),
      { numRuns: 500, seed: 42 },
    );
    // Most generated texts are in the fast subset, so the comparison is not only of the fallback with itself.
    expect(fast).toBeGreaterThan(100);
  });
});
