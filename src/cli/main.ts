/**
 * Entry point: parse the command line, run, return the exit code. Usage errors are one line
 * and exit 2; anything else that escapes is a bug of ours and says so (exit 70). The first
 * Ctrl-C (or SIGTERM) stops the run and still writes what was checked; a second one quits at
 * once, and so does a run that has not finished its report within a grace period.
 */
import { setMaxListeners } from 'node:events';
import { type Command, CommanderError } from 'commander';
import { buildContext } from './context-from-options.js';
import { relayOptions, relayProfile, runRelayCommand } from './relay.js';
import { listenDefaults } from './listen-options.js';
import { EXIT } from '../model/exit-codes.js';
import { DEFAULT_PROFILE, PROFILES } from '../model/profiles/index.js';
import { usableWidth } from '../render/layout.js';
import { renderProfiles } from '../render/profiles.js';
import { pipedInputWaiting, say, type Io } from './io.js';
import { UsageError, checkCombinations, resolveSettingOptions, type CliOptions } from './options.js';
import { buildProgram, givenOptions, withDefaults } from './program.js';
import { loadInputs, runChecks } from './run.js';

// For bin/tlscheck.js, which sets it once the bundle is compiled.
export { keepHeapNearLive } from '../run/heap.js';

const processIo = (): Io => {
  leaveQuietlyWhenReaderLeaves(process.stdout);
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
};

/** 128 + 13: what a shell reports for any Unix tool whose reader went away (SIGPIPE). */
const EXIT_PIPE_CLOSED = 141;

/** `tlscheck … | head`: once the reader has gone, the rest of the report has nowhere to go; no stack trace. */
function leaveQuietlyWhenReaderLeaves(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_PIPE_CLOSED);
    throw error;
  });
}

/** 128 + 15: how a shell reports a process ended by SIGTERM, so callers see the same either way. */
export const EXIT_TERMINATED = 143;
/** After a stop signal, the partial report must be out by then (a stuck write must not keep us). */
const GRACE_MS = 3_000;

