/**
 * Serializes async work per key (one file = one key): two writers of the same file run one after the other, so
 * the second sees the first's result and its stale resourceVersion is refused.
 */
export class KeyLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const result = prev.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      // The last holder cleans up, so the map does not grow with every file ever written.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
