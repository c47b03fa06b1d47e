import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve as resolvePath } from 'node:path';
import type { Diagnostic, EntryPoint, ParsedResource, RuntimeConfig } from '../core/index.ts';
import { UsageError } from './program.ts';

/** A folder of manifests resolved into a RuntimeConfig, with every finding on the way. */
export interface LoadedDir {
  config: RuntimeConfig;
  diagnostics: Diagnostic[];
  files: string[];
}

// Bounded walk: manifests folders are small, a runaway symlink tree must not hang the CLI.
const MAX_FILES = 10_000;

/** Every *.yaml / *.yml file under `dir` (hidden folders and node_modules skipped), sorted, relative to `dir`. */
export async function listManifestFiles(dir: string, exclude: readonly string[] = []): Promise<string[]> {
  const root = resolvePath(dir);
  const excluded = new Set(exclude.map((p) => resolvePath(p)));
  const out: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (out.length >= MAX_FILES) return;
      const full = join(folder, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && e.name !== 'node_modules') await walk(full);
      } else if (['.yaml', '.yml'].includes(extname(e.name)) && !excluded.has(full)) {
        out.push(relative(root, full));
      }
    }
  };
  await walk(root);
  return out;
}

/** Reads the `entryPoints` of a Traefik static configuration file (YAML or TOML). */
export async function loadStaticEntryPoints(
  file: string,
): Promise<{ entryPoints: Record<string, EntryPoint>; diagnostics: Diagnostic[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--config: cannot read ${file}: ${(err as Error).message}`);
  }
  const core = (await import('../core/index.ts')) as Record<string, unknown>;
  // Prefer the shared parser when core has one, so the CLI reads static files as the server does.
  const shared = core.parseStaticConfig as
    | ((t: string, f: string) => { entryPoints: Record<string, EntryPoint>; diagnostics: Diagnostic[] })
    | undefined;
  if (typeof shared === 'function') return shared(text, file);
  let data: unknown;
  try {
    if (extname(file) === '.toml') data = (await import('smol-toml')).parse(text);
    else data = (await import('yaml')).parse(text);
  } catch (err) {
    throw new UsageError(
      `--config: ${file} is not valid ${extname(file) === '.toml' ? 'TOML' : 'YAML'}: ${(err as Error).message}`,
    );
  }
  const raw = (data as { entryPoints?: Record<string, Partial<EntryPoint>> } | null)?.entryPoints ?? {};
  const entryPoints: Record<string, EntryPoint> = {};
  for (const [name, ep] of Object.entries(raw)) {
    if (!ep || typeof ep.address !== 'string')
      throw new UsageError(`--config: entryPoints.${name}.address must be a string in ${file}`);
    entryPoints[name] = {
      address: ep.address,
      ...(ep.asDefault ? { asDefault: true } : {}),
      ...(ep.http ? { http: ep.http } : {}),
    };
  }
  return { entryPoints, diagnostics: [] };
}

/**
 * Reads every manifest under `dir`, parses and resolves them as `routeyard resolve` does. `--config` entrypoints
 * replace Routeyard's defaults. Throws `UsageError` when `dir` is not a readable folder.
 */
export async function loadDir(
  dir: string,
  opts: { config?: string; exclude?: string[] } = {},
): Promise<LoadedDir> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`${dir} is not a folder`);
  const core = await import('../core/index.ts');
  const files = await listManifestFiles(dir, opts.exclude);
  const resources: ParsedResource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8');
    const parsed = core.parseManifests(text, file);
    resources.push(...parsed.resources);
    diagnostics.push(...parsed.diagnostics);
  }
  let entryPoints: Record<string, EntryPoint> | undefined;
  if (opts.config) {
    const loaded = await loadStaticEntryPoints(opts.config);
    entryPoints = loaded.entryPoints;
    diagnostics.push(...loaded.diagnostics);
  }
  const { config, diagnostics: found } = core.resolve(resources, entryPoints ? { entryPoints } : undefined);
  diagnostics.push(...found);
  return { config, diagnostics, files };
}
