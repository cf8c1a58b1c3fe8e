/**
 * Starting the two processes of one bench run: the world (world-child.js) and the checker
 * (checker-child.js), each with node:child_process fork, talking JSON over stdout and IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CheckerJob, CheckerOutcome } from './checker-child.js';
import type { Shape } from './options.js';
import type { WorldReady, WorldStats } from './world-child.js';

const WORLD_SCRIPT = fileURLToPath(new URL('./world-child.js', import.meta.url));
const CHECKER_SCRIPT = fileURLToPath(new URL('./checker-child.js', import.meta.url));

export interface WorldProcess extends WorldReady {
  stats(): Promise<WorldStats>;
  /** Disconnects (the world closes its servers and exits) and waits for the exit. */
  stop(): Promise<void>;
}

/** Rejects when the child exits before `settled` says it is done. */
function exitedEarly(child: ChildProcess, what: string): Promise<never> {
  return new Promise((_, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`${what} exited early (code ${code}, signal ${signal})`)));
  });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      const end = buffered.indexOf('\n');
      if (end === -1) return;
      child.stdout?.off('data', onData);
      resolve(buffered.slice(0, end));
    };
    child.stdout?.on('data', onData);
  });
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve) => child.once('message', (message) => resolve(message as T)));
}

export async function startWorldProcess(shape: Shape, n: number): Promise<WorldProcess> {
  const child = fork(WORLD_SCRIPT, [shape, String(n)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = JSON.parse(await Promise.race([firstLine(child), exitedEarly(child, 'bench world')])) as WorldReady;
  return {
    ...ready,
    async stats() {
      const reply = nextMessage<WorldStats>(child);
      child.send('stats');
      return reply;
    },
    async stop() {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}

export async function runCheckerProcess(job: CheckerJob): Promise<CheckerOutcome> {
  const child = fork(CHECKER_SCRIPT, [JSON.stringify(job)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const outcome = await Promise.race([nextMessage<CheckerOutcome>(child), exitedEarly(child, 'bench checker')]);
  // The figures are in; whatever is still open in the child is of no interest.
  if (child.exitCode === null) child.kill();
  await exited;
  return outcome;
}
