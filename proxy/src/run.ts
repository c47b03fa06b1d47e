import type { RuntimeConfig } from '../../core/index.ts';
import { AdminServer } from './admin/server.ts';
import { loadDir, loadStaticConfig, watchDir } from './feed/dir-source.ts';
import { FeedClient } from './feed/sse-client.ts';
import { type ApplyResult, type ProxyOptions, RouteyardProxy } from './proxy.ts';

export interface RunOptions extends ProxyOptions {
  /** The server's feed URL (with `token`), or... */
  feed?: string;
  token?: string;
  /** ...a folder of manifests, watched, with an optional static configuration file. */
  dir?: string;
  staticConfig?: string;
  /** Admin listener address; default `127.0.0.1:9000`... none when undefined. */
  admin?: string;
  log?: (line: string) => void;
}

/** A running proxy with its source and admin listener. */
export interface RunningProxy {
  proxy: RouteyardProxy;
  adminAddress: string | undefined;
  /** Resolves after the next configuration was applied or refused (dir mode). */
  nextApply(): Promise<ApplyResult>;
  /** Stops the source, drains (up to `drainTimeoutMs`, default the proxy's option) and closes everything. */
  stop(drainTimeoutMs?: number): Promise<boolean>;
}

/** Starts the proxy on a feed or a folder, and its admin listener; stops gracefully on `stop()`. */
export async function runProxy(opts: RunOptions): Promise<RunningProxy> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const proxy = await RouteyardProxy.create(opts);
  let admin: AdminServer | undefined;
  let adminAddress: string | undefined;
  if (opts.admin !== undefined) {
    admin = new AdminServer(proxy);
    const a = await admin.listen(opts.admin);
    adminAddress = `${a.address}:${a.port}`;
  }
  const waiters: ((r: ApplyResult) => void)[] = [];
  const applied = (r: ApplyResult) => {
    if (r.ok)
      log(
        `proxy: serving configuration ${r.version}${r.warnings.length ? ` (${r.warnings.length} elements left out)` : ''}`,
      );
    else log(`proxy: refused configuration ${r.version}: ${r.error}`);
    for (const w of waiters.splice(0)) w(r);
    return r;
  };
  const apply = async (config: RuntimeConfig) => applied(await proxy.apply(config));

  const stopSource = await startSource(opts, {
    apply,
    refuse: (version, error) => applied(proxy.refuseExternal(version, error)),
    log,
  });

  return {
    proxy,
    adminAddress,
    nextApply: () => new Promise((resolve) => waiters.push(resolve)),
    async stop(drainTimeoutMs?: number) {
      stopSource();
      const drained = await proxy.stop(drainTimeoutMs);
      await admin?.close();
      return drained;
    },
  };
}

/** Where a configuration source hands its configurations: both return the outcome, already reported. */
export interface SourceHooks {
  apply(config: RuntimeConfig): Promise<ApplyResult>;
  /** A configuration refused before it reached the proxy (a folder that does not load). */
  refuse(version: string, error: string): ApplyResult;
  log(line: string): void;
}

/**
 * Starts the configuration source of `opts`: the server feed (each outcome reported back to it) or a watched
 * folder (reloaded once per burst of saves). Resolves after a folder's first load; returns the stop function.
 */
export async function startSource(
  opts: Pick<RunOptions, 'feed' | 'token' | 'dir' | 'staticConfig'>,
  hooks: SourceHooks,
): Promise<() => void> {
  const { apply, log } = hooks;
  if (opts.feed !== undefined) {
    const client = new FeedClient({
      url: opts.feed,
      token: opts.token ?? '',
      log,
      onConfig: async (msg) => {
        const r = await apply({ ...msg.config, version: msg.config?.version ?? msg.version });
        return r.ok ? { ok: true } : { ok: false, error: r.error };
      },
    });
    void client.run();
    return () => client.stop();
  }
  if (opts.dir === undefined) return () => undefined;
  const dir = opts.dir;
  const statics =
    opts.staticConfig !== undefined
      ? await loadStaticConfig(opts.staticConfig)
      : { options: {}, diagnostics: [] };
  for (const d of statics.diagnostics)
    log(`${d.source.file}:${d.source.line}:${d.source.column}: ${d.severity}: ${d.message}`);
  let running = false;
  let again = false;
  const reload = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        try {
          const snap = await loadDir(dir, statics.options);
          for (const d of snap.diagnostics.filter((x) => x.severity === 'error')) {
            log(`${d.source.file ?? dir}:${d.source.line}:${d.source.column}: ${d.code}: ${d.message}`);
          }
          // A file that does not parse is refused as a whole (Traefik's file provider keeps its last
          // configuration too): serving the rest would silently drop that file's routes.
          const broken = snap.parseErrors[0];
          if (broken !== undefined) {
            const where = `${broken.source.file ?? dir}:${broken.source.line}:${broken.source.column}`;
            hooks.refuse(snap.config.version, `${where}: ${broken.message}`);
          } else await apply(snap.config);
        } catch (err) {
          hooks.refuse('', (err as Error).message);
        }
      } while (again);
    } finally {
      running = false;
    }
  };
  await reload();
  const watcher = watchDir(dir, () => void reload());
  return () => watcher.close();
}
