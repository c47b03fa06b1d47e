/** The change feed's events, as the SSE route sends them (contracts.md). */
export type FeedEvent =
  | { type: 'resources'; data: { version: string; changed: string[] } }
  | { type: 'config'; data: { version: string } }
  | { type: 'proxy'; data: { state: ProxyState; version: string | null; error?: string } };

export type ProxyState = 'applied' | 'pending' | 'failed' | 'stopped';

/** A small typed fan-out: listeners that throw do not stop the others. */
export class EventBus {
  private readonly listeners = new Set<(e: FeedEvent) => void>();

  subscribe(listener: (e: FeedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: FeedEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // One broken subscriber (a closed socket) must not starve the rest.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
