import { type FSWatcher, watch } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  type Diagnostic,
  type ParsedResource,
  parseManifests,
  parseStaticConfig,
  type ResolveOptions,
  type RuntimeConfig,
  resolve,
} from '../../../core/index.ts';

/** A resolved folder: the configuration and every finding with its file and line. */
export interface DirSnapshot {
  config: RuntimeConfig;
  diagnostics: Diagnostic[];
  /** Files that do not parse (YAML syntax): the snapshot must not replace a good configuration. */
  parseErrors: Diagnostic[];
}

async function yamlFiles(root: string, dir = root, out: string[] = []): Promise<string[]> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await yamlFiles(root, full, out);
    else if (/\.ya?ml$/i.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/** Reads `--config traefik.yml` (entrypoints, kubernetesCRD options); its findings carry its own path. */
export async function loadStaticConfig(
  file: string,
): Promise<{ options: ResolveOptions; diagnostics: Diagnostic[] }> {
  const text = await readFile(file, 'utf8');
  const parsed = parseStaticConfig(text, file);
  const options: ResolveOptions = {};
  if (Object.keys(parsed.entryPoints).length > 0) options.entryPoints = parsed.entryPoints;
  if (parsed.kubernetesCRD !== undefined) options.kubernetesCRD = parsed.kubernetesCRD;
  return { options, diagnostics: parsed.diagnostics };
}

/** Parses every manifest under `root` (recursively) and resolves them. */
export async function loadDir(root: string, options: ResolveOptions): Promise<DirSnapshot> {
  const resources: ParsedResource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of await yamlFiles(root)) {
    const text = await readFile(file, 'utf8');
    const parsed = parseManifests(text, relative(root, file));
    resources.push(...parsed.resources);
    diagnostics.push(...parsed.diagnostics);
  }
  const result = resolve(resources, { ...options, now: Date.now() });
  return {
    config: result.config,
    diagnostics: [...diagnostics, ...result.diagnostics],
    parseErrors: diagnostics.filter((d) => d.severity === 'error'),
  };
}

/**
 * Watches a folder and calls `onChange` after edits settle. Saves arrive as bursts of events (write, rename of
 * a temp file); a short quiet period folds them into one reload.
 */
export function watchDir(root: string, onChange: () => void, quietMs = 15): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      onChange();
    }, quietMs);
  };
  const watcher: FSWatcher = watch(root, { recursive: true }, (_event, name) => {
    if (name === null || /\.ya?ml$/i.test(String(name)) || !String(name).includes('.')) fire();
  });
  return {
    close() {
      if (timer !== undefined) clearTimeout(timer);
      watcher.close();
    },
  };
}
