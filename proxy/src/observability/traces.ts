import { randomBytes, timingSafeEqual } from 'node:crypto';

/** One recorded step of a live trace: what the proxy did, in order. */
export type TraceStep = { step: string } & Record<string, unknown>;

/** A real request recorded step by step (entrypoint, router, middlewares, service picks, upstream, answer). */
export interface TraceRecord {
  id: string;
  time: string;
  configVersion: string;
  request: { method: string; url: string; headers: Record<string, string | string[]>; remoteAddr: string };
  steps: TraceStep[];
  status?: number;
  durationMs?: number;
}

/** Keeps the last `capacity` traces for the admin API. */
export class TraceStore {
  private readonly records: TraceRecord[] = [];
  private readonly capacity: number;

  constructor(capacity = 100) {
    this.capacity = capacity;
  }

  start(configVersion: string, request: TraceRecord['request']): TraceRecord {
    const record: TraceRecord = {
      id: randomBytes(8).toString('hex'),
      time: new Date().toISOString(),
      configVersion,
      request,
      steps: [],
    };
    this.records.push(record);
    if (this.records.length > this.capacity) this.records.shift();
    return record;
  }

  list(): TraceRecord[] {
    return [...this.records].reverse();
  }

  get(id: string): TraceRecord | undefined {
    return this.records.find((r) => r.id === id);
  }
}

/** True for a loopback peer address (`127.x`, `::1`, `::ffff:127.x`). */
export function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1' || ip.startsWith('::ffff:127.');
}

/** The header that carries the trace token, for a traced request from another host. */
export const TRACE_TOKEN_HEADER = 'x-routeyard-trace-token';

/**
 * Whether a request asking for a live trace gets one: from loopback always; from elsewhere only with the token
 * configured (`ROUTEYARD_TRACE_TOKEN`), compared in constant time so its bytes cannot be guessed one by one.
 */
export function traceAllowed(
  clientIP: string,
  presented: string | string[] | undefined,
  token: Buffer | undefined,
): boolean {
  if (isLoopback(clientIP)) return true;
  if (token === undefined || typeof presented !== 'string') return false;
  const given = Buffer.from(presented);
  return given.length === token.length && timingSafeEqual(given, token);
}
