import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../../../../../core/resources/schemas/json-schema.ts';
import { describe as describeKey, pathAt, suggest } from './schema-assist.ts';

const doc = [
  'apiVersion: traefik.io/v1alpha1', // 1
  'kind: IngressRoute', // 2
  'metadata:', // 3
  '  name: shop', // 4
  'spec:', // 5
  '  entryPoints:', // 6
  '    - websecure', // 7
  '  routes:', // 8
  '    - match: Host(`a`)', // 9
  '      kind: Rule', // 10
  '      ', // 11
  '    - match: Host(`b`)', // 12
  '      services:', // 13
  '        - name: web', // 14
  '          ', // 15
].join('\n');

const schema: JsonSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', description: 'Kind of the object.' },
    spec: { $ref: '#/definitions/Spec' },
  },
  definitions: {
    Spec: {
      type: 'object',
      properties: {
        entryPoints: { type: 'array', items: { type: 'string' } },
        routes: { type: 'array', items: { $ref: '#/definitions/Route' } },
      },
    },
    Route: {
      type: 'object',
      required: ['match'],
      properties: {
        match: { type: 'string', description: 'The rule.' },
        kind: { type: 'string', enum: ['Rule'], description: 'Always Rule.' },
        priority: { type: 'integer' },
        services: {
          type: 'array',
          items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } },
        },
      },
    },
  },
};

describe('pathAt', () => {
  it.each([
    { desc: 'top-level key', line: 2, column: 1, path: [], mode: 'key' },
    { desc: 'inside metadata', line: 4, column: 3, path: ['metadata'], mode: 'key' },
    {
      desc: 'value of kind in a route',
      line: 10,
      column: 13,
      path: ['spec', 'routes', 0, 'kind'],
      mode: 'value',
    },
    { desc: 'new key in the first route', line: 11, column: 7, path: ['spec', 'routes', 0], mode: 'key' },
    { desc: 'second route item key', line: 12, column: 7, path: ['spec', 'routes', 1], mode: 'key' },
    {
      desc: 'inside a service of the second route',
      line: 15,
      column: 11,
      path: ['spec', 'routes', 1, 'services', 0],
      mode: 'key',
    },
  ])('$desc', ({ line, column, path, mode }) => {
    const at = pathAt(doc, { line, column });
    expect(at.path).toEqual(path);
    expect(at.mode).toBe(mode);
  });
});

describe('suggest and describe', () => {
  it('offers the keys a route lacks, required ones marked', () => {
    const labels = suggest(schema, doc, { line: 11, column: 7 }).map((s) => [s.label, s.detail]);
    expect(labels).toEqual([
      ['priority', 'integer'],
      ['services', 'array'],
    ]);
  });

  it('marks required keys', () => {
    const text = 'spec:\n  routes:\n    - kind: Rule\n      ';
    expect(suggest(schema, text, { line: 4, column: 7 }).find((s) => s.label === 'match')?.detail).toBe(
      'string (required)',
    );
  });

  it('offers enum values after a key', () => {
    expect(suggest(schema, doc, { line: 10, column: 13 }).map((s) => s.label)).toEqual(['Rule']);
  });

  it('offers a service item its missing keys', () => {
    expect(suggest(schema, doc, { line: 15, column: 11 }).map((s) => s.label)).toEqual(['port']);
  });

  it('describes the key under the cursor', () => {
    expect(describeKey(schema, doc, { line: 10, column: 8 })?.text).toContain('Always Rule.');
    expect(describeKey(schema, doc, { line: 10, column: 8 })?.text).toContain('`Rule`');
    expect(describeKey(schema, doc, { line: 10, column: 14 })).toBeUndefined();
  });
});
