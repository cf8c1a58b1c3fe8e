/**
 * Check many targets with bounded concurrency; results come back in input order. Progress is
 * reported through an observer so the core never touches the terminal.
 */
import type { DomainResult } from '../model/report.js';
import { checkDomain } from './check-domain.js';
import type { RunContext } from './context.js';

export interface ProgressObserver {
  started?(input: string): void;
  finished?(result: DomainResult, done: number, total: number): void;
}

export async function checkAll(inputs: string[], ctx: RunContext, concurrency: number, observer: ProgressObserver = {}): Promise<DomainResult[]> {
  const results: DomainResult[] = new Array(inputs.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const index = next++;
      const input = inputs[index] as string;
      observer.started?.(input);
      results[index] = await checkDomain(input, ctx);
      done += 1;
      observer.finished?.(results[index] as DomainResult, done, inputs.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, inputs.length)) }, worker));
  return results;
}
