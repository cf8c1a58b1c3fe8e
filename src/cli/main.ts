/**
 * Entry point: parse the command line, run, return the exit code. Usage errors are one line
 * and exit 2; anything else that escapes is a bug of ours and says so (exit 70).
 */
import { type Command, CommanderError } from 'commander';
import { buildContext } from './context.js';
import { runDemo } from './demo.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { UsageError, type CliOptions } from './options.js';
import { buildProgram, withDefaults } from './program.js';
import { runChecks } from './run.js';

export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const program = buildProgram();
  program.configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
  let job: Promise<number> | null = null;
  program.action((targets: string[], raw: Record<string, unknown>) => {
    const options = withDefaults<CliOptions>(raw);
    if (targets.length === 0) throw new UsageError('no domain given (try: tlscheck acme.com, or tlscheck demo)');
    if (options.ipv4Only && options.ipv6Only) throw new UsageError('-4 and -6 exclude each other');
    job = runChecks(targets, buildContext(options), options, io);
  });
  program.commands.find((command) => command.name() === 'demo')?.action((_raw: Record<string, unknown>, command: Command) => {
    job = runDemo(withDefaults<CliOptions>(command.optsWithGlobals()), io);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return job ? await job : EXIT.ok;
  } catch (error) {
    return reportError(error, io);
  }
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
