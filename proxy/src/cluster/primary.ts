// The cluster primary: owns the configuration source, builds each configuration once, hands it to every worker
// and calls it applied only when all of them serve it. Workers share the listening sockets through node:cluster.
import cluster, { type Worker } from 'node:cluster';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RuntimeConfig } from '../../../core/index.ts';
import { generateDefaultCertificate, type KeyPair } from '../entrypoints/tls.ts';
import { createProber } from '../health/probe.ts';
import { HealthRegistry } from '../health/registry.ts';
import { Metrics } from '../observability/metrics.ts';
import type { ApplyResult } from '../proxy.ts';
import { startSource } from '../run.ts';
import { ClusterAdmin } from './admin.ts';
import {
  type FromWorker,
  type QueryKind,
  type ToWorker,
  WORKER_ENV,
  type WorkerSettings,
} from './messages.ts';
import type { ClusterOptions, RunningCluster, WorkerInfo } from './types.ts';
import { Validator } from './validate.ts';

interface Member {
  worker: Worker;
  live: boolean;
  waiting: Map<string, (msg: FromWorker | undefined) => void>;
}

/** How long the primary waits for a worker to apply a configuration or answer a question. */
const APPLY_TIMEOUT_MS = 30_000;
const QUERY_TIMEOUT_MS = 2_000;

/** The worker script beside this module; it exists in the build only (Node 20 does not run TypeScript). */
function workerScript(): string {
  const path = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (!existsSync(path))
    throw new Error(`--workers needs the built proxy (npm run build:node): ${path} is missing`);
  return path;
}

class ClusterPrimary implements RunningCluster {
  adminAddress: string | undefined;
  readonly metrics = new Metrics();
  restarts = 0;
  private readonly members = new Set<Member>();
  private readonly opts: ClusterOptions;
  private readonly log: (line: string) => void;
  private readonly validator: Validator;
  private readonly prober = createProber();
  readonly health: HealthRegistry;
  private good: RuntimeConfig | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private seq = 0;
  private stopping = false;
  private recentExits: number[] = [];
  private readonly waiters: ((r: ApplyResult) => void)[] = [];
  private stopSource: () => void = () => undefined;
  private admin: ClusterAdmin | undefined;
  appliedAt: string | undefined;
  lastError: string | undefined;

  constructor(opts: ClusterOptions, cert: KeyPair) {
    this.opts = opts;
    this.log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    this.validator = new Validator(cert);
    this.health = new HealthRegistry(this.prober.probe, (target, up) => {
      for (const m of this.members) this.post(m, { t: 'health', key: target.key, up });
    });
    this.metrics.serverStates = () => this.health.serverStates();
    const settings: WorkerSettings = {
      defaultHost: opts.defaultHost ?? '127.0.0.1',
      ...(opts.accessLog !== undefined ? { accessLog: opts.accessLog } : {}),
      liveTrace: opts.liveTrace !== false,
      ...(opts.traceToken ? { traceToken: opts.traceToken } : {}),
      drainTimeoutMs: opts.drainTimeoutMs ?? 10_000,
      defaultCertificate: cert,
    };
    if (opts.scheduling !== undefined)
      cluster.schedulingPolicy = opts.scheduling === 'rr' ? cluster.SCHED_RR : cluster.SCHED_NONE;
    cluster.setupPrimary({
      exec: workerScript(),
      args: [],
      // stdin stays with the primary: in --feed mode its end means the server is gone.
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    } as Parameters<typeof cluster.setupPrimary>[0]);
    this.workerEnv = { [WORKER_ENV]: JSON.stringify(settings) };
  }

  private readonly workerEnv: Record<string, string>;

  async start(): Promise<void> {
    await Promise.all(Array.from({ length: Math.max(1, this.opts.workers) }, () => this.fork()));
    if (this.opts.admin !== undefined) {
      this.admin = new ClusterAdmin(this);
      const a = await this.admin.listen(this.opts.admin);
      this.adminAddress = `${a.address}:${a.port}`;
    }
    this.stopSource = await startSource(this.opts, {
      apply: (config) => this.apply(config),
      refuse: (version, error) => this.report(this.refuse(version, error)),
      log: this.log,
    });
  }

  /** Starts one worker; resolves once it serves the last good configuration (or none yet). */
  private fork(): Promise<void> {
    const worker = cluster.fork(this.workerEnv);
    const member: Member = { worker, live: false, waiting: new Map() };
    this.members.add(member);
    return new Promise((resolve) => {
      worker.on('message', (msg: FromWorker) => {
        if (msg.t === 'ready') {
          // Onboarding waits its turn behind any apply in progress, so the new worker gets the newest good one.
          this.enqueue(async () => {
            if (this.good !== undefined) {
              const r = await this.applyOn(member, this.good);
              if (r !== undefined && !r.ok)
                this.log(`proxy: worker ${worker.process.pid} refused: ${r.error}`);
            }
            for (const s of this.health.snapshot()) this.post(member, { t: 'health', key: s.key, up: s.up });
            member.live = true;
          }).then(resolve, resolve);
          return;
        }
        const key = msg.t === 'applied' ? `a${msg.seq}` : msg.t === 'reply' ? `q${msg.id}` : 'stop';
        member.waiting.get(key)?.(msg);
        member.waiting.delete(key);
      });
      worker.on('exit', (code, signal) => {
        this.members.delete(member);
        for (const w of member.waiting.values()) w(undefined);
        member.waiting.clear();
        resolve();
        if (this.stopping) return;
        this.restarts += 1;
        const now = Date.now();
        this.recentExits = [...this.recentExits.filter((t) => now - t < 10_000), now];
        // A worker that keeps dying is restarted ever more slowly (up to 5 s), never in a tight loop.
        const delay =
          this.recentExits.length <= 1 ? 0 : Math.min(250 * 2 ** (this.recentExits.length - 2), 5_000);
        this.log(
          `proxy: worker ${worker.process.pid} died (${signal ?? `code ${code}`}); restarting in ${delay} ms`,
        );
        setTimeout(() => {
          if (!this.stopping) void this.fork();
        }, delay);
      });
    });
  }

