import { rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseManifests } from './core.ts';
import { coreEngine } from './engine.ts';
import { EventBus, type FeedEvent } from './events.ts';
import { DirStore } from './stores/dir-store.ts';
import { SHOP, tempFolder } from './testing/fixture.ts';
import { Workspace } from './workspace.ts';

let folder: Awaited<ReturnType<typeof tempFolder>>;
let store: DirStore;
let workspace: Workspace;
let events: FeedEvent[];

const API = SHOP.replace(/storefront/g, 'api').replace('shop.example.com', 'api.example.com');

beforeEach(async () => {
  folder = await tempFolder({ 'shop.yaml': SHOP, 'api.yaml': API.split('---')[0]! });
  store = new DirStore(folder.dir);
  await store.open();
  const bus = new EventBus();
  events = [];
  bus.subscribe((e) => events.push(e));
  workspace = new Workspace(store, coreEngine(), bus);
  workspace.start();
});

afterEach(async () => {
  workspace.stop();
  await store.close();
  await folder.remove();
});

function settled(): Promise<void> {
  return new Promise((resolve) => {
    const off = store.subscribe(() => {
      off();
      resolve();
    });
  });
}

describe('Workspace', () => {
  it('stays equal to a full resolve through edits, renames and deletions (incremental resolver)', async () => {
    const engine = coreEngine();
    const full = () => engine.resolve(store.resources(), {}).config;
    expect(workspace.config).toEqual(full());
    const steps: (() => Promise<void>)[] = [
      () => writeFile(join(folder.dir, 'shop.yaml'), SHOP.replace('port: 80\n---', 'port: 81\n---')),
      () => rename(join(folder.dir, 'api.yaml'), join(folder.dir, 'moved.yaml')),
      () => writeFile(join(folder.dir, 'shop.yaml'), `# new first line\n${SHOP}`),
      () => unlink(join(folder.dir, 'moved.yaml')),
    ];
    for (const step of steps) {
      const done = settled();
      await step();
      await done;
      expect(workspace.config).toEqual(full());
    }
  });

  it('resolves a variant like a full resolve, and leaves its own state as it was', async () => {
    const engine = coreEngine();
    const before = structuredClone(workspace.config);
    const { resources } = parseManifests(SHOP.replace('shop.example.com', 'draft.example.com'), 'shop.yaml');
    const variants = [
      { add: [resources[0]!] },
      { dropFile: 'shop.yaml', add: resources.slice(1) },
      { dropKeys: ['IngressRoute/shop/api'] },
      { add: parseManifests(API.replace(/\bapi\b/g, 'other'), 'new.yaml').resources },
    ];
    for (const change of variants) {
      const got = workspace.resolveWith(change);
      expect(got.config).toEqual(engine.resolve(workspace.resourcesWith(change), {}).config);
      expect(workspace.config).toEqual(before);
    }
    // The incremental resolver still follows real changes correctly afterwards.
    const done = settled();
    await writeFile(join(folder.dir, 'shop.yaml'), SHOP.replace('port: 80\n---', 'port: 81\n---'));
    await done;
    expect(workspace.config).toEqual(engine.resolve(store.resources(), {}).config);
  });

  it('reports an object defined in two files (YAML003)', async () => {
    const done = settled();
    await writeFile(join(folder.dir, 'copy.yaml'), SHOP);
    await done;
    const dup = workspace.diagnostics.filter((d) => d.code === 'YAML003');
    expect(dup.map((d) => d.source.file)).toContain('shop.yaml');
  });

  it('publishes resources and config events with the new version', async () => {
    const before = workspace.version;
    const done = settled();
    await writeFile(join(folder.dir, 'shop.yaml'), SHOP.replace('shop.example.com', 'store.example.com'));
    await done;
    expect(events).toEqual([
      { type: 'resources', data: { version: workspace.version, changed: ['IngressRoute/shop/storefront'] } },
      { type: 'config', data: { version: workspace.version } },
    ]);
    expect(workspace.version).not.toBe(before);
  });
});
