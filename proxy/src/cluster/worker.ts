// A cluster worker: one RouteyardProxy whose configurations, health results and questions come from the primary.
// Entrypoint listeners bind through node:cluster, so every worker shares the primary's listening sockets.
import type { ApplyResult } from '../proxy.ts';
import { RouteyardProxy } from '../proxy.ts';
import { type FromWorker, type ToWorker, WORKER_ENV, type WorkerSettings } from './messages.ts';

/** How long a worker whose primary vanished lets requests in flight finish. */
const ORPHAN_DRAIN_MS = 2_000;

function send(msg: FromWorker): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined || !process.connected) {
      resolve();
      return;
    }
    process.send(msg, undefined, {}, () => resolve());
  });
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.env[WORKER_ENV] ?? '{}') as WorkerSettings;
  // Health checks run in the primary only (servers are not probed once per worker); the registry here reads
  // the results it broadcasts.
  const health = new Map<string, boolean>();
  const proxy = await RouteyardProxy.create({
    defaultHost: settings.defaultHost,
    ...(settings.accessLog !== undefined ? { accessLog: settings.accessLog } : {}),
    liveTrace: settings.liveTrace,
    ...(settings.traceToken !== undefined ? { traceToken: settings.traceToken } : {}),
    drainTimeoutMs: settings.drainTimeoutMs,
    defaultCertificate: settings.defaultCertificate,
    healthProber: (t) => Promise.resolve(health.get(t.key) ?? true),
  });
  let stopping = false;
  const stop = async (drainMs: number) => {
    if (stopping) return;
    stopping = true;
    const drained = await proxy.stop(drainMs);
    await send({ t: 'stopped', drained });
    process.exit(0);
  };
  // The primary coordinates stops: a signal sent to the whole process group must not stop workers on their own.
  process.on('SIGTERM', () => undefined);
  process.on('SIGINT', () => undefined);
  // Without a primary there are no configurations and no one to restart us: drain briefly and free the ports.
  process.on('disconnect', () => void stop(ORPHAN_DRAIN_MS));
  process.on('message', (raw: ToWorker) => {
    switch (raw.t) {
      case 'apply':
        void proxy.apply(raw.config).then(
          (result) => send({ t: 'applied', seq: raw.seq, result }),
          (err: Error) =>
            send({
              t: 'applied',
              seq: raw.seq,
              result: { ok: false, version: String(raw.config?.version ?? ''), error: err.message },
            } satisfies { t: 'applied'; seq: number; result: ApplyResult }),
        );
        break;
      case 'health':
        health.set(raw.key, raw.up);
        proxy.setHealth(raw.key, raw.up);
        break;
      case 'query':
        void send({ t: 'reply', id: raw.id, body: answer(proxy, raw.what, raw.arg) });
        break;
      case 'stop':
        void stop(raw.drainMs);
        break;
    }
  });
  await send({ t: 'ready' });
}

function answer(proxy: RouteyardProxy, what: string, arg: string | undefined): unknown {
  if (what === 'metrics') return proxy.metrics.render();
  if (what === 'traces') return proxy.traces?.list() ?? [];
  if (what === 'trace') return arg === undefined ? null : (proxy.traces?.get(arg) ?? null);
  if (what === 'entrypoints') return proxy.addresses();
  const requests = proxy.metrics.entryPointRequests();
  return { pid: process.pid, version: proxy.status().version ?? null, requests };
}

await main();
