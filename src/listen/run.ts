/**
 * One listen run: start the listener, pass each finished session to the observer as it happens,
 * stop at the first of --duration, --sessions N, or the abort signal (Ctrl-C), and judge the
 * clients. Library code: no process, no output.
 */
import type { ListenReport, ListenSession, ListenStop } from '../model/listen.js';
import { judgeClients } from './judge.js';
import { startListener, type Listener, type ListenerOptions } from './listener.js';

export interface ListenRunOptions extends ListenerOptions {
  /** Sessions of one address this close together belong to one client, ms. */
  windowMs: number;
  /** Stop after this long, ms; null: until interrupted or maxSessions. */
  durationMs: number | null;
  /** Stop after this many finished sessions; null: no limit. */
  maxSessions: number | null;
}

export interface ListenObserver {
  listening(listener: Listener): void;
  session(session: ListenSession): void;
}

export async function runListen(options: ListenRunOptions, observer: ListenObserver, signal?: AbortSignal): Promise<ListenReport> {
  const sessions: ListenSession[] = [];
  let stop: (why: ListenStop) => void = () => undefined;
  const stopped = new Promise<ListenStop>((resolve) => (stop = resolve));
  const listener = await startListener(options, (session) => {
    sessions.push(session);
    observer.session(session);
    if (options.maxSessions !== null && sessions.length >= options.maxSessions) stop('sessions');
  });
  observer.listening(listener);
  const timer = options.durationMs === null ? null : setTimeout(() => stop('duration'), options.durationMs);
  const onAbort = () => stop('interrupted');
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const stoppedBy = await stopped;
    await listener.close();
    return { posture: options.posture, sessions, clients: judgeClients(sessions, options.posture, options.windowMs), stoppedBy };
  } finally {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
