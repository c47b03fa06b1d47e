import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreEngine } from './engine.ts';
import { ProxySupervisor } from './proxy/supervisor.ts';
import { createServer, type RouteyardServer } from './server.ts';
import { loadStaticConfig } from './static-config.ts';
import { DirStore } from './stores/dir-store.ts';

export interface ServeOptions {
  dir: string;
  config?: string;
  port: number;
  host: string;
  token?: string;
  proxy: boolean;
  proxyAdminPort?: number;
  /** The proxy's worker processes (`routeyard proxy --workers`); default 1. */
  proxyWorkers?: number;
  /** The proxy's executable and leading arguments. Default: this node and `cli/bin/routeyard.js`. */
  proxyCommand?: [string, ...string[]];
  log?: (line: string) => void;
}

export interface Serving {
  server: RouteyardServer;
  url: string;
  token: string | undefined;
  supervisor: ProxySupervisor | undefined;
  close(): Promise<void>;
}

/** The API could not bind its address. */
export class ListenError extends Error {}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** True when a bind address is reachable only from this machine. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

/**
 * Where the proxy child reaches the API: 127.0.0.1 (the contract) when the server listens there, on a wildcard
 * or on `localhost`; the address itself when the server listens on one address only (`::1`, a LAN address).
 */
export function feedHostFor(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === 'localhost' || host.startsWith('127.')) {
    return host.startsWith('127.') ? host : '127.0.0.1';
  }
  return host.includes(':') ? `[${host}]` : host;
}

/** The package root: where package.json names routeyard, from the source or the built tree. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'routeyard')
      return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the routeyard package root');
}

/**
 * `routeyard serve`: the API and dashboard on host:port, the folder store on `dir`, and the bundled proxy as a
 * supervised child fed from this server.
 */
export async function serve(opts: ServeOptions): Promise<Serving> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const dir = resolve(opts.dir);
  const root = packageRoot();
  const token = opts.token ?? (isLoopback(opts.host) ? undefined : randomBytes(18).toString('base64url'));
  const engine = coreEngine();
  const staticPath =
    opts.config ?? (existsSync(join(dir, 'traefik.yml')) ? join(dir, 'traefik.yml') : undefined);
  const staticConfig =
    staticPath === undefined ? undefined : await loadStaticConfig(engine, staticPath, basename(staticPath));
  const inside =
    staticPath === undefined ? undefined : relative(dir, resolve(staticPath)).split('\\').join('/');
  const store = new DirStore(dir, {
    onError: (err) => log(`routeyard: ${err instanceof Error ? err.message : String(err)}`),
    ...(inside !== undefined && !inside.startsWith('..') ? { exclude: [inside] } : {}),
  });
  const dashboardDir = join(root, 'dist', 'dashboard');
  const server = await createServer({
    store,
    engine,
    ...(staticConfig !== undefined && Object.keys(staticConfig.entryPoints).length > 0
      ? { entryPoints: staticConfig.entryPoints }
      : {}),
    ...(staticConfig?.kubernetesCRD === undefined ? {} : { kubernetesCRD: staticConfig.kubernetesCRD }),
    ...(staticConfig === undefined ? {} : { staticDiagnostics: staticConfig.diagnostics }),
    ...(token === undefined ? {} : { token }),
    ...(existsSync(join(dashboardDir, 'index.html')) ? { dashboardDir } : {}),
    now: () => Date.now(),
  });
  try {
    await server.app.listen({ host: opts.host, port: opts.port });
  } catch (err) {
    await server.close();
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'EADDRINUSE' ? 'the port is in use' : code === 'EACCES' ? 'permission denied' : String(err);
    throw new ListenError(`cannot listen on ${opts.host}:${opts.port}: ${why}`, { cause: err });
  }
  const address = server.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.port;
  const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `http://${shownHost}:${port}/`;
  // The proxy reaches the API on loopback unless the server listens on one other address only.
  const feedHost = feedHostFor(opts.host);
  let supervisor: ProxySupervisor | undefined;
  if (opts.proxy) {
    const adminPort = opts.proxyAdminPort ?? port + 1;
    const [command, ...lead] = opts.proxyCommand ?? [
      process.execPath,
      join(root, 'cli', 'bin', 'routeyard.js'),
    ];
    supervisor = new ProxySupervisor({
      command,
      args: [
        ...lead,
        'proxy',
        '--feed',
        `http://${feedHost}:${port}/api/v1/proxy/feed`,
        '--admin',
        `127.0.0.1:${adminPort}`,
        ...(opts.proxyWorkers !== undefined && opts.proxyWorkers > 1
          ? ['--workers', String(opts.proxyWorkers)]
          : []),
      ],
      link: server.ctx.proxy,
      log,
    });
    supervisor.start();
  }
  let closed = false;
  return {
    server,
    url,
    token,
    supervisor,
    async close() {
      if (closed) return;
      closed = true;
      await supervisor?.stop();
      await server.close();
    },
  };
}
