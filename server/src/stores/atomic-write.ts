import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Temp files are dot-files ending in this suffix: the reader and the watcher skip them. */
export const TEMP_SUFFIX = '.routeyard-tmp';

/** Flushes a directory entry change (a rename or unlink) to disk. */
async function syncDir(dir: string): Promise<void> {
  let fh: Awaited<ReturnType<typeof open>> | undefined;
  try {
    fh = await open(dir, constants.O_RDONLY);
    await fh.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic there.
  } finally {
    await fh?.close();
  }
}

/**
 * Writes a file atomically: a temp file in the same folder, fsync, rename over the target, fsync the folder. A
 * crash at any point leaves either the old or the new content, never a torn or empty file. Keeps the old mode.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const dir = dirname(path);
  let mode = 0o644;
  try {
    mode = (await stat(path)).mode & 0o777;
  } catch {
    // New file: default mode.
  }
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  const fh = await open(tmp, 'wx', mode);
  try {
    await fh.writeFile(data, 'utf8');
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncDir(dir);
}

/** Removes a file and makes the removal durable. */
export async function removeFileDurably(path: string): Promise<void> {
  await unlink(path);
  await syncDir(dirname(path));
}

/** Removes temp files a crash left behind in `dir` (recursively), so they never accumulate. */
export async function removeStaleTempFiles(dir: string, skip: (name: string) => boolean): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory() && !skip(e.name)) await removeStaleTempFiles(full, skip);
    else if (e.isFile() && e.name.startsWith('.') && e.name.endsWith(TEMP_SUFFIX))
      await rm(full, { force: true });
  }
}

/** Keeps the previous contents of each file under `<root>/.routeyard/backups/<file>.<n>`, newest = highest n. */
export class BackupStore {
  readonly dir: string;
  private readonly keep: number;

  constructor(root: string, keep = 20) {
    this.dir = join(root, '.routeyard', 'backups');
    this.keep = keep;
  }

  private async numbers(rel: string): Promise<number[]> {
    const base = join(this.dir, rel);
    let names: string[];
    try {
      names = await readdir(dirname(base));
    } catch {
      return [];
    }
    const prefix = `${basename(base)}.`;
    return names
      .filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
      .map((n) => Number(n.slice(prefix.length)))
      .sort((a, b) => a - b);
  }

  /** Saves `content` as the newest backup of `rel` and prunes the oldest beyond the limit. */
  async save(rel: string, content: string): Promise<void> {
    const base = join(this.dir, rel);
    await mkdir(dirname(base), { recursive: true });
    const nums = await this.numbers(rel);
    const next = (nums[nums.length - 1] ?? 0) + 1;
    await writeFileAtomic(`${base}.${next}`, content);
    for (const n of nums.slice(0, Math.max(0, nums.length + 1 - this.keep))) {
      await rm(`${base}.${n}`, { force: true });
    }
  }

  /** The newest backup of `rel` whose content differs from `current`, or undefined. */
  async latestDifferent(rel: string, current: string | null): Promise<string | undefined> {
    const nums = await this.numbers(rel);
    for (let i = nums.length - 1; i >= 0; i--) {
      const content = await readFile(`${join(this.dir, rel)}.${nums[i]}`, 'utf8');
      if (content !== current) return content;
    }
    return undefined;
  }
}
