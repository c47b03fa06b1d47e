import { describe, expect, it } from 'vitest';
import { MAX_ALIAS_COUNT, parseManifests } from './parse.ts';

const THREE = `# header comment
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: shop
  namespace: apps
  annotations:
    kubernetes.io/ingress.class: traefik
spec:
  entryPoints: [web]
  routes:
    - match: Host(\`shop.example.com\`) # the shop
      kind: Rule
      services:
        - name: shop
          port: 80
---
# the broken one
apiVersion: v1
kind: Service
metadata: {name: broken, labels: {a: b}
spec: {}
---
apiVersion: v1
kind: Service
metadata:
  name: web
`;

describe('parseManifests: positions', () => {
  const [shop] = parseManifests(THREE, 'a.yaml').resources;

  it('gives the document position of its first content line', () => {
    expect([shop?.line, shop?.column, shop?.docIndex, shop?.file]).toEqual([2, 1, 0, 'a.yaml']);
  });

  it.each([
    {
      desc: 'nested scalar in a list',
      path: ['spec', 'routes', 0, 'match'],
      line: 12,
      column: 14,
      length: 24,
    },
    {
      desc: 'deeper scalar',
      path: ['spec', 'routes', 0, 'services', 0, 'port'],
      line: 16,
      column: 17,
      length: 2,
    },
    { desc: 'list item', path: ['spec', 'routes', 0], line: 12, column: 7 },
    { desc: 'flow sequence item', path: ['spec', 'entryPoints', 0], line: 10, column: 17, length: 3 },
    {
      desc: 'key with dots and slash',
      path: ['metadata', 'annotations', 'kubernetes.io/ingress.class'],
      line: 8,
      column: 34,
      length: 7,
    },
    {
      desc: 'missing field: nearest ancestor',
      path: ['spec', 'routes', 0, 'middlewares', 0],
      line: 12,
      column: 7,
    },
    { desc: 'missing list index: the list', path: ['spec', 'routes', 5], line: 12, column: 5 },
    { desc: 'root', path: [], line: 2, column: 1 },
  ])('locates $desc', ({ path, line, column, length }) => {
    const ref = shop?.locate(path);
    expect(ref).toMatchObject({ file: 'a.yaml', line, column });
    expect(ref?.length).toBe(length);
  });

  it('locates a key with { key: true }', () => {
    expect(shop?.locate(['spec', 'entryPoints'], { key: true })).toMatchObject({ line: 10, column: 3 });
    expect(shop?.locate(['spec', 'routes', 0, 'kind'], { key: true })).toMatchObject({ line: 13, column: 7 });
  });

  it('formats field paths', () => {
    expect(shop?.locate(['spec', 'routes', 0, 'match']).path).toBe('spec.routes[0].match');
    expect(shop?.locate(['metadata', 'annotations', 'kubernetes.io/ingress.class']).path).toBe(
      'metadata.annotations["kubernetes.io/ingress.class"]',
    );
  });

  it('keeps positions absolute in the file for later documents', () => {
    const web = parseManifests(THREE, 'a.yaml').resources[1];
    expect(web?.locate(['metadata', 'name'])).toMatchObject({ line: 27, column: 9, length: 3 });
  });
});

