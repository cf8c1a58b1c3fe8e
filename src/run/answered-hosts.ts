/**
 * The MX hosts (with port) of which some address answered SMTP in this run, and a wake-up for
 * back-offs waiting on one (polite-probe.ts: a refused address is not retried once its host has
 * answered). Bounded: the `capacity` hosts that answered most recently are remembered, the others
 * forgotten, so a run of 100,000 domains with their own MX hosts does not keep 100,000 names.
 * Forgetting a host costs at most a retry that was not needed (its refused address is tried again
 * after a back-off); a host with back-offs waiting on it has not answered yet, so waiters are never
 * among what is evicted, and they are forgotten once woken or done.
 */
export class AnsweredHosts {
  /** Least recently answered first (a Set iterates in insertion order). */
  private readonly answered = new Set<string>();
  private readonly waiting = new Map<string, Set<() => void>>();

  constructor(private readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error(`AnsweredHosts: capacity ${capacity} must be 1 or more`);
  }

  has(host: string): boolean {
    return this.answered.has(host);
  }

  /** Hosts remembered (never more than the capacity). */
  get size(): number {
    return this.answered.size;
  }

  add(host: string): void {
    // Answering again makes it the most recent.
    if (this.answered.delete(host)) {
      this.answered.add(host);
      return;
    }
    this.answered.add(host);
    if (this.answered.size > this.capacity) this.answered.delete(this.answered.values().next().value as string);
    const wakers = this.waiting.get(host);
    this.waiting.delete(host);
    wakers?.forEach((wake) => wake());
  }

  /** Calls `wake` once the host has answered (at once if it has); returns the unregistration. */
  onAnswer(host: string, wake: () => void): () => void {
    if (this.answered.has(host)) {
      wake();
      return () => {};
    }
    const wakers = this.waiting.get(host) ?? new Set();
    wakers.add(wake);
    this.waiting.set(host, wakers);
    return () => {
      wakers.delete(wake);
      if (wakers.size === 0 && this.waiting.get(host) === wakers) this.waiting.delete(host);
    };
  }
}
