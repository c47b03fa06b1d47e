// The e2e harness: runs the real backends, `routeyard serve` (which runs the real proxy) on a temporary copy of
// examples/, on free ports, and stops all of it afterwards. Specs get one Stack per file (beforeAll/afterAll).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_BACKENDS } from '../examples/backends/backends.ts';
import { type Answer, ApiClient, type SendOptions, send } from './http.ts';
import { freePort, type Managed, startManaged, stopManaged, tail, waitFor } from './processes.ts';
import { prepareWorkspace, ROOT, type StackPorts } from './workspace.ts';

export { ROOT } from './workspace.ts';

/** The demo's host name: every example router matches it. */
export const SHOP_HOST = 'shop.localhost';

/** Where screenshots and process logs of failed runs go (gitignored). */
export const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');

/** What /api/v1/proxy/status answers (docs: docs/contracts.md). */
export interface ProxyStatus {
  state: 'applied' | 'pending' | 'failed' | 'stopped';
  servedVersion?: string;
  configVersion?: string;
  error?: string;
  entryPoints?: Record<string, string>;
}

/** A running stack: the temporary manifests folder, the ports, API and proxy helpers, and what the backends saw. */
export interface Stack {
  dir: string;
  ports: StackPorts;
  apiUrl: string;
  api: ApiClient;
  /** Every request the backends answered, in order, as `<backend> <METHOD> <url>` (mirrored copies included). */
  seen: string[];
  /** A request through the proxy's `web` (HTTP) entrypoint. */
  web(path: string, opts?: SendOptions): Promise<Answer>;
  /** A request through the proxy's `websecure` (HTTPS) entrypoint. */
  websecure(path: string, opts?: SendOptions): Promise<Answer>;
  /** Waits until the proxy serves the server's current config version. */
  waitApplied(): Promise<ProxyStatus>;
  /** The last lines of every process's output, for diagnosing a failure. */
  logs(): string;
  stop(): Promise<void>;
}

/** Fails with what to do when the build is missing: the suite runs the built CLI and dashboard, like a user. */
export function assertBuilt(opts: { dashboard: boolean }): void {
  const outputs = ['dist/cli/main.js', 'dist/examples/backends/main.js'];
  if (opts.dashboard) outputs.push('dist/dashboard/index.html');
  const missing = outputs.filter((p) => !existsSync(join(ROOT, p)));
  if (missing.length > 0) {
    throw new Error(
      `e2e runs the built app, and ${missing.join(', ')} is missing: run \`npm run build\` first`,
    );
  }
}

async function pickPorts(backends: Record<string, number>): Promise<StackPorts> {
  // Probed one after another, once the backends hold theirs; the set guards against the kernel handing out the
  // same free port twice, or one a backend took (a proxy listener on it would fail with EADDRINUSE).
  const taken = new Set<number>(Object.values(backends));
  const next = async (): Promise<number> => {
    for (let i = 0; i < 20; i++) {
      const port = await freePort();
      if (!taken.has(port)) {
        taken.add(port);
        return port;
      }
    }
    throw new Error('could not find distinct free ports');
  };
  return {
    api: await next(),
    web: await next(),
    websecure: await next(),
    proxyAdmin: await next(),
    backends,
  };
}

/** Starts backends, then `routeyard serve`, and waits until the proxy answers through the examples' routers. */
export async function startStack(opts: { dashboard?: boolean } = {}): Promise<Stack> {
  assertBuilt({ dashboard: opts.dashboard ?? false });
  const seen: string[] = [];
  const processes: Managed[] = [];
  let dir = '';

  const stop = async (): Promise<void> => {
    await Promise.all([...processes].reverse().map((p) => stopManaged(p)));
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  };
  const logs = (): string => processes.map((p) => `--- ${p.name}\n${tail(p)}`).join('\n');

  try {
    let readyLine: string | undefined;
    const backends = startManaged(
      'backends',
      [join(ROOT, 'dist/examples/backends/main.js'), '--all=0', '--exit-with-stdin', '--log'],
      ROOT,
      (line) => {
        if (line.startsWith('{"ready":true')) readyLine = line;
        else if (line.startsWith('{"seen":')) {
          const { seen: s } = JSON.parse(line) as { seen: { backend: string; method: string; url: string } };
          seen.push(`${s.backend} ${s.method} ${s.url}`);
        }
      },
    );
    processes.push(backends);
    const ready = await waitFor('example backends', async () => readyLine, 15_000);
    const backendPorts = (JSON.parse(ready) as { ports: Record<string, number> }).ports;
    for (const b of DEFAULT_BACKENDS) {
      if (!backendPorts[b.name]) throw new Error(`backend ${b.name} did not report its port: ${ready}`);
    }
    const ports = await pickPorts(backendPorts);

    dir = prepareWorkspace(ports);
    const serve = startManaged(
      'serve',
      [
        join(ROOT, 'cli/bin/routeyard.js'),
        'serve',
        dir,
        '--config',
        join(dir, 'traefik.yml'),
        '--port',
        String(ports.api),
        '--proxy-admin',
        String(ports.proxyAdmin),
      ],
      ROOT,
    );
    processes.push(serve);
    const apiUrl = `http://127.0.0.1:${ports.api}`;
    const api = new ApiClient(apiUrl);

    const stack: Stack = {
      dir,
      ports,
      apiUrl,
      api,
      seen,
      web: (path, opts) => send(ports.web, SHOP_HOST, path, opts),
      websecure: (path, opts) => send(ports.websecure, SHOP_HOST, path, { tls: true, ...opts }),
      waitApplied: () =>
        waitFor(
          'proxy applied',
          async () => {
            const status = await api.get<ProxyStatus>('/api/v1/proxy/status');
            if (status.state === 'applied' && status.servedVersion === status.configVersion) return status;
            if (status.state === 'failed') throw new Error(`proxy failed: ${status.error ?? 'no reason'}`);
            return undefined;
          },
          30_000,
        ),
      logs,
      stop,
    };

    const aliveOrThrow = async (): Promise<void> => {
      if (serve.child.exitCode !== null || serve.child.signalCode !== null) {
        throw new Error(`routeyard serve exited:\n${tail(serve)}`);
      }
    };
    await waitFor(
      'server /api/v1/healthz',
      async () => {
        await aliveOrThrow();
        const { status } = await api.call('GET', '/api/v1/healthz');
        return status === 200 ? true : undefined;
      },
      30_000,
    );
    await stack.waitApplied();
    await waitFor(
      'first answer through the proxy (web /status)',
      async () => {
        const answer = await stack.web('/status');
        return answer.status === 200 ? answer : undefined;
      },
      20_000,
    );
    return stack;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const detail = logs();
    await stop();
    throw new Error(`the e2e stack did not start: ${message}\n${detail}`, { cause: err });
  }
}

/** Writes a text artifact (e.g. the processes' logs of a failed run) to e2e/artifacts/. */
export function writeArtifact(name: string, text: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name);
  writeFileSync(path, text);
  return path;
}
