import { type ChildProcess, spawn } from 'node:child_process';
import type { ProxyLink } from './proxy-link.ts';

export interface SupervisorOptions {
  /** The executable and its arguments (the feed URL and admin address already in them). */
  command: string;
  args: string[];
  link: ProxyLink;
  /** Where the child's output lines go, prefixed. Default: stderr. */
  log?: (line: string) => void;
  /** First restart delay; doubles per quick failure up to `maxBackoffMs`. Default: 250 ms. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A child that ran this long is healthy again: the next restart starts over at the first delay. */
  stableAfterMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL. Default: 3 s. */
  killAfterMs?: number;
}

/**
 * Runs the bundled proxy as a child process: a fresh feed token per start (in `ROUTEYARD_FEED_TOKEN`), restarts
 * with exponential backoff when it dies, and keeps the proxy link's process state current for status and events.
 */
export class ProxySupervisor {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restarts = 0;
  private backoff: number;
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private lastLine = '';

  constructor(private readonly opts: SupervisorOptions) {
    this.backoff = opts.initialBackoffMs ?? 250;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    this.stopping = false;
    this.spawnChild();
  }

  private spawnChild(): void {
    const { link } = this.opts;
    const token = link.rotateToken();
    const child = spawn(this.opts.command, this.opts.args, {
      env: { ...process.env, ROUTEYARD_FEED_TOKEN: token },
      // stdin stays an open pipe that is never written: it closes only when this process dies, even by SIGKILL,
      // so the child can exit then instead of holding the entrypoint ports as an orphan.
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    this.startedAt = performance.now();
    const log = this.opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          if (line.trim() !== '') this.lastLine = line;
          log(`[proxy] ${line}`);
        }
      });
    }
    child.once('spawn', () =>
      link.setProcess({ state: 'running', pid: child.pid ?? 0, restarts: this.restarts }),
    );
    child.once('error', (err) => {
      this.lastLine = err.message;
    });
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = undefined;
    const why = `the proxy exited (${signal ?? `code ${code}`})${this.lastLine === '' ? '' : `: ${this.lastLine}`}`;
    if (this.stopping) {
      this.opts.link.setProcess({ state: 'stopped', restarts: this.restarts, lastExit: why });
      return;
    }
    const ranFor = performance.now() - this.startedAt;
    if (ranFor >= (this.opts.stableAfterMs ?? 10_000)) this.backoff = this.opts.initialBackoffMs ?? 250;
    const delay = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.opts.maxBackoffMs ?? 10_000);
    this.restarts++;
    this.opts.link.setProcess({ state: 'restarting', restarts: this.restarts, lastExit: why });
    (this.opts.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(`${why}; restarting in ${delay} ms`);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopping) this.spawnChild();
    }, delay);
  }

  /** Stops the child (SIGTERM, then SIGKILL) and stops restarting it. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const child = this.child;
    if (child === undefined || child.exitCode !== null) {
      this.opts.link.setProcess({ state: 'stopped', restarts: this.restarts });
      return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.opts.killAfterMs ?? 3000);
    await exited;
    clearTimeout(timer);
  }
}
