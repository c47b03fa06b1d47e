import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

/** A child process run in its own process group, with its output kept for failure messages. */
export interface Managed {
  name: string;
  child: ChildProcess;
  /** Output lines, prefixed with the stream; the last ones go into error messages. */
  output: string[];
  exited: Promise<void>;
}

const OUTPUT_LINES_KEPT = 400;

/** A port free on 127.0.0.1 right now (listen on port 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `node <args>` detached, i.e. as the leader of a new process group, so stopping reaches its children too. */
export function startManaged(
  name: string,
  args: string[],
  cwd: string,
  onLine?: (line: string) => void,
): Managed {
  const child = spawn(process.execPath, args, { cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (stream: string) => (line: string) => {
    output.push(`${stream}: ${line}`);
    if (output.length > OUTPUT_LINES_KEPT) output.shift();
    onLine?.(line);
  };
  createInterface({ input: child.stdout }).on('line', keep('out'));
  createInterface({ input: child.stderr }).on('line', keep('err'));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      output.push(`exit: ${signal ?? `code ${code}`}`);
      resolve();
    });
    child.once('error', (err) => {
      output.push(`error: ${err.message}`);
      resolve();
    });
  });
  return { name, child, output, exited };
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** SIGTERM to the process group, then SIGKILL to whatever is left after the grace period; bounded. */
export async function stopManaged(managed: Managed, graceMs = 5_000): Promise<void> {
  const pid = managed.child.pid;
  if (pid === undefined) return;
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && groupAlive(pid)) await sleep(25);
  if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
  await managed.exited;
}

/** The last output lines of a process, for an error message. */
export function tail(managed: Managed, lines = 40): string {
  return managed.output.slice(-lines).join('\n');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `check` until it returns something other than undefined, at most `timeoutMs`. Throws with the last
 * error seen, so a stack that never comes up says why.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(50);
  }
  throw new Error(`${what}: not reached within ${timeoutMs} ms (last: ${last})`);
}