const STOP_SIGNALS = { SIGINT: EXIT.interrupted, SIGTERM: EXIT_TERMINATED } as const;
type StopSignal = keyof typeof STOP_SIGNALS;

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const interrupt = new AbortController();
  // Every read in flight (hundreds in a batch) listens for Ctrl-C and stops listening when done.
  setMaxListeners(0, interrupt.signal);
  let received: StopSignal | null = null;
  const onSignal = (signal: StopSignal) => {
    if (interrupt.signal.aborted) process.exit(STOP_SIGNALS[received ?? signal]);
    received = signal;
    const again = signal === 'SIGINT' ? ' (Ctrl-C again to quit at once)' : '';
    io.stderr.write(`\ntlscheck: ${signal === 'SIGINT' ? 'interrupted' : 'terminated'}, finishing the report${again}\n`);
    interrupt.abort();
    setTimeout(() => process.exit(STOP_SIGNALS[signal]), GRACE_MS).unref();
  };
  const handlers = Object.keys(STOP_SIGNALS).map((signal) => [signal, () => onSignal(signal as StopSignal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  try {
    const code = await parseAndRun(argv, io, interrupt.signal);
    return received && code === EXIT.interrupted ? STOP_SIGNALS[received as StopSignal] : code;
  } catch (error) {
    return reportError(error, io);
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}

async function parseAndRun(argv: string[], io: Io, signal: AbortSignal): Promise<number> {
  const program = buildProgram();
  program.configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
  let job: (() => Promise<number>) | null = null;
  program.action((targets: string[], raw: Record<string, unknown>, command: Command) => {
    checkCombinations(givenOptions(command));
    const given = withDefaults<CliOptions>(raw);
    const options = resolveSettingOptions(given, given.profile);
    if (!options.probe && options.emailLog.length === 0)
      throw new UsageError('--no-probe reports from the Email Log Files alone: give at least one --email-log');
    if (targets.length === 0 && options.file.length === 0 && options.emailLog.length === 0) {
      job = () => noTarget(io);
      return;
    }
    job = async () => {
      // Reading targets from a terminal waits for Ctrl-D: a Ctrl-C meanwhile ends the run.
      const inputs = await Promise.race([loadInputs(targets, options, io), stopped(signal)]);
      if (inputs === null) {
        say(io, 'stopped before any domain was checked');
        return EXIT.interrupted;
      }
      return runChecks(inputs, buildContext(options, signal), options, io, signal);
    };
  });
  program.commands
    .find((command) => command.name() === 'demo')
    ?.action((what: string | undefined, _raw: Record<string, unknown>, command: Command) => {
      checkCombinations(givenOptions(command));
      const given = withDefaults<CliOptions>(command.optsWithGlobals());
      const relay = what === 'relay';
      if (what !== undefined && !relay)
        throw new UsageError(`tlscheck demo: unknown world "${what}" (try: tlscheck demo, or tlscheck demo relay)`);
      const options = resolveSettingOptions(given, relay ? relayProfile(given) : given.profile);
      if (!relay && relayOptions(command).auth) throw new UsageError('--auth goes with tlscheck relay (or tlscheck demo relay)');
      // Loaded only when asked for (the demo world and its dependencies): `tlscheck <domain>` starts faster.
      job = async () => {
        const demo = await import('./demo.js');
        return relay ? demo.runRelayDemo(options, relayOptions(command), io, signal) : demo.runDemo(options, io, signal);
      };
    });
  program.commands
    .find((command) => command.name() === 'relay')
    ?.action((host: string, _raw: Record<string, unknown>, command: Command) => {
      const given = givenOptions(command);
      checkCombinations(given);
      const options = withDefaults<CliOptions>(command.optsWithGlobals());
      job = () => runRelayCommand(host, relayOptions(command), options, given, io, signal);
    });
  program.commands
    .find((command) => command.name() === 'merge')
    ?.action((reports: string[], raw: Record<string, unknown>, command: Command) => {
      const given = givenOptions(command);
      checkCombinations(given);
      const merge = { allowPartial: raw.allowPartial === true, given };
      // Loaded only for a merge: a run's start-up does not pay for it.
      job = async () => (await import('./merge.js')).runMerge(reports, withDefaults<CliOptions>(command.optsWithGlobals()), merge, io);
    });
  program.commands
    .find((command) => command.name() === 'profiles')
    ?.action(() => {
      job = async () => {
        const width = usableWidth((io.stdout as { columns?: number }).columns, io.stdout.isTTY === true);
        io.stdout.write(renderProfiles(PROFILES, DEFAULT_PROFILE.name, width));
        return EXIT.ok;
      };
    });
  program.commands
    .find((command) => command.name() === 'listen')
    ?.action((raw: Record<string, unknown>, command: Command) => {
      const listen = listenDefaults(raw);
      const globals = withDefaults<CliOptions>(command.optsWithGlobals());
      job = async () => (await import('./listen.js')).runListenCommand(listen, globals, io, signal);
    });
  await program.parseAsync(argv, { from: 'user' });
  return job ? await (job as () => Promise<number>)() : EXIT.ok;
}

/** No target: a usage error; with data piped in, a hint first, since that data is not read without -f -. */
async function noTarget(io: Io): Promise<number> {
  if (await pipedInputWaiting(io.stdin))
    say(io, 'stdin has data, but targets are read from it only with -f - (e.g. cat domains.txt | tlscheck -f -)');
  throw new UsageError('no domain given (try: tlscheck acme.com, tlscheck -f domains.txt, or tlscheck demo)');
}

function reportError(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    // commander already printed its message; help and version are not errors.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof UsageError) {
    say(io, error.message);
    return EXIT.usage;
  }
  const detail = error instanceof Error ? error.message : String(error);
  say(io, `internal error (a bug in tlscheck, not a problem with the servers checked): ${detail}`);
  if (io.env.TLSCHECK_DEBUG) io.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  else io.stderr.write('Run again with TLSCHECK_DEBUG=1 for the stack trace, and include it when you report this.\n');
  return EXIT.internal;
}

/** Resolves with null when the run is stopped (never, otherwise). */
function stopped(signal: AbortSignal): Promise<null> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(null);
    signal.addEventListener('abort', () => resolve(null), { once: true });
  });
}
