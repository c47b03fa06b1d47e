/** The change feed's events, as the SSE route sends them (docs/contracts.md). */
export type FeedEvent =
  | { type: 'resources'; data: { version: string; changed: string[] } }
  | { type: 'config'; data: { version: string } }
  | { type: 'proxy'; data: { state: ProxyState; version: string | null; error?: string } };

export type ProxyState = 'applied' | 'pending' | 'failed' | 'stopped';

/**
 * A small typed fan-out. Events published while another is being delivered (a listener reacting to `config` by
 * publishing `proxy`) are queued, so every listener sees events in publishing order. Listeners that throw do not
 * stop the others.
 */
export class EventBus {
  private readonly listeners = new Set<(e: FeedEvent) => void>();
  private readonly queue: FeedEvent[] = [];
  private delivering = false;

  subscribe(listener: (e: FeedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: FeedEvent): void {
    this.queue.push(event);
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
        for (const l of [...this.listeners]) {
          try {
            l(next);
          } catch {
            // One broken subscriber (a closed socket) must not starve the rest.
          }
        }
      }
    } finally {
      this.delivering = false;
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
