import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformWithOxc } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupStore, TEMP_SUFFIX, writeFileAtomic } from './atomic-write.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'routeyard-atomic-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Version `k` of a file: big enough that a torn write would show, and self-describing. */
function content(k: number): string {
  return `version: ${k}\n${`# filler line for version ${k} ..........................\n`.repeat(2000)}end: ${k}\n`;
}

const CHILD = `
import { writeFileAtomic } from './atomic-write.mjs';
const [dir, files] = [process.argv[2], Number(process.argv[3])];
${content.toString()}
let k = Number(process.argv[4]);
let announced = false;
for (;;) {
  k++;
  for (let f = 0; f < files; f++) await writeFileAtomic(dir + '/f' + f + '.yaml', content(k));
  if (!announced) { process.stdout.write('ready\\n'); announced = true; }
}
`;

describe('writeFileAtomic', () => {
  it('keeps the file mode and content, and leaves no temp file', async () => {
    const path = join(dir, 'mode.yaml');
    await writeFile(path, 'old', { mode: 0o600 });
    await writeFileAtomic(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
    expect((await import('node:fs')).statSync(path).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).filter((n) => n.endsWith(TEMP_SUFFIX))).toEqual([]);
  });

  it('leaves every file old or new, never torn or empty, when the writer is SIGKILLed mid-write (30 runs)', async () => {
    const work = await mkdtemp(join(dir, 'crash-'));
    const source = await readFile(new URL('./atomic-write.ts', import.meta.url), 'utf8');
    const js = await transformWithOxc(source, 'atomic-write.ts', { lang: 'ts' });
    await writeFile(join(work, 'atomic-write.mjs'), js.code);
    await writeFile(join(work, 'child.mjs'), CHILD);
    const FILES = 4;
    let base = 0;
    for (let f = 0; f < FILES; f++) await writeFile(join(work, `f${f}.yaml`), content(0));
    for (let run = 0; run < 30; run++) {
      const child = spawn(process.execPath, [join(work, 'child.mjs'), work, String(FILES), String(base)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
      });
      // Kill at a varying point of the write loop.
      await new Promise((r) => setTimeout(r, (run * 7) % 23));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      for (let f = 0; f < FILES; f++) {
        const text = await readFile(join(work, `f${f}.yaml`), 'utf8');
        const k = Number(/^version: (\d+)\n/.exec(text)?.[1] ?? Number.NaN);
        expect(text).toBe(content(k));
        base = Math.max(base, k);
      }
    }
    expect(base).toBeGreaterThan(30);
  });
});

describe('BackupStore', () => {
  it('returns the newest backup that differs from the current content and prunes old ones', async () => {
    const backups = new BackupStore(dir, 3);
    for (const v of ['a', 'b', 'c', 'd']) await backups.save('x/y.yaml', v);
    expect(await backups.latestDifferent('x/y.yaml', 'z')).toBe('d');
    expect(await backups.latestDifferent('x/y.yaml', 'd')).toBe('c');
    expect((await readdir(join(dir, '.routeyard/backups/x'))).sort()).toEqual([
      'y.yaml.2',
      'y.yaml.3',
      'y.yaml.4',
    ]);
  });
});
