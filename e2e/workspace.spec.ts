import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareWorkspace, ROOT } from './workspace.ts';

// The harness's own check: the temporary copy of examples/ matches the run's ports and nothing else changes.
describe('workspace copy', () => {
  const ports = {
    api: 41000,
    web: 41001,
    websecure: 41002,
    proxyAdmin: 41003,
    backends: { web: 42001, api: 42002, 'api-canary': 42003, 'api-mirror': 42004, admin: 42005 },
  };
  const dir = prepareWorkspace(ports);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const read = (base: string, file: string) => readFileSync(join(base, file), 'utf8');

  it('points the entrypoints at the run ports on loopback', () => {
    const text = read(dir, 'traefik.yml');
    expect(text).toContain('address: "127.0.0.1:41001"');
    expect(text).toContain('address: "127.0.0.1:41002"');
    expect(text).toContain('# HTTPS. Certificates come from');
  });

  it('rewrites only the EndpointSlice ports and the redirect port', () => {
    const original = read(join(ROOT, 'examples'), 'shop/backends.yaml').split('\n');
    const copy = read(dir, 'shop/backends.yaml').split('\n');
    expect(copy).toHaveLength(original.length);
    const changed = copy.flatMap((line, i) =>
      line === original[i] ? [] : [`${original[i]?.trim()} -> ${line.trim()}`],
    );
    expect(changed).toEqual([
      'port: 7001 -> port: 42001',
      'port: 7002 -> port: 42002',
      'port: 7003 -> port: 42003',
      'port: 7004 -> port: 42004',
      'port: 7005 -> port: 42005',
    ]);
    expect(read(dir, 'shop/middlewares.yaml')).toContain('port: "41002"');
    expect(read(dir, 'shop/routes/promo.yaml')).toBe(read(join(ROOT, 'examples'), 'shop/routes/promo.yaml'));
  });

  it('leaves the backends sources out of the copy', () => {
    expect(() => read(dir, 'backends/main.ts')).toThrow();
    expect(read(dir, 'README.md')).toContain('examples/');
  });
});
