/** The process streams and environment the CLI writes to, passed in so tests can capture them. */
import { Chalk, type ChalkInstance } from 'chalk';

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org); FORCE_COLOR forces it. */
export function terminalStyle(io: Io): ChalkInstance {
  const forced = io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0';
  const wanted = forced || (io.stdout.isTTY === true && !io.env.NO_COLOR && io.env.TERM !== 'dumb');
  return new Chalk({ level: wanted ? 1 : 0 });
}

/**
 * Whether data waits on a piped or redirected stdin, looking for at most `ms`: an empty pipe, an
 * open pipe nobody writes to and /dev/null all say no. Consumes what it sees; only for a run that
 * is about to end.
 */
export function pipedInputWaiting(stdin: Io['stdin'], ms = 200): Promise<boolean> {
  if ((stdin as { isTTY?: boolean }).isTTY) return Promise.resolve(false);
  return new Promise((resolve) => {
    const settle = (answer: boolean) => {
      clearTimeout(timer);
      stdin.off('data', onData).off('end', onEnd).off('error', onEnd);
      // An open handle would keep the process alive after the usage error.
      (stdin as { destroy?: () => void }).destroy?.();
      resolve(answer);
    };
    const onData = (chunk: Buffer | string) => settle(chunk.length > 0);
    const onEnd = () => settle(false);
    const timer = setTimeout(onEnd, ms);
    stdin.on('data', onData).on('end', onEnd).on('error', onEnd);
  });
}
