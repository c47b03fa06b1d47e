import { join } from 'node:path';
import type { Command } from 'commander';
import type { Diagnostic } from '../../core/index.ts';
import { loadDir } from '../load-dir.ts';
import { type CommandIo, processIo, UsageError } from '../program.ts';

/** Options of `routeyard check`. */
export interface CheckOptions {
  config?: string;
  format?: string;
}

function place(dir: string, manifests: ReadonlySet<string>, d: Diagnostic): string {
  const given = d.source.file ?? dir;
  // Manifest paths are relative to the folder; the static configuration's path is as the user wrote it.
  const file = manifests.has(given) ? join(dir, given) : given;
  return `${file}:${d.source.line}:${d.source.column}`;
}

/** Runs `routeyard check`; returns 1 when any finding is an error, 0 otherwise. */
export async function runCheck(
  dir: string,
  opts: CheckOptions,
  io: CommandIo,
  now = Date.now(),
): Promise<number> {
  const format = opts.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`--format must be text or json, not "${format}"`);
  const loaded = await loadDir(dir, { config: opts.config, now });
  const count = (s: string) => loaded.diagnostics.filter((d) => d.severity === s).length;
  const summary = {
    files: loaded.files.length,
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info'),
  };
  if (format === 'json') {
    io.out(`${JSON.stringify({ diagnostics: loaded.diagnostics, summary }, null, 2)}\n`);
  } else {
    const manifests = new Set(loaded.files);
    for (const d of loaded.diagnostics)
      io.out(`${place(dir, manifests, d)} ${d.severity} ${d.code} ${d.message}\n`);
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    io.out(
      `${plural(summary.files, 'file')} checked: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.infos, 'info')}\n`,
    );
  }
  return summary.errors > 0 ? 1 : 0;
}

export function register(program: Command): void {
  program
    .command('check')
    .description('Check a folder of manifests: schema, references, rules, priorities, TLS (usable in CI)')
    .argument('<dir>', 'folder of *.yaml/*.yml manifests, read recursively')
    .option(
      '--config <file>',
      'a Traefik static configuration (YAML or TOML): entryPoints, providers.kubernetesCRD/kubernetesIngress',
    )
    .option('--format <format>', 'text (file:line:col severity CODE message) or json', 'text')
    .addHelpText(
      'after',
      '\nExit codes: 0 no errors (warnings allowed), 1 at least one error, 2 usage error.\n',
    )
    .action(async (dir: string, opts: CheckOptions) => {
      process.exitCode = await runCheck(dir, opts, processIo());
    });
}
