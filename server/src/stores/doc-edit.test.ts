import { describe, expect, it } from 'vitest';
import {
  appendDocument,
  hasContent,
  normalizeBody,
  removeDocument,
  replaceDocument,
  splitDocument,
} from './doc-edit.ts';
import { readDocuments } from './documents.ts';

const FILE = `# header comment
apiVersion: v1
kind: Service
metadata:
  name: a # keep me
  annotations: {z: "1", a: '2'}
---
# comment of b
apiVersion: v1
kind: Service
metadata: {name: b}

--- # third
apiVersion: v1
kind: Service
metadata:
  name: c
`;

function span(name: string) {
  const doc = readDocuments('f.yaml', FILE).docs.find((d) => d.resource.object.metadata.name === name)!;
  return { doc, span: { start: doc.resource.range[0], end: doc.resource.range[1] } };
}

describe('splitDocument', () => {
  it.each([
    { desc: 'no separator', text: 'a: 1\n', prefix: '' },
    { desc: 'plain separator', text: '---\na: 1\n', prefix: '---\n' },
    { desc: 'separator with comment', text: '--- # x\na: 1\n', prefix: '--- # x\n' },
    { desc: 'header before separator', text: '# h\n\n---\na: 1\n', prefix: '# h\n\n---\n' },
    { desc: 'comment without separator', text: '# h\na: 1\n', prefix: '' },
  ])('$desc', ({ text, prefix }) => {
    expect(splitDocument(text).prefix).toBe(prefix);
  });
});

describe('replaceDocument', () => {
  it('changes only the lines of the edited document', () => {
    const { doc, span: s } = span('b');
    const edited = doc.yaml.replace('metadata: {name: b}', 'metadata: {name: b, namespace: x}');
    const out = replaceDocument(FILE, s, edited);
    const a = FILE.split('\n');
    const b = out.split('\n');
    expect(b.length).toBe(a.length);
    const diff = a.map((l, i) => (l === b[i] ? -1 : i)).filter((i) => i >= 0);
    expect(diff).toEqual([10]);
    expect(out.slice(0, s.start)).toBe(FILE.slice(0, s.start));
    expect(out.slice(out.length - (FILE.length - s.end))).toBe(FILE.slice(s.end));
  });

  it('is a no-op when the body is unchanged', () => {
    for (const name of ['a', 'b', 'c']) {
      const { doc, span: s } = span(name);
      expect(replaceDocument(FILE, s, doc.yaml)).toBe(FILE);
    }
  });

  it('keeps the separator when the new text lacks a final newline or carries its own ---', () => {
    const { span: s } = span('a');
    const out = replaceDocument(FILE, s, '---\napiVersion: v1\nkind: Service\nmetadata: {name: a}');
    expect(out.startsWith('apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\n# comment of b\n')).toBe(
      true,
    );
    expect(readDocuments('f.yaml', out).docs.map((d) => d.key)).toEqual([
      'Service/default/a',
      'Service/default/b',
      'Service/default/c',
    ]);
  });
});

describe('removeDocument', () => {
  it.each([
    { desc: 'first', name: 'a', left: ['b', 'c'] },
    { desc: 'middle', name: 'b', left: ['a', 'c'] },
    { desc: 'last', name: 'c', left: ['a', 'b'] },
  ])('removes the $desc document and its separator only', ({ name, left }) => {
    const out = removeDocument(FILE, span(name).span);
    expect(readDocuments('f.yaml', out).docs.map((d) => d.resource.object.metadata.name)).toEqual(left);
    for (const other of left) expect(out).toContain(span(other).doc.yaml);
    expect(out.split('\n').filter((l) => l.startsWith('---')).length).toBe(1);
  });

  it('leaves no content when the only document goes', () => {
    const only = 'apiVersion: v1\nkind: Service\nmetadata: {name: x}\n';
    expect(hasContent(removeDocument(only, { start: 0, end: only.length }))).toBe(false);
  });
});

describe('appendDocument', () => {
  it('adds a separator and keeps the file', () => {
    expect(appendDocument('a: 1', 'b: 2')).toBe('a: 1\n---\nb: 2\n');
    expect(appendDocument('', '---\nb: 2\n')).toBe('b: 2\n');
    expect(normalizeBody('--- \nb: 2\n')).toBe('b: 2\n');
  });
});
