/**
 * One run from the CLI's point of view: read the targets, check them, write the report (to
 * stdout or --output; ndjson streams as results complete), show progress on a terminal, and
 * compute the exit code.
 */
import { Chalk } from 'chalk';
import { BaselineError, loadBaseline, type LoadedBaseline } from '../baseline/load.js';
import { compareReports } from '../baseline/diff.js';
import { summarizeChanges } from '../render/baseline.js';
import { readTargets, InputError } from '../input/read-targets.js';
import type { Report } from '../model/report.js';
import { SCHEMA_VERSION } from '../model/report.js';
import { PREFERRED_VERIFY_NOTE } from '../model/settings.js';
import type { Target } from '../model/target.js';
import { runBatch } from '../run/batch.js';
import type { RunContext } from '../run/context.js';
import { renderReport } from '../render/index.js';
import { renderNdjsonLine } from '../render/ndjson.js';
import { blockedPortNote } from '../verdict/network.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { terminalStyle, type Io } from './io.js';
import { UsageError, type CliOptions } from './options.js';
import { gateConfig } from './gate-config.js';
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
  const started = ctx.now();
  const gate = gateConfig(options);
  const baseline = options.baseline ? loadBaselineOrFail(options.baseline) : null;
  const sink = await openSink(options.output, io);
  const streaming = options.format === 'ndjson';
  const progress = createProgress(io, inputs.targets.length, options.format === 'table' || options.output !== null);
  for (const warning of inputs.warnings) progress.warn(warning);
  let outcome;
  try {
    outcome = await runBatch(inputs.targets, ctx, {
      concurrency: options.concurrency,
      signal,
      observer: progress.observer,
      onResult: streaming ? (result) => sink.write(renderNdjsonLine(result)) : undefined,
    });
  } finally {
    progress.stop();
  }
  const notes = [...inputs.warnings, PREFERRED_VERIFY_NOTE];
  if (baseline && baseline.skipped > 0)
    notes.push(`${options.baseline}: ${baseline.skipped} malformed result(s) skipped (${baseline.problems.join('; ')})`);
  const blocked = blockedPortNote(outcome.results, ctx.port);
  if (blocked) notes.unshift(blocked);
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: started.toISOString(),
    results: outcome.results,
    notes,
    gate,
    interrupted: outcome.notChecked > 0 ? { notChecked: outcome.notChecked } : null,
    baseline: null,
  };
  if (baseline) report.baseline = compareReports(baseline.report, report, options.baseline as string);
  if (!streaming)
    sink.write(
      renderReport(report, options.format, {
        paint: options.output === null ? terminalStyle(io) : new Chalk({ level: 0 }),
        details: options.details || report.results.length <= DETAILS_UP_TO,
      }),
    );
  await sink.close();
  if (report.interrupted)
    io.stderr.write(`tlscheck: interrupted: ${report.results.length} checked, ${report.interrupted.notChecked} not checked\n`);
  if (blocked) io.stderr.write(`tlscheck: ${blocked}\n`);
  const code = exitCodeFor(report);
  if (code === EXIT.ok && options.failOnRegression && report.baseline && summarizeChanges(report.baseline).regressions > 0)
    return EXIT.gateFailed;
  return code;
}

function loadBaselineOrFail(path: string): LoadedBaseline {
  try {
    return loadBaseline(path);
  } catch (error) {
    if (error instanceof BaselineError) throw new UsageError(error.message);
    throw error;
  }
}
