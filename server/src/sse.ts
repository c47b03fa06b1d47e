import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';

/** One open Server-Sent Events stream. */
export interface SseStream {
  send(event: string, data: unknown): void;
  onClose(fn: () => void): void;
}

const HEARTBEAT_MS = 15_000;

/**
 * Turns a reply into an SSE stream: headers, a heartbeat comment (so proxies and browsers keep it open), and
 * cleanup when either side closes. The app ends every open stream when it closes.
 */
export function openSse(registry: SseRegistry, reply: FastifyReply): SseStream {
  reply.hijack();
  const res: ServerResponse = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-content-type-options': 'nosniff',
    'x-accel-buffering': 'no',
  });
  res.write(': routeyard\n\n');
  const closers: (() => void)[] = [];
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const fn of closers) fn();
    open.delete(end);
  };
  const end = () => {
    close();
    res.end();
  };
  const open = registry.streams;
  open.add(end);
  res.on('close', close);
  return {
    send(event, data) {
      if (!closed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    onClose(fn) {
      closers.push(fn);
    },
  };
}

/** The open streams, so closing the server can end them (an SSE response never ends by itself). */
export class SseRegistry {
  readonly streams = new Set<() => void>();

  closeAll(): void {
    for (const end of [...this.streams]) end();
  }
}
