import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { UsageError } from '../program.ts';
import { parseWorkers } from './proxy.ts';

/** Options of `routeyard serve`, as commander parses them. */
export interface ServeCliOptions {
  config?: string;
  port: string;
  host: string;
  token?: string;
  proxy: boolean;
  proxyAdmin?: string;
  proxyWorkers?: string;
}

function parsePort(value: string, flag: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535)
    throw new UsageError(`${flag} must be a port number (0-65535), got "${value}"`);
  return n;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('Serve the dashboard and API on a folder of manifests, and run the bundled proxy on it')
    .argument('[dir]', 'the folder of Kubernetes manifests (*.yaml, *.yml, recursively)', '.')
    .option(
      '--config <file>',
      'a Traefik static configuration (entryPoints); default: <dir>/traefik.yml if present',
    )
    .option('--port <port>', 'the API and dashboard port', '8080')
    .option('--host <host>', 'the address to bind; anything but loopback requires a token', '127.0.0.1')
    .option('--token <token>', 'require this token on every request (generated when binding beyond loopback)')
    .option('--no-proxy', 'do not run the bundled proxy')
    .option('--proxy-admin <port>', "the proxy's admin port (ping, metrics); default: the API port + 1")
    .option('--proxy-workers <n>', "the proxy's worker processes: a count, or auto for one per CPU", '1')
    .action(async (dir: string, opts: ServeCliOptions) => {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`"${dir}" is not a folder`);
      if (opts.config !== undefined && !existsSync(opts.config))
        throw new UsageError(`--config: no file "${opts.config}"`);
      const port = parsePort(opts.port, '--port');
      const adminPort =
        opts.proxyAdmin === undefined ? undefined : parsePort(opts.proxyAdmin, '--proxy-admin');
      const workers = parseWorkers(opts.proxyWorkers ?? '1', availableParallelism(), '--proxy-workers');
      const { ListenError, serve } = await import('../../server/src/serve.ts');
      const serving = await serve({
        dir,
        port,
        host: opts.host,
        proxy: opts.proxy,
        ...(opts.config === undefined ? {} : { config: opts.config }),
        ...(opts.token === undefined ? {} : { token: opts.token }),
        ...(adminPort === undefined ? {} : { proxyAdminPort: adminPort }),
        ...(workers > 1 ? { proxyWorkers: workers } : {}),
      }).catch((err: unknown) => {
        if (!(err instanceof ListenError)) throw err;
        process.stderr.write(`routeyard: ${err.message}\n`);
        process.exitCode = 1;
        return undefined;
      });
      if (serving === undefined) return;
      const out = (s: string) => process.stdout.write(`${s}\n`);
      const tokenQuery = serving.token === undefined ? '' : `?token=${encodeURIComponent(serving.token)}`;
      out(`Routeyard serving ${dir}`);
      out(`  dashboard  ${serving.url}${tokenQuery}`);
      out(`  API        ${serving.url}api/v1/`);
      if (serving.token !== undefined && opts.token === undefined)
        out(`  token      ${serving.token} (generated)`);
      if (opts.proxy) {
        for (const [name, address] of Object.entries(serving.server.ctx.proxy.status().entryPoints)) {
          const port = /:(\d+)/.exec(address)?.[1] ?? address;
          out(`  proxy      ${name} on :${port}`);
        }
      } else {
        out('  proxy      off (--no-proxy)');
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await serving.close();
    });
}
