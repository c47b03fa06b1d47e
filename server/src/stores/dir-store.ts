import { mkdir, readFile, realpath } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Diagnostic, ParsedResource } from '../core.ts';
import { ApiError, Errors } from '../errors.ts';
import { BackupStore, removeFileDurably, removeStaleTempFiles, writeFileAtomic } from './atomic-write.ts';
import { isManifestName, isSkippedDir, scanManifests } from './dir-scan.ts';
import { DirWatcher, type WatchBatch } from './dir-watch.ts';
import { appendDocument, hasContent, removeDocument, replaceDocument } from './doc-edit.ts';
import { type FileEntry, readDocuments } from './documents.ts';
import { parseDraft } from './draft.ts';
import { KeyLock } from './key-lock.ts';
import { assertRealInside, resolveInside } from './safe-path.ts';
import type {
  Mutation,
  MutationOptions,
  MutationPlan,
  MutationResult,
  Store,
  StoreChange,
  StoredDocument,
} from './store.ts';

export interface DirStoreOptions {
  /** Watch the folder for external edits. Default: true. */
  watch?: boolean;
  /** Root-relative files that are not manifests (the static traefik.yml). */
  exclude?: string[];
  /** Where errors of background work (watching, listeners) go. Default: dropped. */
  onError?: (err: unknown) => void;
}

/** Files larger than this are not read: manifests are small, and one huge file must not stall the server. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

/**
 * The folder store: every `*.yaml`/`*.yml` under a root, watched, with writes that replace only the document
 * they change, made atomically under a per-file lock, with a backup of the previous content.
 */
export class DirStore implements Store {
  readonly location: string;
  private root = '';
  private files = new Map<string, FileEntry>();
  private index = new Map<string, StoredDocument>();
  /** Where each key was last seen, so a deleted resource's file can still be restored. */
  private lastFile = new Map<string, string>();
  private readonly listeners = new Set<(c: StoreChange) => void>();
  private readonly lock = new KeyLock();
  private watcher: DirWatcher | undefined;
  private backups!: BackupStore;

  constructor(
    dir: string,
    private readonly opts: DirStoreOptions = {},
  ) {
    this.location = dir;
  }

  /** The real path of the root folder (after open). */
  get rootPath(): string {
    return this.root;
  }

  async open(): Promise<void> {
    this.root = await realpath(this.location);
    this.backups = new BackupStore(this.root);
    await removeStaleTempFiles(this.root, isSkippedDir);
    for (const rel of await scanManifests(this.root)) {
      if (!this.isExcluded(rel)) this.ingest(rel, await this.readText(rel));
    }
    this.rebuildIndex();
    if (this.opts.watch !== false) {
      const onError = (err: unknown) => this.opts.onError?.(err);
      this.watcher = new DirWatcher(
        this.root,
        // A failed re-read (a permission error mid-checkout) must not crash the server; the next event retries.
        (b) => this.onBatch(b).catch(onError),
        onError,
      );
      await this.watcher.start();
    }
  }

  private isExcluded(rel: string): boolean {
    return this.opts.exclude?.includes(rel) ?? false;
  }

  list(): StoredDocument[] {
    return [...this.files.keys()].sort().flatMap((f) => this.files.get(f)?.docs ?? []);
  }

  get(key: string): StoredDocument | undefined {
    return this.index.get(key);
  }

  resources(): ParsedResource[] {
    return this.list().map((d) => d.resource);
  }

  diagnostics(): Diagnostic[] {
    return [...this.files.keys()].sort().flatMap((f) => this.files.get(f)?.diagnostics ?? []);
  }

  subscribe(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    await this.watcher?.close();
    this.listeners.clear();
  }

  private async readText(rel: string): Promise<string | null> {
    try {
      const abs = join(this.root, rel);
      const buf = await readFile(abs);
      if (buf.byteLength > MAX_FILE_BYTES) return null;
      return buf.toString('utf8');
    } catch (err) {
      if (
        (err as NodeJS.ErrnoException).code === 'ENOENT' ||
        (err as NodeJS.ErrnoException).code === 'EISDIR'
      ) {
        return null;
      }
      throw err;
    }
  }

  /** Updates the cache for one file; returns true when its text changed. */
  private ingest(rel: string, text: string | null): boolean {
    const old = this.files.get(rel);
    if (text === null) {
      if (old === undefined) return false;
      this.files.delete(rel);
      return true;
    }
    if (old !== undefined && old.text === text) return false;
    this.files.set(rel, readDocuments(rel, text));
    return true;
  }

  private rebuildIndex(): string[] {
    const before = new Map([...this.index].map(([k, d]) => [k, `${d.resourceVersion}@${d.origin.file}`]));
    this.index = new Map();
    // The first definition (in file order) wins; resolve reports the duplicate.
    for (const d of this.list()) {
      if (!this.index.has(d.key)) this.index.set(d.key, d);
      this.lastFile.set(d.key, d.origin.file);
    }
    const changed = new Set<string>();
    for (const [k, v] of before) {
      const now = this.index.get(k);
      if (now === undefined || `${now.resourceVersion}@${now.origin.file}` !== v) changed.add(k);
    }
    for (const k of this.index.keys()) if (!before.has(k)) changed.add(k);
    return [...changed].sort();
  }

  private emit(files: string[]): void {
    const changed = this.rebuildIndex();
    const change = { changed, files: [...new Set(files)].sort() };
    for (const l of this.listeners) {
      try {
        l(change);
      } catch (err) {
        this.opts.onError?.(err);
      }
    }
  }

