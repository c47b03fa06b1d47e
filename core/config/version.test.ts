import { describe, expect, it } from 'vitest';
import { parseManifests } from '../resources/index.ts';
import type { KubeObject } from '../resources/types.ts';
import { fromObjects } from './objects.ts';
import { resolve } from './resolve.ts';
import { createResolver } from './resolver.ts';

const SERVICE =
  'apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: apps }\nspec:\n  ports: [{ name: http, port: 80 }]\n';
const ROUTE =
  'apiVersion: traefik.io/v1alpha1\nkind: IngressRoute\nmetadata: { name: r, namespace: apps }\nspec:\n  routes:\n    - match: Host(`a.example.com`)\n      services: [{ name: web, port: 80 }]\n';

function versionOf(text: string, options = {}): string {
  return resolve(parseManifests(text, 'a.yaml').resources, options).config.version;
}

describe('config.version', () => {
  it('is the same for the same input, in any order', () => {
    expect(versionOf(`${SERVICE}---\n${ROUTE}`)).toBe(versionOf(`${SERVICE}---\n${ROUTE}`));
    const a = parseManifests(SERVICE, 'a.yaml').resources;
    const b = parseManifests(ROUTE, 'b.yaml').resources;
    expect(resolve([...a, ...b]).config.version).toBe(resolve([...b, ...a]).config.version);
  });

  it.each([
    { desc: 'a watched object changes', after: `${SERVICE}---\n${ROUTE.replace('a.example', 'b.example')}` },
    { desc: 'a document moves (its source lines change)', after: `\n${SERVICE}---\n${ROUTE}` },
    {
      desc: 'a watched object is added',
      after: `${SERVICE}---\n${ROUTE}---\n${ROUTE.replace('name: r,', 'name: s,')}`,
    },
  ])('changes when $desc', ({ after }) => {
    expect(versionOf(after)).not.toBe(versionOf(`${SERVICE}---\n${ROUTE}`));
  });

  it('changes with the options', () => {
    const text = `${SERVICE}---\n${ROUTE}`;
    expect(versionOf(text, { kubernetesCRD: { allowCrossNamespace: true } })).not.toBe(versionOf(text));
  });

  it('does not change with the clock: the same manifests a second later are the same configuration', () => {
    const text = `${SERVICE}---\n${ROUTE}`;
    expect(versionOf(text, { now: 1_000 })).toBe(versionOf(text, { now: 2_000 }));
  });

  it('ignores objects the provider does not watch', () => {
    const other = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata: { a: "1" }\n';
    const base = parseManifests(`${SERVICE}---\n${ROUTE}`, 'a.yaml').resources;
    const extra = parseManifests(other, 'z.yaml').resources;
    expect(resolve([...base, ...extra]).config.version).toBe(resolve(base).config.version);
  });

  it('follows objects that were not parsed from text', () => {
    const object = (port: number): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { ports: [{ port }] },
    });
    expect(resolve(fromObjects([object(80)])).config.version).not.toBe(
      resolve(fromObjects([object(81)])).config.version,
    );
  });

  it('is the same incrementally as from scratch', () => {
    const base = parseManifests(`${SERVICE}---\n${ROUTE}`, 'a.yaml').resources;
    const edited = parseManifests(
      `${SERVICE}---\n${ROUTE.replace('a.example', 'b.example')}`,
      'a.yaml',
    ).resources;
    const resolver = createResolver(base);
    expect(resolver.update(edited).config.version).toBe(resolve(edited).config.version);
    expect(resolver.update(base).config.version).toBe(resolve(base).config.version);
  });
});
