import { request } from 'undici';
import type { RuntimeConfig } from '../../../core/index.ts';

/** One `event: config` of the server's feed. */
export interface FeedMessage {
  version: string;
  config: RuntimeConfig;
}

/** Splits a Server-Sent Events byte stream into events (`event:` and `data:` lines, a blank line ends one). */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];

  /** Feeds text; returns the events it completed. */
  push(text: string): { event: string; data: string }[] {
    this.buffer += text;
    const out: { event: string; data: string }[] = [];
    for (;;) {
      const nl = this.buffer.indexOf('\n');
      if (nl < 0) break;
      let line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line === '') {
        if (this.data.length > 0) out.push({ event: this.event || 'message', data: this.data.join('\n') });
        this.event = '';
        this.data = [];
      } else if (line.startsWith(':')) {
        // A comment (keep-alive).
      } else {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'event') this.event = value;
        else if (field === 'data') this.data.push(value);
      }
    }
    return out;
  }
}

export interface FeedClientOptions {
  url: string;
  token: string;
  onConfig: (msg: FeedMessage) => Promise<{ ok: boolean; error?: string }>;
  log: (line: string) => void;
}

/**
 * Follows the server's configuration feed (SSE) and reports each outcome with `POST <feed>/../report`.
 * Reconnects with a growing delay (0.25s to 5s) until stopped.
 */
export class FeedClient {
  private readonly opts: FeedClientOptions;
  private stopped = false;
  private abort: AbortController | undefined;

  constructor(opts: FeedClientOptions) {
    this.opts = opts;
  }

  reportUrl(): string {
    // The report endpoint sits beside the feed: /api/v1/proxy/feed → /api/v1/proxy/report.
    return new URL('report', this.opts.url).toString();
  }

  async report(body: { version: string; state: 'applied' | 'failed'; error?: string }): Promise<void> {
    try {
      const res = await request(this.reportUrl(), {
        method: 'POST',
        headers: { authorization: `Bearer ${this.opts.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        headersTimeout: 5_000,
        bodyTimeout: 5_000,
      });
      await res.body.dump();
    } catch (err) {
      this.opts.log(`feed: report failed: ${(err as Error).message}`);
    }
  }

  async run(): Promise<void> {
    let delay = 250;
    while (!this.stopped) {
      try {
        await this.follow();
        delay = 250;
      } catch (err) {
        if (this.stopped) break;
        this.opts.log(`feed: ${(err as Error).message}; reconnecting in ${delay} ms`);
      }
      if (this.stopped) break;
      await new Promise((r) => setTimeout(r, delay).unref());
      delay = Math.min(delay * 2, 5_000);
    }
  }

  private async follow(): Promise<void> {
    this.abort = new AbortController();
    const res = await request(this.opts.url, {
      headers: { authorization: `Bearer ${this.opts.token}`, accept: 'text/event-stream' },
      signal: this.abort.signal,
      bodyTimeout: 0,
    });
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new Error(`feed answered ${res.statusCode}`);
    }
    const parser = new SseParser();
    res.body.setEncoding('utf8');
    // Configurations are applied in order; a newer one waits for the one being applied.
    let chain = Promise.resolve();
    for await (const chunk of res.body) {
      for (const ev of parser.push(chunk as string)) {
        if (ev.event !== 'config') continue;
        chain = chain.then(() => this.handle(ev.data));
      }
    }
    await chain;
    throw new Error('feed closed');
  }

  private async handle(data: string): Promise<void> {
    let msg: FeedMessage;
    try {
      msg = JSON.parse(data) as FeedMessage;
    } catch (err) {
      this.opts.log(`feed: invalid config event: ${(err as Error).message}`);
      return;
    }
    const result = await this.opts.onConfig(msg);
    await this.report(
      result.ok
        ? { version: msg.version, state: 'applied' }
        : { version: msg.version, state: 'failed', error: result.error ?? 'unknown error' },
    );
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
  }
}
