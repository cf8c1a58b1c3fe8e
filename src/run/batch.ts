/**
 * Check many targets with bounded concurrency. Results are handed to `onResult` as each one
 * completes (ndjson streams them) and returned in input order, unless `keepResults` is false (a
 * streamed run: each result is dropped once handed over, so memory does not grow with N). On abort (Ctrl-C) no new target
 * starts, results that complete afterwards are not trusted (their probes were cut short), and
 * the count of targets not checked is returned. The core never touches the terminal: progress
 * goes to an observer.
 */
import type { DomainResult } from '../model/report.js';
import type { Target } from '../model/target.js';
import { checkDomain } from './check-domain.js';
import type { RunContext } from './run-context.js';

export interface ProgressObserver {
  started?(target: Target): void;
  finished?(result: DomainResult, done: number, total: number): void;
}

export interface BatchOptions {
  /** Domains in flight at once. */
  concurrency: number;
  signal?: AbortSignal;
  observer?: ProgressObserver;
  /** Called once per completed target, in completion order. */
  onResult?: (result: DomainResult, index: number) => void;
  /** Return the results (default true); false when `onResult` is all the caller needs. */
  keepResults?: boolean;
}

export interface BatchOutcome {
  /** In input order; only the targets that were checked. Empty when `keepResults` is false. */
  results: DomainResult[];
  /** Targets checked. */
  checked: number;
  /** Targets not checked because the run was aborted. */
  notChecked: number;
}

export async function runBatch(targets: readonly Target[], ctx: RunContext, options: BatchOptions): Promise<BatchOutcome> {
  const keep = options.keepResults ?? true;
  const slots: Array<DomainResult | undefined> = keep ? new Array(targets.length) : [];
  const { signal, observer, onResult } = options;
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < targets.length && !signal?.aborted) {
      const index = next++;
      const target = targets[index] as Target;
      observer?.started?.(target);
      const result = await checkDomain(target, ctx);
      if (signal?.aborted) return;
      if (keep) slots[index] = result;
      done += 1;
      onResult?.(result, index);
      observer?.finished?.(result, done, targets.length);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency, targets.length)) }, worker);
  await Promise.race([Promise.all(workers), aborted(signal)]);
  const results = slots.filter((slot): slot is DomainResult => slot !== undefined);
  // A result that completes after the abort is neither kept nor counted in `done`.
  return { results, checked: done, notChecked: targets.length - done };
}

/** Settles when the signal aborts (never, without one). */
function aborted(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