  private post(m: Member, msg: ToWorker): void {
    if (m.worker.isConnected()) m.worker.send(msg);
  }

  private call(m: Member, key: string, msg: ToWorker, timeoutMs: number): Promise<FromWorker | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        m.waiting.delete(key);
        resolve(undefined);
      }, timeoutMs);
      m.waiting.set(key, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      if (!m.worker.isConnected()) m.waiting.get(key)?.(undefined);
      else m.worker.send(msg);
    });
  }

  /** A worker's outcome; undefined when it died or timed out meanwhile. */
  private async applyOn(m: Member, config: RuntimeConfig): Promise<ApplyResult | undefined> {
    const seq = ++this.seq;
    const reply = await this.call(m, `a${seq}`, { t: 'apply', seq, config }, APPLY_TIMEOUT_MS);
    return reply?.t === 'applied' ? reply.result : undefined;
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  apply(config: RuntimeConfig): Promise<ApplyResult> {
    return this.enqueue(() => this.applyNow(config)).then((r) => this.report(r));
  }

  private async applyNow(config: RuntimeConfig): Promise<ApplyResult> {
    const version = String(config?.version ?? '');
    if (this.stopping) return { ok: false, version, error: 'the proxy is stopping' };
    const built = this.validator.check(config);
    if (!built.ok) return this.refuse(version, built.error);
    const members = [...this.members].filter((m) => m.live);
    const results = await Promise.all(members.map((m) => this.applyOn(m, config)));
    const refusal = results.findIndex((r) => r !== undefined && !r.ok);
    if (refusal >= 0) {
      // One worker refused (a port it could not bind): the others go back to the last good configuration, so
      // that every worker serves the same one.
      const good = this.good;
      if (good !== undefined)
        await Promise.all(members.map((m, i) => (results[i]?.ok ? this.applyOn(m, good) : undefined)));
      const r = results[refusal] as { error: string };
      return this.refuse(version, `worker ${members[refusal]?.worker.process.pid}: ${r.error}`);
    }
    this.good = config;
    this.appliedAt = new Date().toISOString();
    this.lastError = undefined;
    this.metrics.reloads += 1;
    this.metrics.lastReloadSuccess = Math.floor(Date.now() / 1000);
    this.health.sync(built.targets);
    return { ok: true, version, warnings: built.warnings };
  }

  private refuse(version: string, error: string): ApplyResult {
    this.lastError = error;
    this.metrics.reloadFailures += 1;
    return { ok: false, version, error };
  }

  private report(r: ApplyResult): ApplyResult {
    if (r.ok) this.log(`proxy: serving configuration ${r.version} on ${this.members.size} workers`);
    else this.log(`proxy: refused configuration ${r.version}: ${r.error}`);
    for (const w of this.waiters.splice(0)) w(r);
    return r;
  }

  version(): string | undefined {
    return this.good === undefined ? undefined : String(this.good.version ?? '');
  }

  /** Asks every live worker; the answers of those that replied in time. */
  async ask(what: QueryKind, arg?: string): Promise<unknown[]> {
    const members = [...this.members].filter((m) => m.live);
    const replies = await Promise.all(
      members.map((m) => {
        const id = ++this.seq;
        return this.call(
          m,
          `q${id}`,
          { t: 'query', id, what, ...(arg !== undefined ? { arg } : {}) },
          QUERY_TIMEOUT_MS,
        );
      }),
    );
    return replies.flatMap((r) => (r?.t === 'reply' ? [r.body] : []));
  }

  async addresses(): Promise<Record<string, string>> {
    return ((await this.ask('entrypoints'))[0] as Record<string, string> | undefined) ?? {};
  }

  async workers(): Promise<WorkerInfo[]> {
    return (await this.ask('status')) as WorkerInfo[];
  }

  nextApply(): Promise<ApplyResult> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async stop(drainTimeoutMs = this.opts.drainTimeoutMs ?? 10_000): Promise<boolean> {
    this.stopping = true;
    this.stopSource();
    this.health.stopAll();
    const outcomes = await Promise.all(
      [...this.members].map(async (m) => {
        const exited = m.worker.isDead()
          ? Promise.resolve()
          : new Promise<void>((resolve) => m.worker.once('exit', () => resolve()));
        const reply = await this.call(
          m,
          'stop',
          { t: 'stop', drainMs: drainTimeoutMs },
          drainTimeoutMs + 5_000,
        );
        // A worker that did not report within its drain bound is cut.
        if (reply === undefined) m.worker.process.kill('SIGKILL');
        await exited;
        return reply?.t === 'stopped' && reply.drained;
      }),
    );
    await this.admin?.close();
    await Promise.all([this.validator.close(), this.prober.close()]);
    return outcomes.every(Boolean);
  }
}

/** Starts the primary, its workers, its admin listener and its configuration source. */
export async function runCluster(opts: ClusterOptions): Promise<RunningCluster> {
  const cert = opts.defaultCertificate ?? (await generateDefaultCertificate());
  const primary = new ClusterPrimary(opts, cert);
  await primary.start();
  return primary;
}

export type { ClusterPrimary };
