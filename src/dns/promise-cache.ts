/**
 * A cache of promises with a bound on what it remembers: a question still pending is always kept
 * (every caller asking it meanwhile shares the one answer, which is what saves the packets and
 * the connections), and of the settled answers the `capacity` most recently used are kept, the
 * least recently used evicted first. So a run remembers the hosts it is busy with and the ones it
 * keeps meeting (a provider's MX host, shared by thousands of domains), and its memory no longer
 * grows with the number of domains. Used for the DNS answers (resolver.ts) and the probes
 * (run/probe-cache.ts).
 */
export class PromiseCache<T> {
  private readonly pending = new Map<string, Promise<T>>();
  /** Settled answers, least recently used first (a Map iterates in insertion order). */
  private readonly settled = new Map<string, Promise<T>>();

  constructor(private readonly capacity: number) {
    if (!(capacity >= 0)) throw new Error(`PromiseCache: capacity ${capacity} must be 0 or more`);
  }

  /** The cached promise of `key`, or a new one from `make` (which must not throw: its failures belong in the promise). */
  get(key: string, make: () => Promise<T>): Promise<T> {
    const known = this.pending.get(key) ?? this.touch(key);
    if (known) return known;
    const promise = make();
    this.pending.set(key, promise);
    const settle = (): void => {
      if (this.pending.get(key) !== promise) return;
      this.pending.delete(key);
      this.remember(key, promise);
    };
    promise.then(settle, settle);
    return promise;
  }

  /** Questions pending, and answers remembered. */
  get size(): { pending: number; settled: number } {
    return { pending: this.pending.size, settled: this.settled.size };
  }

  private touch(key: string): Promise<T> | undefined {
    const known = this.settled.get(key);
    if (known === undefined) return undefined;
    // Most recently used goes last, so eviction takes the least recently used first.
    this.settled.delete(key);
    this.settled.set(key, known);
    return known;
  }

  private remember(key: string, promise: Promise<T>): void {
    if (this.capacity === 0) return;
    this.settled.set(key, promise);
    if (this.settled.size > this.capacity) this.settled.delete(this.settled.keys().next().value as string);
  }
}
