import { createWriteStream, type WriteStream } from 'node:fs';

/** Flush when this many bytes are waiting, or on the next timer tick. */
const FLUSH_BYTES = 64 * 1024;
const FLUSH_MS = 100;

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
 * JSON-lines access log written in batches: a request appends a string, a timer (or a full buffer) writes them
 * in one call, so logging costs no syscall per request.
 */
export class AccessLog {
  private readonly out: NodeJS.WritableStream;
  private readonly owned: WriteStream | undefined;
  private buffer: string[] = [];
  private bytes = 0;
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

  write(entry: AccessLogEntry): void {
    const line = formatEntry(entry);
    this.buffer.push(line);
    this.bytes += line.length;
    if (this.bytes >= FLUSH_BYTES) this.flush();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    const text = this.buffer.join('');
    this.buffer = [];
    this.bytes = 0;
    this.out.write(text);
  }

  async close(): Promise<void> {
    this.flush();
    if (this.owned !== undefined) await new Promise<void>((r) => this.owned?.end(r));
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON escapes control characters, so they must be found.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029]/;

function q(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/**
 * The entry as one JSON line, built by hand: the same text as `JSON.stringify(entry)` (fields in the same order)
 * without walking the object; strings are escaped only when they need it.
 */
export function formatEntry(e: AccessLogEntry): string {
  return `{"time":"${e.time}","entryPoint":${q(e.entryPoint)},"router":${q(e.router)},"service":${q(e.service)},"upstream":${q(e.upstream)},"clientIP":${q(e.clientIP)},"method":${q(e.method)},"host":${q(e.host)},"path":${q(e.path)},"protocol":${q(e.protocol)},"status":${e.status},"durationMs":${e.durationMs},"configVersion":${q(e.configVersion)}}\n`;
}
