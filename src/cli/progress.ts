/**
 * Progress on stderr: on a terminal only (never in CI logs or pipes), for the table or when the
 * report goes to --output. Shows done / total, the rate, and the domain waited on longest —
 * usually a slow or tarpitting server.
 *
 * A window at least MIN_SPINNER_COLUMNS wide gets an ora spinner on one line; a narrower one,
 * or a terminal that reports 0 columns (`script`, `docker run -t` without a terminal around it,
 * some CI agents), gets a plain line now and then. The choice is made again on every resize.
 * ora is loaded only here, once a terminal is seen (its spinners and Intl.Segmenter cost a
 * one-domain run in a pipe ~10 ms of start-up): the spinner appears when it has loaded.
 */
import type { Options as OraOptions, Ora } from 'ora';
import type { DnsServerActivity } from '../model/observation.js';
import type { Target } from '../model/target.js';
import type { ProgressObserver } from '../run/batch.js';
import { sanitize } from '../text/sanitize.js';
import { formatCount } from '../text/words.js';
import { say, type Io } from './io.js';

export interface Progress {
  observer: ProgressObserver;
  /** A remark for the user (input warnings); printed above the spinner, or plainly without one. */
  warn(text: string): void;
  stop(): void;
  /** The closing line of the display (the achieved rate); only where the display was shown. */
  final(text: string): void;
}

/** Narrower than this, one status line does not fit and a redrawn spinner would smear the screen. */
export const MIN_SPINNER_COLUMNS = 20;
/** Without a spinner, a status line this often: a log, not an animation. */
const PLAIN_EVERY_MS = 10_000;

type Terminal = NodeJS.WriteStream;

export function createProgress(io: Io, total: number, wanted: boolean): Progress {
  const warn = (text: string) => say(io, sanitize(text, 500));
  if (!wanted || io.stderr.isTTY !== true || io.env.CI) return { observer: {}, warn, stop: () => undefined, final: () => undefined };
  const terminal = io.stderr as Terminal;
  const status = statusLine(total);
  let spinner: Ora | null = null;
  let makeSpinner: ((options: OraOptions) => Ora) | null = null;
  let stopped = false;
  let lastPlainLine = 0;
  const show = () => {
    // A tty.WriteStream says 0 when the terminal does not know its size.
    const columns = terminal.columns ?? 0;
    if (columns >= MIN_SPINNER_COLUMNS) {
      const text = fit(status.text(), columns - 3);
      // discardStdin would put the terminal in raw mode: Ctrl-C, Ctrl-Z and Ctrl-\ would be
      // keystrokes instead of signals, and nothing reads them.
      if (spinner) spinner.text = text;
      else if (makeSpinner) spinner = makeSpinner({ text, stream: terminal, discardStdin: false }).start();
      return;
    }
    // ora counts the lines to erase as width / columns: 0 columns is an endless erase loop.
    // Stopping here, inside the resize event, comes before its next frame.
    spinner?.stop();
    spinner = null;
    if (Date.now() - lastPlainLine >= PLAIN_EVERY_MS) {
      lastPlainLine = Date.now();
      warn(status.text());
    }
  };
  show();
  void import('ora').then((module) => {
    makeSpinner = module.default;
    if (!stopped) show();
  });
  const timer = setInterval(show, 1000);
  timer.unref();
  terminal.on('resize', show);
  return {
    observer: {
      started: (target) => status.started(target),
      finished: (result, count) => {
        status.finished(result.input, count);
        if (spinner) show();
      },
    },
    warn: (text) => {
      spinner?.clear();
      warn(text);
      spinner?.render();
    },
    stop: () => {
      stopped = true;
      clearInterval(timer);
      terminal.off('resize', show);
      spinner?.stop();
      spinner = null;
    },
    final: warn,
  };
}

/**
 * What the run achieved: "10,000 checked in 21.1 s: 474 domains/s, 1,420 DNS queries/s". The
 * queries are the exchanges with the DNS servers (cached answers are not queries).
 */
export function rateLine(checked: number, dns: readonly DnsServerActivity[], elapsedMs: number): string {
  const seconds = Math.max(elapsedMs, 1) / 1000;
  const queries = dns.reduce((sum, server) => sum + server.answered + server.unanswered, 0);
  const perSecond = (count: number): string => formatCount(Math.round(count / seconds));
  return `${formatCount(checked)} checked in ${seconds.toFixed(1)} s: ${perSecond(checked)} domains/s, ${perSecond(queries)} DNS queries/s`;
}

/** What the display says: counts, rate and the longest wait, from the observer's events. */
function statusLine(total: number) {
  const started = Date.now();
  const inFlight = new Map<Target, number>();
  let done = 0;
  return {
    started: (target: Target) => inFlight.set(target, Date.now()),
    finished: (input: string, count: number) => {
      done = count;
      for (const [target] of inFlight) if (target.input === input) inFlight.delete(target);
    },
    text: () => {
      if (done === 0 && inFlight.size === 0) return `checking ${total} domain${total === 1 ? '' : 's'}…`;
      const seconds = (Date.now() - started) / 1000;
      const rate = seconds > 0 ? (done / seconds).toFixed(1) : '0';
      const [slowest, since] = [...inFlight.entries()].sort((a, b) => a[1] - b[1])[0] ?? [];
      const waiting =
        slowest && since !== undefined
          ? ` · slowest: ${sanitize(slowest.domain ?? slowest.input, 60)} (${Math.round((Date.now() - since) / 1000)} s)`
          : '';
      return `${done}/${total} checked · ${rate}/s${waiting}`;
    },
  };
}

/** Cuts the status to one terminal line (the spinner frame and a space take two columns). */
function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
