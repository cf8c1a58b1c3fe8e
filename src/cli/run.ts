/**
 * One run from the CLI's point of view: read the targets, call `checkDomains`, render the report
 * to stdout or --output (ndjson streams as results complete), show progress on a terminal, and
 * return the exit code the gate decided.
 */
import { Chalk } from 'chalk';
import { BaselineError, loadBaseline } from '../baseline/load.js';
import { readTargets, InputError } from '../input/read-targets.js';
import type { Target } from '../model/target.js';
import { SPREADSHEET_FORMATS, renderReport } from '../render/index.js';
import { renderNdjsonLine } from '../render/ndjson.js';
import { renderRestrictList, restrictListNotes } from '../render/suggest-restrict.js';
import { checkDomains, type CheckRequest } from '../run/check-domains.js';
import type { RunContext } from '../run/run-context.js';
import { exitCodeFor } from '../verdict/gate.js';
import { suggestRestrict, type RestrictSuggestion } from '../verdict/suggest-restrict.js';
import { terminalStyle, type Io } from './io.js';
import { UsageError, type CliOptions } from './options.js';
import { openSink } from './sink.js';
import { createProgress } from './progress.js';

/** Above this many domains the table shows one line per domain unless --details. */
export const DETAILS_UP_TO = 30;

export interface RunInputs {
  targets: Target[];
  warnings: string[];
}

export async function loadInputs(args: string[], options: CliOptions, io: Io): Promise<RunInputs> {
  if (options.file.includes('-') && (io.stdin as { isTTY?: boolean }).isTTY)
    io.stderr.write('tlscheck: reading targets from the terminal; end with Ctrl-D\n');
  try {
    const read = await readTargets({ args, files: options.file, column: options.column }, io.stdin);
    if (read.targets.length === 0)
      throw new UsageError('nothing to check: no domain in the arguments or files (try: tlscheck acme.com, or tlscheck demo)');
    return { targets: read.targets, warnings: read.warnings };
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  }
}

export async function runChecks(inputs: RunInputs, ctx: RunContext, options: CliOptions, io: Io, signal?: AbortSignal): Promise<number> {
  const baseline = options.baseline ? { file: options.baseline, loaded: loadBaselineOrFail(options.baseline) } : null;
  // --suggest-restrict: stdout holds only the list (for a pipe); the report goes to --output or nowhere.
  const listOnStdout = options.suggestRestrict !== null;
  if (listOnStdout && options.output === null && options.format !== 'table')
    throw new UsageError(`--suggest-restrict writes the list to stdout: give --output <file> for the ${options.format} report`);
  const sink =
    listOnStdout && options.output === null
      ? null
      : await openSink(options.output, io, { byteOrderMark: SPREADSHEET_FORMATS.includes(options.format) });
  const streaming = options.format === 'ndjson';
  const progress = createProgress(io, inputs.targets.length, options.format === 'table' || options.output !== null || listOnStdout);
  for (const warning of inputs.warnings) progress.warn(warning);
  const request: CheckRequest = {
    targets: inputs.targets,
    inputWarnings: inputs.warnings,
    baseline,
    concurrency: options.concurrency,
    signal,
    observer: progress.observer,
    onResult: streaming && sink ? (result) => sink.write(renderNdjsonLine(result)) : undefined,
  };
  let run;
  try {
    run = await checkDomains(request, ctx);
  } finally {
    progress.stop();
  }
  const { report } = run;
  if (sink && !streaming) {
    const paint = sink.isTerminal ? terminalStyle(io) : new Chalk({ level: 0 });
    sink.write(renderReport(report, options.format, { paint, details: options.details || report.results.length <= DETAILS_UP_TO }));
  }
  await sink?.close();
  if (options.suggestRestrict) await writeRestrictList(suggestRestrict(report.results, options.suggestRestrict), io);
  if (report.interrupted)
    io.stderr.write(`tlscheck: interrupted: ${report.results.length} checked, ${report.interrupted.notChecked} not checked\n`);
  for (const alert of run.alerts) io.stderr.write(`tlscheck: ${alert}\n`);
  return exitCodeFor(report, { failOnRegression: options.failOnRegression });
}

/** The list alone on stdout (even when empty, so a pipe always gets its line), flushed; the notes on stderr. */
async function writeRestrictList(suggestion: RestrictSuggestion, io: Io): Promise<void> {
  for (const note of restrictListNotes(suggestion)) io.stderr.write(`tlscheck: ${note}\n`);
  await new Promise<void>((resolve) => io.stdout.write(renderRestrictList(suggestion), () => resolve()));
}

function loadBaselineOrFail(path: string) {
  try {
    return loadBaseline(path);
  } catch (error) {
    if (error instanceof BaselineError) throw new UsageError(error.message);
    throw error;
  }
}
