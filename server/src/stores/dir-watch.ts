import { type FSWatcher, watch } from 'chokidar';
import { isIgnoredRel } from './dir-scan.ts';
import { toRel } from './safe-path.ts';

/** What changed on disk since the last batch: files to re-read, folders to rescan. */
export interface WatchBatch {
  files: Set<string>;
  dirs: Set<string>;
}

/**
 * Watches a folder and reports changed manifest paths in small batches. The debounce is short (a git checkout
 * touches many files in a burst; one re-read per file per burst), so an edit reaches listeners well within 500 ms.
 */
export class DirWatcher {
  private watcher: FSWatcher | undefined;
  private pending: WatchBatch = { files: new Set(), dirs: new Set() };
  private timer: NodeJS.Timeout | undefined;
  private firstPendingAt = 0;

  constructor(
    private readonly root: string,
    private readonly onBatch: (batch: WatchBatch) => void,
    private readonly onError: (err: unknown) => void = () => {},
    private readonly debounceMs = 30,
  ) {}

  async start(): Promise<void> {
    const root = this.root;
    this.watcher = watch(root, {
      ignoreInitial: true,
      followSymlinks: false,
      ignored: (path, stats) => {
        if (path === root) return false;
        const rel = toRel(root, path);
        if (rel.startsWith('..')) return true;
        return isIgnoredRel(rel, stats?.isFile() ?? /\.ya?ml$/i.test(rel));
      },
    });
    const file = (path: string) => this.add('files', path);
    const dir = (path: string) => this.add('dirs', path);
    this.watcher.on('add', file).on('change', file).on('unlink', file);
    this.watcher.on('addDir', dir).on('unlinkDir', dir);
    // A folder vanishing mid-checkout raises here (the next events resync it), and so does running out of
    // inotify watches, which the user must hear about.
    this.watcher.on('error', (err) => this.onError(err));
    await new Promise<void>((resolve) => this.watcher?.once('ready', () => resolve()));
  }

  private add(which: keyof WatchBatch, path: string): void {
    this.pending[which].add(toRel(this.root, path));
    const now = performance.now();
    if (this.timer === undefined) this.firstPendingAt = now;
    else clearTimeout(this.timer);
    // A steady stream of events must not postpone the batch forever: flush at most 200 ms after the first.
    const wait = now - this.firstPendingAt > 200 ? 0 : this.debounceMs;
    this.timer = setTimeout(() => {
      const batch = this.pending;
      this.pending = { files: new Set(), dirs: new Set() };
      this.timer = undefined;
      this.onBatch(batch);
    }, wait);
  }

  async close(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.watcher?.close();
  }
}