describe('parseManifests: documents', () => {
  it('reports a syntax error in one document of three and still parses the others', () => {
    const { resources, diagnostics } = parseManifests(THREE, 'a.yaml');
    expect(resources.map((r) => [r.object.metadata.name, r.docIndex])).toEqual([
      ['shop', 0],
      ['web', 2],
    ]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'YAML001',
        severity: 'error',
        source: { file: 'a.yaml', line: 22, column: 1 },
      }),
    ]);
  });

  it('points YAML001 at the offending token', () => {
    const { diagnostics } = parseManifests('apiVersion: v1\nkind: Service\nkind: Secret\n', 'dup.yaml');
    expect(diagnostics).toEqual([
      {
        code: 'YAML001',
        severity: 'error',
        message: 'invalid YAML: Map keys must be unique',
        source: { file: 'dup.yaml', line: 3, column: 1 },
      },
    ]);
  });

  it('keeps each document text with its comments, and its range', () => {
    const { resources } = parseManifests(THREE, 'a.yaml');
    const [first, last] = resources;
    expect(first?.text.startsWith('# header comment\n')).toBe(true);
    expect(first?.text).toContain('# the shop');
    for (const r of resources) expect(THREE.slice(...r.range)).toBe(r.text);
    expect(last?.text).toBe('---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n');
  });

  it.each([
    { desc: 'a list', text: '- a\n- b\n' },
    { desc: 'a scalar', text: 'hello\n' },
    { desc: 'a map without kind', text: 'apiVersion: v1\nmetadata: {name: x}\n' },
    {
      desc: 'an object without a name',
      text: 'apiVersion: v1\nkind: Service\nmetadata: {generateName: x-}\n',
    },
    { desc: 'a kind that is not a string', text: 'apiVersion: v1\nkind: 3\nmetadata: {name: x}\n' },
  ])('ignores $desc with YAML002', ({ text }) => {
    const { resources, diagnostics } = parseManifests(`---\n${text}`, 'n.yaml');
    expect(resources).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'YAML002',
        severity: 'info',
        source: { file: 'n.yaml', line: 2, column: 1 },
      }),
    ]);
  });

  it('reports a name YAML reads as a boolean as SCHEMA001 at the name, as Kubernetes rejects it', () => {
    const { resources, diagnostics } = parseManifests(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: no\n',
      'no.yaml',
    );
    expect(resources).toEqual([]);
    expect(diagnostics).toEqual([
      {
        code: 'SCHEMA001',
        severity: 'error',
        message: 'document 0: metadata.name must be a string, got boolean; quote it: YAML reads it as false',
        source: { file: 'no.yaml', line: 4, column: 9, path: 'metadata.name', length: 2 },
      },
    ]);
  });

  it('says why a document is ignored', () => {
    const messages = [
      '- a\n',
      'kind: Service\n',
      'apiVersion: v1\nkind: Service\nmetadata: {generateName: web-}\n',
      'apiVersion: v1\nkind: List\nmetadata: {resourceVersion: ""}\nitems: [{apiVersion: v1, kind: Service, metadata: {name: a}}]\n',
    ].map((t) => parseManifests(t, 'm.yaml').diagnostics[0]?.message);
    expect(messages).toEqual([
      'document 0: it is a list, not a Kubernetes object; ignored',
      'document 0: it has no apiVersion, so it is not a Kubernetes object; ignored',
      'document 0: Service has no metadata.name (generateName is not supported); ignored',
      'document 0: it is a List of 1 object; Routeyard reads one object per document, so split it into documents; ignored',
    ]);
  });

  it('skips empty documents silently and keeps document indexes', () => {
    // The leading comment belongs to the first document, so there are three: empty, empty, Namespace.
    const text =
      '# just a comment\n---\n---\n# another\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: apps}\n';
    const { resources, diagnostics } = parseManifests(text, 'e.yaml');
    expect(diagnostics).toEqual([]);
    expect(resources.map((r) => [r.object.kind, r.docIndex, r.line])).toEqual([['Namespace', 2, 6]]);
    expect(parseManifests('', 'empty.yaml')).toEqual({ resources: [], diagnostics: [] });
  });

  it('reads scalars as Kubernetes does (YAML 1.1) and resolves anchors and merge keys', () => {
    const text = `apiVersion: v1
kind: Service
metadata:
  name: s
  labels: &labels {app: shop}
  annotations: {on: "yes", mode: 0755}
spec:
  selector:
    <<: *labels
  publishNotReadyAddresses: yes
`;
    const [r] = parseManifests(text, 's.yaml').resources;
    const spec = r?.object.spec as Record<string, unknown>;
    expect(spec.publishNotReadyAddresses).toBe(true);
    expect(spec.selector).toEqual({ app: 'shop' });
    expect(r?.object.metadata.annotations).toEqual({ true: 'yes', mode: 493 });
  });

  it('keeps timestamps and times as strings, as go-yaml v2 does', () => {
    const text = `apiVersion: v1
kind: Namespace
metadata:
  name: apps
  creationTimestamp: 2024-01-02T03:04:05Z
  annotations: {at: 12:30, day: 2024-01-02, count: 1_000}
`;
    const [r] = parseManifests(text, 't.yaml').resources;
    expect(r?.object.metadata.creationTimestamp).toBe('2024-01-02T03:04:05Z');
    expect(r?.object.metadata.annotations).toEqual({ at: '12:30', day: '2024-01-02', count: 1000 });
  });

  it('stops a billion-laughs document with YAML001 instead of expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n${levels.map((l) => `  ${l}`).join('\n')}\n`;
    const ok = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: fine}\n';
    const { resources, diagnostics } = parseManifests(`${bomb}---\n${ok}`, 'bomb.yaml');
    expect(resources.map((r) => r.object.metadata.name)).toEqual(['fine']);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'YAML001',
      source: { file: 'bomb.yaml', line: 1, column: 1 },
    });
    expect(diagnostics[0]?.message).toMatch(/alias/);
    expect(MAX_ALIAS_COUNT).toBeGreaterThan(0);
  });

  it('reports a document nested beyond the stack as YAML001, not a throw', () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: ${'['.repeat(20000)}${']'.repeat(20000)}\n`;
    const { resources, diagnostics } = parseManifests(deep, 'deep.yaml');
    expect(resources).toEqual([]);
    // Where the stack runs out depends on the engine, so the error may be reported more than once.
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((d) => d.code === 'YAML001')).toBe(true);
    expect(diagnostics.map((d) => d.message)).toContain('invalid YAML: the document is nested too deeply');
  });

  it.each([
    {
      desc: 'CRLF line endings',
      text: 'apiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: apps\r\n',
      line: 4,
      column: 9,
    },
    {
      desc: 'a byte-order mark',
      text: '\uFEFFkind: Namespace\napiVersion: v1\nmetadata: {name: apps}\n',
      line: 3,
      column: 18,
    },
    {
      desc: 'a %YAML directive',
      text: '%YAML 1.2\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: apps}\n',
      line: 5,
      column: 18,
    },
  ])('gives editor positions with $desc', ({ text, line, column }) => {
    const [r] = parseManifests(text, 'p.yaml').resources;
    expect(r?.locate(['metadata', 'name'])).toMatchObject({ line, column });
    expect(r?.text).toBe(text);
  });

  it('counts a byte-order mark as no column on the first line', () => {
    const [r] = parseManifests(
      '\uFEFFapiVersion: v1\nkind: Namespace\nmetadata: {name: apps}\n',
      'b.yaml',
    ).resources;
    expect([r?.line, r?.column]).toEqual([1, 1]);
    expect(r?.locate(['apiVersion'])).toMatchObject({ line: 1, column: 13 });
  });
});
