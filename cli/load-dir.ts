import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve as resolvePath, sep } from 'node:path';
import type { Diagnostic, ParsedResource, ResolveOptions, RuntimeConfig } from '../core/index.ts';
import { UsageError } from './program.ts';

/** A folder of manifests read, validated and resolved, with every finding on the way. */
export interface LoadedDir {
  config: RuntimeConfig;
  diagnostics: Diagnostic[];
  /** Manifest files read, relative to the folder, with `/` separators. */
  files: string[];
}

export interface LoadDirOptions {
  /** A Traefik static configuration (traefik.yml or .toml): entrypoints and provider options. */
  config?: string;
  /** Files under the folder that are not manifests (a route-tests file, say). */
  exclude?: string[];
  /** The clock for certificate expiry (TLS002); core never reads the clock itself. */
  now?: number;
}

// Bounded walk: a symlink loop or a runaway tree must not hang the CLI.
const MAX_FILES = 10_000;
const MAX_DEPTH = 32;

/** Every *.yaml / *.yml under `dir` (hidden folders and node_modules skipped), sorted, relative to `dir`. */
export async function listManifestFiles(dir: string, exclude: readonly string[] = []): Promise<string[]> {
  const root = resolvePath(dir);
  const excluded = new Set(exclude.map((p) => resolvePath(p)));
  const out: string[] = [];
  const walk = async (folder: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) return;
    const entries = await readdir(folder, { withFileTypes: true });
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (out.length >= MAX_FILES) return;
      const full = join(folder, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && e.name !== 'node_modules') await walk(full, depth + 1);
      } else if (['.yaml', '.yml'].includes(extname(e.name).toLowerCase()) && !excluded.has(full)) {
        out.push(relative(root, full).split(sep).join('/'));
      }
    }
  };
  await walk(root, 0);
  return out;
}

/**
 * Reads every manifest under `dir`, parses, validates and resolves them with the entrypoints and provider options of
 * `opts.config`, exactly as `routeyard resolve` and `check` report them, so `trace` and `test` see the same
 * configuration. Throws `UsageError` when `dir` or the static configuration cannot be read.
 */
export async function loadDir(dir: string, opts: LoadDirOptions = {}): Promise<LoadedDir> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`${dir} is not a folder`);
  const core = await import('../core/index.ts');
  const diagnostics: Diagnostic[] = [];
  const options: ResolveOptions = opts.now === undefined ? {} : { now: opts.now };
  if (opts.config !== undefined) {
    let text: string;
    try {
      text = await readFile(opts.config, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read --config ${opts.config}: ${(err as Error).message}`);
    }
    const statics = core.parseStaticConfig(text, opts.config);
    diagnostics.push(...statics.diagnostics);
    if (Object.keys(statics.entryPoints).length > 0) options.entryPoints = statics.entryPoints;
    if (statics.kubernetesCRD !== undefined) options.kubernetesCRD = statics.kubernetesCRD;
    // A static configuration without the Ingress provider means Traefik does not read Ingresses.
    options.kubernetesIngress = statics.kubernetesIngress ?? false;
  }
  // The static configuration often sits in the same folder; it is not a manifest.
  const exclude = [...(opts.exclude ?? []), ...(opts.config === undefined ? [] : [opts.config])];
  const files = await listManifestFiles(dir, exclude);
  const resources: ParsedResource[] = [];
  for (const file of files) {
    const parsed = core.parseManifests(await readFile(join(dir, file), 'utf8'), file);
    diagnostics.push(...parsed.diagnostics);
    for (const r of parsed.resources) diagnostics.push(...core.validateResource(r));
    resources.push(...parsed.resources);
  }
  const result = core.resolve(resources, options);
  return { config: result.config, diagnostics: [...diagnostics, ...result.diagnostics], files };
}

/** Commander collector for repeatable options such as `-H 'Name: value'`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
