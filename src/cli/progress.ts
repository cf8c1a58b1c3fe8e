/** Progress on stderr with ora: on a terminal only, and only for human output. */
import ora from 'ora';
import type { ProgressObserver } from '../run/check-all.js';
import type { Io } from './io.js';

export interface Progress {
  observer: ProgressObserver;
  stop(): void;
}

export function createProgress(io: Io, total: number, human: boolean): Progress {
  if (!human || io.stderr.isTTY !== true || io.env.CI) return { observer: {}, stop: () => undefined };
  const spinner = ora({ text: `checking ${total} domain${total === 1 ? '' : 's'}…`, stream: io.stderr }).start();
  const pending = new Set<string>();
  return {
    observer: {
      started: (input) => pending.add(input),
      finished: (result, done) => {
        pending.delete(result.input);
        const waiting = pending.values().next().value;
        spinner.text = `${done}/${total} checked${waiting ? ` · waiting for ${waiting}` : ''}`;
      },
    },
    stop: () => spinner.stop(),
  };
}
