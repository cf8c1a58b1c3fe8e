/**
 * The built binary in a real pseudo-terminal, through util-linux `script`: what a person at a
 * terminal sees, keys typed on the keyboard (written to the pty master, so the terminal's line
 * discipline turns Ctrl-C into SIGINT only if the program left it on), and any window size.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { BIN } from './helpers.js';

/** `script -e` from util-linux; BSD/macOS `script` takes other flags, so those tests skip there. */
export const PTY_MISSING: string | false =
  process.platform === 'linux' && spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout?.includes('util-linux')
    ? false
    : 'needs util-linux script';

export const KEY = { ctrlC: '\x03', ctrlBackslash: '\x1c', ctrlZ: '\x1a' } as const;

export interface Terminal {
  /** Everything the terminal received so far (stdout and stderr, as on a screen). */
  output(): string;
  /** Resolves when the output matches, rejects after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  /** Types on the keyboard. */
  type(keys: string): void;
  /** The exit status as a shell reports it (128 + n after signal n); rejects after `ms`. */
  exit(ms?: number): Promise<number>;
  /** Stops the whole session (the test failed; no orphan keeps running). */
  kill(): void;
}

export interface TerminalOptions {
  cols: number;
  rows?: number;
  /**
   * Shell run instead of the binary itself: `$TLSCHECK` stands for the binary with its arguments,
   * and the script must print `tlscheck-pid=<pid>` (so a failed test can end the process).
   */
  shell?: string;
  env?: Record<string, string>;
}

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

export function inTerminal(args: string[], options: TerminalOptions): Terminal {
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  const body = (options.shell ?? 'echo tlscheck-pid=$$; exec $TLSCHECK').replace('$TLSCHECK', command);
  // The CI variable turns progress off; a terminal test is about what a person sees.
  const env: Record<string, string | undefined> = { ...process.env, TERM: 'xterm-256color', NO_COLOR: '1', ...options.env };
  delete env.CI;
  const child = spawn('script', ['-qfec', `stty cols ${options.cols} rows ${options.rows ?? 24}; ${body}`, '/dev/null'], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const waiter of waiters) waiter();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const deadline = <T>(promise: Promise<T>, ms: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what} not within ${ms} ms; output so far:\n${text.slice(-3000)}`)), ms);
      promise.then(resolve, reject).finally(() => clearTimeout(timer));
    });
  return {
    output: () => text,
    waitFor: (pattern, ms = 15_000) => {
      if (pattern.test(text)) return Promise.resolve();
      let check: () => void = () => undefined;
      const matched = new Promise<void>((resolve) => {
        check = () => {
          if (pattern.test(text)) resolve();
        };
        waiters.add(check);
      });
      return deadline(matched, ms, `output matching ${pattern}`).finally(() => waiters.delete(check));
    },
    type: (keys) => void child.stdin.write(keys),
    exit: async (ms = 15_000) => {
      const [code, signal] = await deadline(exited, ms, 'exit');
      return code ?? 128 + (signal === 'SIGKILL' ? 9 : 0);
    },
    kill: () => {
      // The binary runs in script's new session: end it by its own id, then script.
      const pid = /tlscheck-pid=(\d+)/.exec(text)?.[1];
      for (const id of [Number(pid), child.pid])
        try {
          if (id) process.kill(id, 'SIGKILL');
        } catch {
          // already gone
        }
    },
  };
}
