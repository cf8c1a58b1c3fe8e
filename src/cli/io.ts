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
