import type { Command } from 'commander';
import type { RuntimeConfig } from '../../core/index.ts';
import { loadDir } from '../load-dir.ts';
import { type CommandIo, processIo } from '../program.ts';

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
  const loaded = await loadDir(dir, { config: opts.config, now });
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
      process.exitCode = await runResolve(dir, opts, processIo());
    });
}
