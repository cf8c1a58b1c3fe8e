/**
 * Entry point: parse the command line, run, return the exit code. Usage errors are one line
 * and exit 2; anything else that escapes is a bug of ours and says so (exit 70). The first
 * Ctrl-C stops the run and still writes what was checked; a second one quits at once.
 */
import { setMaxListeners } from 'node:events';
import { type Command, CommanderError } from 'commander';
import { buildContext } from './context-from-options.js';
import { runDemo } from './demo.js';
import { EXIT } from '../model/exit-codes.js';
import type { Io } from './io.js';
import { UsageError, type CliOptions } from './options.js';
import { buildProgram, withDefaults } from './program.js';
import { loadInputs, runChecks } from './run.js';

const processIo = (): Io => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const interrupt = new AbortController();
  // Every read in flight (hundreds in a batch) listens for Ctrl-C and stops listening when done.
  setMaxListeners(0, interrupt.signal);
  const onSigint = () => {
    if (interrupt.signal.aborted) process.exit(EXIT.interrupted);
    io.stderr.write('\ntlscheck: interrupted, finishing the report (Ctrl-C again to quit at once)\n');
    interrupt.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await parseAndRun(argv, io, interrupt.signal);
  } catch (error) {
    return reportError(error, io);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function parseAndRun(argv: string[], io: Io, signal: AbortSignal): Promise<number> {
  const program = buildProgram();
  program.configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
  let job: (() => Promise<number>) | null = null;
  program.action((targets: string[], raw: Record<string, unknown>) => {
    const options = withDefaults<CliOptions>(raw);
    if (options.ipv4Only && options.ipv6Only) throw new UsageError('-4 and -6 exclude each other');
    if (targets.length === 0 && options.file.length === 0 && options.emailLog.length === 0)
      throw new UsageError(
        'no domain given (try: tlscheck acme.com, tlscheck -f domains.txt, tlscheck --email-log log.csv, or tlscheck demo)',
      );
    if (!options.probe && options.emailLog.length === 0)
      throw new UsageError('--no-probe reports from the Email Log Files alone: give at least one --email-log');
    job = async () => runChecks(await loadInputs(targets, options, io), buildContext(options, signal), options, io, signal);
  });
  program.commands
    .find((command) => command.name() === 'demo')
    ?.action((_raw: Record<string, unknown>, command: Command) => {
      job = () => runDemo(withDefaults<CliOptions>(command.optsWithGlobals()), io, signal);
    });
  await program.parseAsync(argv, { from: 'user' });
  return job ? await (job as () => Promise<number>)() : EXIT.ok;
}

function reportError(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    // commander already printed its message; help and version are not errors.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof UsageError) {
    io.stderr.write(`tlscheck: ${error.message}\n`);
    return EXIT.usage;
  }
  const detail = error instanceof Error ? error.message : String(error);
  io.stderr.write(`tlscheck: internal error (a bug in tlscheck, not a problem with the servers checked): ${detail}\n`);
  if (io.env.TLSCHECK_DEBUG) io.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  else io.stderr.write('Run again with TLSCHECK_DEBUG=1 for the stack trace, and include it when you report this.\n');
  return EXIT.internal;
}
