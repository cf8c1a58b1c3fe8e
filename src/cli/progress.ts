/**
 * Progress on stderr with ora: on a terminal only (never in CI logs or pipes), for the table or
 * when the report goes to --output. Shows done / total, the rate, and the domain waited on
 * longest — usually a slow or tarpitting server.
 */
import ora from 'ora';
import type { Target } from '../model/target.js';
import type { ProgressObserver } from '../run/batch.js';
import { sanitize } from '../render/sanitize.js';
import type { Io } from './io.js';

export interface Progress {
  observer: ProgressObserver;
  /** A remark for the user (input warnings); printed above the spinner, or plainly without one. */
  warn(text: string): void;
  stop(): void;
}

export function createProgress(io: Io, total: number, wanted: boolean): Progress {
  const warn = (text: string) => io.stderr.write(`tlscheck: ${sanitize(text, 500)}\n`);
  if (!wanted || io.stderr.isTTY !== true || io.env.CI) return { observer: {}, warn, stop: () => undefined };
  // discardStdin would put the terminal in raw mode: Ctrl-C, Ctrl-Z and Ctrl-\ would be
  // keystrokes instead of signals, and nothing reads them.
  const spinner = ora({
    text: `checking ${total} domain${total === 1 ? '' : 's'}…`,
    stream: io.stderr as NodeJS.WriteStream,
    discardStdin: false,
  }).start();
  const started = Date.now();
  const inFlight = new Map<Target, number>();
  let done = 0;
  const refresh = () => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? (done / seconds).toFixed(1) : '0';
    const [slowest, since] = [...inFlight.entries()].sort((a, b) => a[1] - b[1])[0] ?? [];
    const waiting =
      slowest && since !== undefined
        ? ` · slowest: ${sanitize(slowest.domain ?? slowest.input, 60)} (${Math.round((Date.now() - since) / 1000)} s)`
        : '';
    spinner.text = `${done}/${total} checked · ${rate}/s${waiting}`;
  };
  const timer = setInterval(refresh, 1000);
  timer.unref();
  return {
    observer: {
      started: (target) => inFlight.set(target, Date.now()),
      finished: (result, count) => {
        done = count;
        for (const [target] of inFlight) if (target.input === result.input) inFlight.delete(target);
        refresh();
      },
    },
    warn: (text) => {
      spinner.clear();
      warn(text);
      spinner.render();
    },
    stop: () => {
      clearInterval(timer);
      spinner.stop();
    },
  };
}
