import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve as resolvePath, sep } from 'node:path';
import type { Command } from 'commander';
import type { Diagnostic, ResolveOptions, RuntimeConfig } from '../../core/index.ts';
import { UsageError } from '../program.ts';

/** Where a command writes. */
export interface CommandIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** A folder of manifests read, resolved and checked. */
export interface LoadedDir {
  config: RuntimeConfig;
  diagnostics: Diagnostic[];
  files: string[];
}

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

function manifestFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number): void => {
    // Bounded: a symlink loop or a huge tree must not hang the command.
    if (depth > 32) return;
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(path, depth + 1);
      } else if (/\.ya?ml$/i.test(entry.name)) {
        out.push(path);
      }
    }
  };
  walk(dir, 0);
  return out;
}

/**
 * Reads every *.yaml/*.yml under `dir` (recursively), parses, validates and resolves them, with the entrypoints and
 * provider options of `configFile` (a Traefik static configuration) when given. File names in diagnostics are
 * relative to `dir`. Throws `UsageError` when `dir` or `configFile` cannot be read.
 */
export async function loadDir(dir: string, configFile: string | undefined, now: number): Promise<LoadedDir> {
  const core = await import('../../core/index.ts');
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new UsageError(`${dir} is not a directory`);
  const diagnostics: Diagnostic[] = [];
  const options: ResolveOptions = { now };
  if (configFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(configFile, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read --config ${configFile}: ${(err as Error).message}`);
    }
    const statics = core.parseStaticConfig(text, configFile);
    diagnostics.push(...statics.diagnostics);
    if (Object.keys(statics.entryPoints).length > 0) options.entryPoints = statics.entryPoints;
    if (statics.kubernetesCRD !== undefined) options.kubernetesCRD = statics.kubernetesCRD;
    // A static configuration without the Ingress provider means Traefik does not read Ingresses.
    options.kubernetesIngress = statics.kubernetesIngress ?? false;
  }
  // The static configuration often sits in the same folder; it is not a manifest.
  const staticFile = configFile === undefined ? undefined : resolvePath(configFile);
  const files = manifestFiles(dir)
    .filter((f) => resolvePath(f) !== staticFile)
    .map((f) => relative(dir, f).split(sep).join('/'));
  const resources = files.flatMap((file) => {
    const parsed = core.parseManifests(readFileSync(join(dir, file), 'utf8'), file);
    diagnostics.push(...parsed.diagnostics);
    for (const r of parsed.resources) diagnostics.push(...core.validateResource(r));
    return parsed.resources;
  });
  const result = core.resolve(resources, options);
  return { config: result.config, diagnostics: [...diagnostics, ...result.diagnostics], files };
}

function describeConfig(config: RuntimeConfig): string {
  const lines: string[] = [];
  const section = (title: string, entries: [string, string][]) => {
    lines.push(`${title} (${entries.length})`);
    for (const [name, text] of entries) lines.push(`  ${name}\n    ${text}`);
  };
  section(
    'routers',
    Object.entries(config.http.routers).map(([name, r]) => [
      name,
      `${r.rule}  →  ${r.service}  [${(r.entryPoints ?? []).join(', ')}]${r.status === 'enabled' ? '' : `  (${r.status}: ${(r.errors ?? []).join('; ')})`}`,
    ]),
  );
  section(
    'services',
    Object.entries(config.http.services).map(([name, s]) => {
      const kind =
        Object.keys(s).find((k) =>
          ['loadBalancer', 'weighted', 'mirroring', 'failover', 'highestRandomWeight'].includes(k),
        ) ?? '?';
      const detail = s.loadBalancer ? s.loadBalancer.servers.map((x) => x.url).join(', ') : kind;
      return [name, `${kind}: ${detail}${s.status === 'enabled' ? '' : `  (${s.status})`}`];
    }),
  );
  section(
    'middlewares',
    Object.entries(config.http.middlewares).map(([name, m]) => [
      name,
      `${Object.keys(m)
        .filter((k) => !['source', 'status', 'error', 'usedBy'].includes(k))
        .join(', ')}${m.status === 'enabled' ? '' : `  (${m.status})`}`,
    ]),
  );
  lines.push(
    `tls: ${config.tls.certificates.length} certificates, ${Object.keys(config.tls.options).length} options, ${Object.keys(config.tls.stores).length} stores`,
  );
  lines.push(`version ${config.version}`);
  return `${lines.join('\n')}\n`;
}

/** Options of `routeyard resolve`. */
export interface ResolveCommandOptions {
  config?: string;
  json?: boolean;
}

/** Runs `routeyard resolve`; returns the exit code. */
export async function runResolve(
  dir: string,
  opts: ResolveCommandOptions,
  io: CommandIo,
  now = Date.now(),
): Promise<number> {
  const loaded = await loadDir(dir, opts.config, now);
  if (opts.json) {
    io.out(`${JSON.stringify(loaded.config, null, 2)}\n`);
  } else {
    io.out(describeConfig(loaded.config));
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error').length;
    if (loaded.diagnostics.length > 0) {
      io.err(
        `${loaded.diagnostics.length} findings (${errors} errors): run \`routeyard check ${dir}\` for details\n`,
      );
    }
  }
  return 0;
}

export function register(program: Command): void {
  program
    .command('resolve')
    .description(
      "Resolve a folder of manifests into Traefik's dynamic configuration, as its CRD provider would",
    )
    .argument('<dir>', 'folder of *.yaml/*.yml manifests, read recursively')
    .option(
      '--config <file>',
      'a Traefik static configuration (YAML or TOML): entryPoints, providers.kubernetesCRD/kubernetesIngress',
    )
    .option('--json', 'print exactly the configuration object as JSON')
    .action(async (dir: string, opts: ResolveCommandOptions) => {
      process.exitCode = await runResolve(dir, opts, {
        out: (s) => process.stdout.write(s),
        err: (s) => process.stderr.write(s),
      });
    });
}
