import { describe, expect, it } from 'vitest';
import { findDuplicates } from './duplicates.ts';
import { parseManifests } from './parse.ts';

const obj = (apiVersion: string, kind: string, name: string, namespace?: string) =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}`;

describe('findDuplicates', () => {
  it('reports each later definition at its name, relating the first', () => {
    const a = parseManifests(`${obj('v1', 'Service', 'web')}---\n${obj('v1', 'Service', 'api')}`, 'a.yaml');
    const b = parseManifests(obj('v1', 'Service', 'web', 'default'), 'b.yaml');
    const found = findDuplicates([...a.resources, ...b.resources]);
    expect(found).toEqual([
      {
        code: 'YAML003',
        severity: 'error',
        message: 'Service default/web is defined more than once; first at a.yaml:1',
        source: { file: 'b.yaml', line: 4, column: 9, path: 'metadata.name', length: 3 },
        object: { kind: 'Service', namespace: 'default', name: 'web' },
        related: [
          {
            kind: 'Service',
            namespace: 'default',
            name: 'web',
            source: { file: 'a.yaml', line: 4, column: 9, path: 'metadata.name', length: 3 },
          },
        ],
      },
    ]);
  });

  it.each([
    {
      desc: 'other namespaces',
      a: obj('v1', 'Secret', 's', 'a'),
      b: obj('v1', 'Secret', 's', 'b'),
      dup: false,
    },
    { desc: 'other kinds', a: obj('v1', 'Secret', 's'), b: obj('v1', 'Service', 's'), dup: false },
    {
      desc: 'legacy and current Traefik groups',
      a: obj('traefik.io/v1alpha1', 'Middleware', 'm'),
      b: obj('traefik.containo.us/v1alpha1', 'Middleware', 'm'),
      dup: false,
    },
    {
      desc: 'two versions of one group',
      a: obj('gateway.networking.k8s.io/v1', 'HTTPRoute', 'r'),
      b: obj('gateway.networking.k8s.io/v1beta1', 'HTTPRoute', 'r'),
      dup: true,
    },
    {
      desc: 'a cluster-scoped kind in two namespaces',
      a: obj('v1', 'Namespace', 'ns1', 'x'),
      b: obj('v1', 'Namespace', 'ns1'),
      dup: true,
    },
  ])('$desc: duplicate is $dup', ({ a, b, dup }) => {
    const resources = parseManifests(`${a}---\n${b}`, 'f.yaml').resources;
    expect(findDuplicates(resources).length).toBe(dup ? 1 : 0);
  });
});
