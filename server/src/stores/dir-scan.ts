import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isInside, toRel } from './safe-path.ts';

/** Manifest files: `*.yaml` and `*.yml`. */
export function isManifestName(name: string): boolean {
  return /\.ya?ml$/i.test(name) && !name.startsWith('.');
}

/** Folders never read: dot-folders (`.git`, `.routeyard` with its backups) and `node_modules`. */
export function isSkippedDir(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/** True when a root-relative path lies in a skipped folder or names a non-manifest file. */
export function isIgnoredRel(rel: string, isFile: boolean): boolean {
  const parts = rel.split('/');
  const last = parts[parts.length - 1] ?? '';
  if (parts.slice(0, -1).some(isSkippedDir)) return true;
  return isFile ? !isManifestName(last) : isSkippedDir(last);
}

/**
 * Lists every manifest under `root` (a real path), relative with forward slashes, sorted. Symlinks are followed
 * only when they resolve inside the root; a folder reached twice (a symlink loop) is read once.
 */
export async function scanManifests(root: string, under = ''): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const real = await realpath(dir).catch(() => undefined);
    if (real === undefined || !isInside(root, real) || seen.has(real)) return;
    seen.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const target = await realpath(full).catch(() => undefined);
        if (target === undefined || !isInside(root, target)) continue;
        const st = await stat(full).catch(() => undefined);
        isDir = st?.isDirectory() ?? false;
        isFile = st?.isFile() ?? false;
      }
      if (isDir && !isSkippedDir(e.name)) await walk(full);
      else if (isFile && isManifestName(e.name)) out.push(toRel(root, full));
    }
  };
  await walk(under === '' ? root : join(root, under));
  return out.sort();
}
