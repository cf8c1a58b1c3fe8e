/** The process streams and environment the CLI writes to, passed in so tests can capture them. */
import { Chalk, type ChalkInstance, type ColorSupportLevel } from 'chalk';
import { usableWidth, wrapWords } from '../render/layout.js';

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/**
 * One message of tlscheck's own on stderr, "tlscheck: ...": on a terminal broken at spaces to its
 * width (the lines after the first indented under the text); into a pipe or a CI log one line,
 * whole, for grep.
 */
export function say(io: Io, text: string): void {
  const stderr = io.stderr as { isTTY?: boolean; columns?: number };
  io.stderr.write(`${wrapWords(`tlscheck: ${text}`, usableWidth(stderr.columns, stderr.isTTY === true), 'tlscheck: '.length)}\n`);
}

/**
 * The colours of a report on stdout. FORCE_COLOR decides when it is set, as chalk documents it
 * ("overrides all other color support checks"): 0 or false none, 1, 2, 3 that level even into a
 * pipe, true or empty level 1. Otherwise colour on a terminal only, never with a non-empty
 * NO_COLOR (https://no-color.org) nor with TERM=dumb.
 */
export function terminalStyle(io: Io): ChalkInstance {
  return new Chalk({ level: colourLevel(io) });
}

function colourLevel(io: Io): ColorSupportLevel {
  const forced = io.env.FORCE_COLOR;
  if (forced !== undefined) {
    if (forced === 'false') return 0;
    const level = Number.parseInt(forced, 10);
    // chalk reads "true", "" and any other word as a wish for colour.
    return Number.isNaN(level) ? 1 : (Math.max(0, Math.min(level, 3)) as ColorSupportLevel);
  }
  return io.stdout.isTTY === true && !io.env.NO_COLOR && io.env.TERM !== 'dumb' ? 1 : 0;
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
