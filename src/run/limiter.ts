/**
 * A counting semaphore per key: at most `limit` tasks per key run at once, the rest wait in
 * arrival order. Keys with nothing running or waiting are forgotten, so memory follows the
 * number of busy keys, not of keys ever seen.
 */
export class KeyedLimiter {
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(private readonly limit: number) {}

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    await this.acquire(key);
    try {
      return await task();
    } finally {
      this.release(key);
    }
  }

  private acquire(key: string): Promise<void> {
    const busy = this.running.get(key) ?? 0;
    if (busy < this.limit) {
      this.running.set(key, busy + 1);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.waiting.get(key) ?? [];
      queue.push(resolve);
      this.waiting.set(key, queue);
    });
  }

  private release(key: string): void {
    const queue = this.waiting.get(key);
    const next = queue?.shift();
    if (next) {
      // The slot passes straight to the next waiter: the running count stays the same.
      if (queue && queue.length === 0) this.waiting.delete(key);
      next();
      return;
    }
    const busy = (this.running.get(key) ?? 1) - 1;
    if (busy <= 0) this.running.delete(key);
    else this.running.set(key, busy);
  }
}
