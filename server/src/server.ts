import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { AppContext } from './context.ts';
import type { Diagnostic, KubernetesCRDOptions, RuntimeConfig } from './core.ts';
import { coreEngine, type Engine } from './engine.ts';
import { EventBus } from './events.ts';
import { ProxyLink } from './proxy/proxy-link.ts';
import { SseRegistry } from './sse.ts';
import { DirStore } from './stores/dir-store.ts';
import type { Store } from './stores/store.ts';
import { Workspace } from './workspace.ts';

export interface ServerOptions {
  /** The manifests folder (dir store), or a ready store. */
  dir?: string;
  store?: Store;
  engine?: Engine;
  entryPoints?: RuntimeConfig['entryPoints'];
  kubernetesCRD?: KubernetesCRDOptions;
  staticDiagnostics?: Diagnostic[];
  token?: string;
  dashboardDir?: string;
  /** Watch the folder for external edits. Default: true. */
  watch?: boolean;
  now?: () => number;
}

/** A server assembled but not listening: its fastify app and the parts behind it. */
export interface RouteyardServer {
  app: FastifyInstance;
  ctx: AppContext;
  close(): Promise<void>;
}

/** Opens the store, resolves it, and builds the API around it. */
export async function createServer(opts: ServerOptions): Promise<RouteyardServer> {
  const store = opts.store ?? new DirStore(opts.dir ?? '.', { watch: opts.watch ?? true });
  await store.open();
  const engine = opts.engine ?? coreEngine();
  const bus = new EventBus();
  const workspace = new Workspace(store, engine, bus, {
    ...(opts.entryPoints === undefined ? {} : { entryPoints: opts.entryPoints }),
    ...(opts.kubernetesCRD === undefined ? {} : { kubernetesCRD: opts.kubernetesCRD }),
    ...(opts.staticDiagnostics === undefined ? {} : { staticDiagnostics: opts.staticDiagnostics }),
    ...(opts.now === undefined ? {} : { now: opts.now }),
  });
  workspace.start();
  const proxy = new ProxyLink(bus, () => workspace.config);
  bus.subscribe((e) => {
    if (e.type === 'config') proxy.configChanged();
  });
  const ctx: AppContext = {
    store,
    workspace,
    engine,
    bus,
    proxy,
    sse: new SseRegistry(),
    ...(opts.dashboardDir === undefined ? {} : { dashboardDir: opts.dashboardDir }),
  };
  const app = await buildApp(ctx, opts.token === undefined ? {} : { token: opts.token });
  return {
    app,
    ctx,
    async close() {
      await app.close();
      workspace.stop();
      await store.close();
    },
  };
}
