import { mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors.ts';
import { TEMP_SUFFIX } from './atomic-write.ts';
import { DirStore } from './dir-store.ts';
import type { StoreChange } from './store.ts';

const SVC = (name: string, extra = '') =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${extra}`;
const MULTI = `# shop
${SVC('a', '  # comment a\n')}---
${SVC('b', "spec: {ports: [{port: 80, name: 'http'}]}\n")}`;

let dir: string;
let store: DirStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'routeyard-store-'));
  await writeFile(join(dir, 'shop.yaml'), MULTI);
  await mkdir(join(dir, 'nested'));
  await writeFile(join(dir, 'nested', 'c.yml'), SVC('c'));
  await writeFile(join(dir, 'README.md'), '# not a manifest');
  await writeFile(join(dir, 'values.yaml'), 'replicas: 3\n');
  store = new DirStore(dir);
  await store.open();
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function nextChange(s: DirStore, match: (c: StoreChange) => boolean = () => true): Promise<StoreChange> {
  return new Promise((resolve) => {
    const off = s.subscribe((c) => {
      if (!match(c)) return;
      off();
      resolve(c);
    });
  });
}

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('reading', () => {
  it('reads every manifest recursively, multi-document files included, and flags non-Kubernetes documents', () => {
    expect(store.list().map((d) => [d.key, d.origin.file, d.origin.line])).toEqual([
      ['Service/default/c', 'nested/c.yml', 1],
      ['Service/default/a', 'shop.yaml', 2],
      ['Service/default/b', 'shop.yaml', 8],
    ]);
    expect(store.diagnostics().map((d) => [d.code, d.source.file])).toEqual([['YAML002', 'values.yaml']]);
  });

  it('gives each document its own text and a version that is a hash of it', () => {
    const b = store.get('Service/default/b')!;
    expect(b.yaml).toBe(`${SVC('b', "spec: {ports: [{port: 80, name: 'http'}]}\n")}`);
    expect(b.resourceVersion).toMatch(/^[0-9a-f]{16}$/);
    expect(store.get('Service/default/a')!.resourceVersion).not.toBe(b.resourceVersion);
  });
});

describe('writing', () => {
  it('replaces only its document: every other byte of the file stays', async () => {
    const b = store.get('Service/default/b')!;
    const yaml = b.yaml.replace('port: 80', 'port: 8080');
    const res = await store.mutate({ op: 'replace', key: b.key, yaml, resourceVersion: b.resourceVersion });
    const text = await readFile(join(dir, 'shop.yaml'), 'utf8');
    expect(text).toBe(MULTI.replace('port: 80', 'port: 8080'));
    expect(res.document?.resourceVersion).not.toBe(b.resourceVersion);
    expect(store.get(b.key)?.yaml).toBe(yaml);
  });

  it('refuses a stale version with the current one, writing nothing', async () => {
    const a = store.get('Service/default/a')!;
    const err = await rejection(
      store.mutate({ op: 'replace', key: a.key, yaml: SVC('a'), resourceVersion: '0000000000000000' }),
    );
    expect(err.status).toBe(409);
    expect(err.details).toEqual({ resourceVersion: a.resourceVersion, yaml: a.yaml });
    expect(await readFile(join(dir, 'shop.yaml'), 'utf8')).toBe(MULTI);
  });

  it('lets exactly one of two concurrent writers with the same version win', async () => {
    const a = store.get('Service/default/a')!;
    const writes = ['x', 'y'].map((label) =>
      store.mutate({
        op: 'replace',
        key: a.key,
        yaml: SVC('a', `  labels: {w: ${label}}\n`),
        resourceVersion: a.resourceVersion,
      }),
    );
    const results = await Promise.allSettled(writes);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(((lost[0] as PromiseRejectedResult).reason as ApiError).status).toBe(409);
    const text = await readFile(join(dir, 'shop.yaml'), 'utf8');
    expect(text.match(/labels: \{w: [xy]\}/g)).toHaveLength(1);
    expect(text).toContain(SVC('b', "spec: {ports: [{port: 80, name: 'http'}]}\n"));
  });

  it('creates a new resource in <kind>-<name>.yaml in the chosen folder, refusing duplicates', async () => {
    const res = await store.mutate({ op: 'create', yaml: SVC('d'), file: 'apps' });
    expect(res.plan.file).toBe('apps/service-d.yaml');
    expect(await readFile(join(dir, 'apps/service-d.yaml'), 'utf8')).toBe(SVC('d'));
    expect((await rejection(store.mutate({ op: 'create', yaml: SVC('d') }))).status).toBe(409);
  });

  it('lets only one of two concurrent creates of the same name through', async () => {
    const results = await Promise.allSettled([
      store.mutate({ op: 'create', yaml: SVC('twin'), file: 'one' }),
      store.mutate({ op: 'create', yaml: SVC('twin'), file: 'two' }),
      store.mutate({ op: 'create', yaml: SVC('twin') }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(store.list().filter((d) => d.key === 'Service/default/twin')).toHaveLength(1);
  });

  it('answers write_failed and leaves no temp file when the write itself fails', async () => {
    await mkdir(join(dir, 'taken.yaml'));
    const err = await rejection(store.mutate({ op: 'create', yaml: SVC('w'), file: 'taken.yaml' }));
    expect([err.status, err.code]).toEqual([500, 'write_failed']);
    expect((await readdir(dir)).filter((n) => n.endsWith(TEMP_SUFFIX))).toEqual([]);
    expect(store.get('Service/default/w')).toBeUndefined();
  });

  it('refuses to write into folders the reader skips', async () => {
    for (const file of ['.git/x.yaml', '.routeyard/backups', 'node_modules/a']) {
      expect((await rejection(store.mutate({ op: 'create', yaml: SVC('z'), file }))).code).toBe(
        'path_outside_root',
      );
    }
  });

  it('appends a new document to a named existing file, keeping its bytes', async () => {
    const res = await store.mutate({ op: 'create', yaml: SVC('e'), file: 'shop.yaml' });
    expect(res.plan.file).toBe('shop.yaml');
    expect(await readFile(join(dir, 'shop.yaml'), 'utf8')).toBe(`${MULTI}---\n${SVC('e')}`);
    expect(store.get('Service/default/e')?.origin).toEqual({ file: 'shop.yaml', line: 14 });
  });

  it('renames a resource on replace, refusing a name that is taken', async () => {
    const a = store.get('Service/default/a')!;
    const taken = await rejection(
      store.mutate({ op: 'replace', key: a.key, yaml: SVC('b'), resourceVersion: a.resourceVersion }),
    );
    expect([taken.status, taken.code]).toEqual([409, 'already_exists']);
    await store.mutate({ op: 'replace', key: a.key, yaml: SVC('a2'), resourceVersion: a.resourceVersion });
    expect(store.get('Service/default/a')).toBeUndefined();
    expect(store.get('Service/default/a2')?.origin.file).toBe('shop.yaml');
  });

  it('removes only its document on delete, and the file with its last document', async () => {
    const a = store.get('Service/default/a')!;
    await store.mutate({ op: 'delete', key: a.key, resourceVersion: a.resourceVersion });
    const text = await readFile(join(dir, 'shop.yaml'), 'utf8');
    expect(text).toBe(`${SVC('b', "spec: {ports: [{port: 80, name: 'http'}]}\n")}`);
    const c = store.get('Service/default/c')!;
    await store.mutate({ op: 'delete', key: c.key, resourceVersion: c.resourceVersion });
    await expect(readFile(join(dir, 'nested/c.yml'), 'utf8')).rejects.toThrow(/ENOENT/);
    expect(store.get(c.key)).toBeUndefined();
  });

  it('keeps a backup that restore brings back', async () => {
    const c = store.get('Service/default/c')!;
    await store.mutate({ op: 'delete', key: c.key, resourceVersion: c.resourceVersion });
    await store.mutate({ op: 'restore', key: c.key });
    expect(await readFile(join(dir, 'nested/c.yml'), 'utf8')).toBe(SVC('c'));
    expect(store.get(c.key)?.resourceVersion).toBe(c.resourceVersion);
  });

  it('writes nothing on a dry run', async () => {
    const b = store.get('Service/default/b')!;
    const res = await store.mutate(
      { op: 'replace', key: b.key, yaml: SVC('b'), resourceVersion: b.resourceVersion },
      { dryRun: true },
    );
    expect(res.plan.after).toContain(SVC('b'));
    expect(await readFile(join(dir, 'shop.yaml'), 'utf8')).toBe(MULTI);
  });

  it.each([
    { desc: 'parent segments', file: '../outside' },
    { desc: 'absolute path', file: '/tmp' },
    { desc: 'symlink out of the root', file: 'escape/x.yaml' },
  ])('refuses a path outside the root: $desc', async ({ file }) => {
    await symlink(tmpdir(), join(dir, 'escape'));
    const err = await rejection(store.mutate({ op: 'create', yaml: SVC('e'), file }));
    expect([err.status, err.code]).toEqual([400, 'path_outside_root']);
  });

  it('refuses invalid YAML with its line and column', async () => {
    const err = await rejection(store.mutate({ op: 'create', yaml: 'kind: [\n' }));
    expect(err.status).toBe(422);
    expect((err.details as { line: number }[])[0]?.line).toBeGreaterThan(0);
  });
});

describe('watching', () => {
  it('picks up external edits, new files, renames and deletions', async () => {
    let change = nextChange(store, (c) => c.changed.includes('Service/default/c'));
    await writeFile(join(dir, 'nested', 'c.yml'), SVC('c', '  labels: {x: z}\n'));
    expect((await change).files).toEqual(['nested/c.yml']);
    expect(store.get('Service/default/c')?.resource.object.metadata.labels).toEqual({ x: 'z' });

    change = nextChange(store, (c) => c.changed.includes('Service/default/nn'));
    await writeFile(join(dir, 'nn.yaml'), SVC('nn'));
    await change;
    expect(store.get('Service/default/nn')?.origin.file).toBe('nn.yaml');

    change = nextChange(store, () => store.get('Service/default/nn')?.origin.file === 'moved/nn.yaml');
    await mkdir(join(dir, 'moved'));
    await rename(join(dir, 'nn.yaml'), join(dir, 'moved', 'nn.yaml'));
    await change;

    change = nextChange(store, (c) => c.changed.includes('Service/default/nn'));
    await unlink(join(dir, 'moved', 'nn.yaml'));
    await change;
    expect(store.get('Service/default/nn')).toBeUndefined();
  });

  it('picks up a burst of changes to many files, as a git checkout makes', async () => {
    const names = Array.from({ length: 60 }, (_, i) => `svc${i}`);
    const done = nextChange(store, () => names.every((n) => store.get(`Service/default/${n}`) !== undefined));
    await mkdir(join(dir, 'burst'));
    await Promise.all(names.map((n) => writeFile(join(dir, 'burst', `${n}.yaml`), SVC(n))));
    await unlink(join(dir, 'shop.yaml'));
    await done;
    const gone =
      store.get('Service/default/a') === undefined
        ? Promise.resolve()
        : nextChange(store, () => store.get('Service/default/a') === undefined);
    await gone;
    expect(store.list()).toHaveLength(61);
  });

  it('picks up a renamed folder', async () => {
    const change = nextChange(store, () => store.get('Service/default/c')?.origin.file === 'other/c.yml');
    await rename(join(dir, 'nested'), join(dir, 'other'));
    await change;
    expect(store.list().filter((d) => d.key === 'Service/default/c')).toHaveLength(1);
  });
});