  private async onBatch(batch: WatchBatch): Promise<void> {
    const files = new Set([...batch.files].filter((f) => isManifestName(f.split('/').pop() ?? '')));
    for (const f of files) if (this.isExcluded(f)) files.delete(f);
    for (const dir of batch.dirs) {
      for (const f of this.files.keys()) if (f.startsWith(`${dir}/`)) files.add(f);
      for (const f of await scanManifests(this.root, dir).catch(() => []))
        if (!this.isExcluded(f)) files.add(f);
    }
    const touched: string[] = [];
    for (const rel of files) {
      await this.lock.run(rel, async () => {
        if (this.ingest(rel, await this.readText(rel))) touched.push(rel);
      });
    }
    if (touched.length > 0) this.emit(touched);
  }

  async mutate(m: Mutation, opts: MutationOptions = {}): Promise<MutationResult> {
    const run = async (): Promise<MutationResult> => {
      const file = await this.targetFile(m);
      return this.lock.run(file, async () => {
        const plan = await this.plan(m, file);
        await opts.check?.(plan);
        if (opts.dryRun) return { plan };
        await this.write(plan);
        const document = plan.op === 'delete' ? undefined : this.index.get(plan.key);
        return document === undefined ? { plan } : { plan, document };
      });
    };
    // Writes that can introduce a name (create, and a replace that renames) also take one store-wide lock, so two
    // of them cannot both find the name free and write it into two files.
    return m.op === 'create' || m.op === 'replace' ? this.lock.run('\0names', run) : run();
  }

  /** The file a mutation touches: the document's file, or the new file a create goes to. */
  private async targetFile(m: Mutation): Promise<string> {
    if (m.op === 'replace' || m.op === 'delete') {
      const doc = this.index.get(m.key);
      if (doc === undefined) throw Errors.notFound(`resource ${m.key}`);
      return doc.origin.file;
    }
    if (m.op === 'restore') {
      const file = this.index.get(m.key)?.origin.file ?? this.lastFile.get(m.key);
      if (file === undefined) throw Errors.notFound(`resource ${m.key}`);
      return file;
    }
    const { resource, key } = parseDraft(m.yaml, m.file ?? 'new.yaml');
    if (this.index.has(key)) throw Errors.alreadyExists(key, this.index.get(key)!.origin.file);
    const wanted = m.file ?? '';
    if (wanted !== '') {
      await resolveInside(this.root, wanted);
      // Folders the reader skips (.git, .routeyard, node_modules) are no place for a manifest.
      if (wanted.split('/').some((seg) => isSkippedDir(seg))) throw Errors.pathOutsideRoot(wanted);
    }
    if (isManifestName(wanted.split('/').pop() ?? '')) return wanted;
    const dir = wanted.replace(/\/+$/, '');
    const base = `${resource.object.kind.toLowerCase()}-${resource.object.metadata.name}`.replace(
      /[^\w.-]/g,
      '-',
    );
    for (let n = 1; n < 1000; n++) {
      const name = `${base}${n === 1 ? '' : `-${n}`}.yaml`;
      const rel = dir === '' ? name : `${dir}/${name}`;
      if (!this.files.has(rel) && (await this.readText(rel)) === null) return rel;
    }
    throw Errors.badRequest(`no free file name for ${key}`);
  }

  /** Works out the write from the file's current text on disk (not the cache: the watcher may lag). */
  private async plan(m: Mutation, file: string): Promise<MutationPlan> {
    await assertRealInside(this.root, join(this.root, file), file);
    const before = await this.readText(file);
    if (m.op === 'create') {
      const { resource, key } = parseDraft(m.yaml, file);
      if (this.index.has(key)) throw Errors.alreadyExists(key, this.index.get(key)!.origin.file);
      const after = before === null ? appendDocument('', m.yaml) : appendDocument(before, m.yaml);
      return { op: 'create', file, before, after, key, draft: resource };
    }
    if (m.op === 'restore') {
      const after = await this.backups.latestDifferent(file, before);
      if (after === undefined) throw Errors.noBackup(file);
      return { op: 'restore', file, before, after, key: m.key };
    }
    const current =
      before === null ? undefined : readDocuments(file, before).docs.find((d) => d.key === m.key);
    if (current === undefined) throw Errors.conflict(null, null);
    if (current.resourceVersion !== m.resourceVersion) {
      throw Errors.conflict(
        current.resourceVersion,
        current.resource.object.kind === 'Secret' ? null : current.yaml,
      );
    }
    const span = { start: current.resource.range[0], end: current.resource.range[1] };
    if (m.op === 'delete') {
      const after = removeDocument(before!, span);
      return { op: 'delete', file, before, after: hasContent(after) ? after : null, key: m.key };
    }
    const { resource, key } = parseDraft(m.yaml, file);
    const clash = this.index.get(key);
    if (key !== m.key && clash !== undefined) throw Errors.alreadyExists(key, clash.origin.file);
    return {
      op: 'replace',
      file,
      before,
      after: replaceDocument(before!, span, m.yaml),
      key,
      draft: resource,
    };
  }

  private async write(plan: MutationPlan): Promise<void> {
    // A symlinked manifest (inside the root) is written through: renaming over the link would replace it.
    const abs = await realpath(join(this.root, plan.file)).catch(() => join(this.root, plan.file));
    await assertRealInside(this.root, abs, plan.file);
    try {
      if (plan.before !== null) await this.backups.save(plan.file, plan.before);
      if (plan.after === null) {
        if (plan.before !== null) await removeFileDurably(abs);
      } else {
        await mkdir(dirname(abs), { recursive: true });
        await assertRealInside(this.root, dirname(abs), plan.file);
        await writeFileAtomic(abs, plan.after);
      }
    } catch (err) {
      if (err instanceof ApiError) throw err;
      throw Errors.writeFailed(plan.file, err);
    }
    if (this.ingest(plan.file, plan.after)) this.emit([plan.file]);
  }
}
