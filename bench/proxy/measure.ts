// Measuring helpers of bench/proxy: free ports, a process tree's CPU time, wrk runs pinned to the load CPU.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The CPU wrk and the backends run on; the proxies get the other one. */
export const LOAD_CPU = '1';

/** A port free right now on 127.0.0.1 (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Every process's user + system ticks and parent, read from /proc. */
export type ProcessTable = Map<number, { ppid: number; ticks: number }>;

export function processTable(): ProcessTable {
  const table: ProcessTable = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended meanwhile.
    }
  }
  return table;
}

/** `pid` and its descendants in a process table. */
export function processTree(table: ProcessTable, pid: number): Set<number> {
  const tree = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [p, { ppid }] of table)
      if (!tree.has(p) && tree.has(ppid)) {
        tree.add(p);
        grew = true;
      }
  }
  return tree;
}

/** User + system CPU of `pid` and its descendants, in clock ticks. */
export function cpuTicks(pid: number): number {
  const table = processTable();
  let total = 0;
  for (const p of processTree(table, pid)) total += table.get(p)?.ticks ?? 0;
  return total;
}

/**
 * CPU ticks that processes other than `excluded` (and their descendants) used between two tables: what else ran
 * during a measurement. Processes that started and ended between the two are not seen.
 */
export function otherTicks(before: ProcessTable, after: ProcessTable, excluded: number[]): number {
  const skip = new Set<number>();
  for (const pid of excluded) for (const p of processTree(after, pid)) skip.add(p);
  let total = 0;
  for (const [pid, { ticks }] of after) if (!skip.has(pid)) total += ticks - (before.get(pid)?.ticks ?? 0);
  return total;
}

export const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim() || 100);

export interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}

function toMs(v: string): number {
  const m = /([\d.]+)(us|ms|s)/.exec(v);
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 's' ? n * 1000 : n;
}

export function wrk(url: string, connections: number, seconds: number): WrkResult {
  const r = spawnSync(
    'taskset',
    [
      '-c',
      LOAD_CPU,
      'wrk',
      '-t1',
      `-c${connections}`,
      `-d${seconds}s`,
      '--latency',
      '-H',
      'Host: a.example.com',
      url,
    ],
    { timeout: (seconds + 30) * 1000 },
  );
  const out = r.stdout.toString();
  if (process.env.BENCH_VERBOSE) process.stdout.write(`${url} c=${connections}\n${out}\n`);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const p50 = toMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? '');
  const p99 = toMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? '');
  const errors =
    Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) +
    [...out.matchAll(/(?:connect|read|write|timeout) (\d+)/g)].reduce((s, m) => s + Number(m[1]), 0);
  return { rps, p50, p99, errors, requests };
}
