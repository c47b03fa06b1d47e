import { createWriteStream, type WriteStream } from 'node:fs';

/** Lines are encoded into a buffer of this size, written when full or on the next timer tick. */
const BUFFER_BYTES = 256 * 1024;
const FLUSH_MS = 100;
/** Written buffers kept for reuse. */
const MAX_SPARE = 2;
/** A line longer than this goes out on its own. */
const MAX_LINE_BYTES = 16 * 1024;

/** One access log line (JSON), named as Traefik's JSON access log fields where they exist. */
export interface AccessLogEntry {
  time: string;
  entryPoint: string;
  router: string;
  service: string;
  upstream: string;
  clientIP: string;
  method: string;
  host: string;
  path: string;
  protocol: string;
  status: number;
  durationMs: number;
  configVersion: string;
}

/**
 * JSON-lines access log written in batches: a request encodes its line into a shared buffer, and a timer (or a
 * full buffer) writes it in one call, so logging costs no syscall per request.
 */
export class AccessLog {
  private readonly out: NodeJS.WritableStream;
  private readonly owned: WriteStream | undefined;
  private buffer: Buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  /**
   * Buffers whose write completed, reused: a fresh 256 KiB buffer per flush is external memory that V8 counts
   * towards its collection heuristics, about 20 a second at full load.
   */
  private readonly spare: Buffer[] = [];
  private used = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastMs = 0;
  private lastIso = '';

  /** The current time in ISO 8601, formatted once per millisecond. */
  now(): string {
    const ms = Date.now();
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.lastIso = new Date(ms).toISOString();
    }
    return this.lastIso;
  }

  /** `target`: a file path, or `-` for stdout. */
  constructor(target: string) {
    if (target === '-') this.out = process.stdout;
    else {
      this.owned = createWriteStream(target, { flags: 'a' });
      this.out = this.owned;
    }
  }

  /**
   * Encodes the line into the current buffer at once, so that no string outlives its request: strings held
   * until a flush would survive young-generation collections and load the old generation instead.
   */
  write(entry: AccessLogEntry): void {
    const line = formatEntry(entry);
    if (line.length * 3 > MAX_LINE_BYTES) {
      this.flush();
      this.out.write(line);
      return;
    }
    if (this.used + line.length * 3 > BUFFER_BYTES) this.flush();
    this.used += this.buffer.write(line, this.used);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.used === 0) return;
    // The stream owns the filled buffer until its write completes; the next lines go to a spare one.
    const full = this.buffer;
    this.buffer = this.spare.pop() ?? Buffer.allocUnsafe(BUFFER_BYTES);
    const filled = full.subarray(0, this.used);
    this.used = 0;
    this.out.write(filled, (err) => {
      if (err == null && this.spare.length < MAX_SPARE) this.spare.push(full);
    });
  }

  async close(): Promise<void> {
    this.flush();
    if (this.owned !== undefined) await new Promise<void>((r) => this.owned?.end(r));
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON escapes control characters, so they must be found.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029]/;

/** A string's JSON form without its quotes; the string itself (no new string) when nothing needs escaping. */
function esc(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value).slice(1, -1) : value;
}

/**
 * The entry as one JSON line, built by hand: the same text as `JSON.stringify(entry)` (fields in the same order)
 * without walking the object. The quotes sit in the template, so a value that needs no escaping adds no string of
 * its own: this runs once per request.
 */
export function formatEntry(e: AccessLogEntry): string {
  return `{"time":"${e.time}","entryPoint":"${esc(e.entryPoint)}","router":"${esc(e.router)}","service":"${esc(e.service)}","upstream":"${esc(e.upstream)}","clientIP":"${esc(e.clientIP)}","method":"${esc(e.method)}","host":"${esc(e.host)}","path":"${esc(e.path)}","protocol":"${esc(e.protocol)}","status":${e.status},"durationMs":${e.durationMs},"configVersion":"${esc(e.configVersion)}"}\n`;
}
