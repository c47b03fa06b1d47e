import { realpath } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { Errors } from '../errors.ts';

/** True when `target` is `root` itself or inside it (both already real, absolute paths). */
export function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Checks a user-given relative path and returns its absolute place inside `root` (a real path). Refuses absolute
 * paths, `..` segments, backslashes, NUL bytes, and any path whose nearest existing ancestor resolves (through a
 * symlink) outside the root.
 */
export async function resolveInside(root: string, rel: string): Promise<string> {
  if (
    rel === '' ||
    rel.includes('\0') ||
    rel.includes('\\') ||
    isAbsolute(rel) ||
    rel.split('/').some((s) => s === '..')
  ) {
    throw Errors.pathOutsideRoot(rel);
  }
  const abs = join(root, normalize(rel));
  if (!isInside(root, abs)) throw Errors.pathOutsideRoot(rel);
  await assertRealInside(root, abs, rel);
  return abs;
}

/** Walks up to the nearest existing ancestor of `abs` and checks its real path is inside `root`. */
export async function assertRealInside(root: string, abs: string, shown: string): Promise<void> {
  let probe = abs;
  for (let i = 0; i < 256; i++) {
    try {
      const real = await realpath(probe);
      if (!isInside(root, real)) throw Errors.pathOutsideRoot(shown);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const parent = probe.slice(0, probe.lastIndexOf(sep));
      if (parent === '' || parent === probe) throw Errors.pathOutsideRoot(shown);
      probe = parent;
    }
  }
  throw Errors.pathOutsideRoot(shown);
}

/** A path relative to the root with forward slashes, as files are named in the API. */
export function toRel(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}
