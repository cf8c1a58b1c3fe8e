/**
 * One run from the CLI's point of view: check the targets, render the report to stdout, show
 * progress on a terminal, and compute the exit code.
 */
import type { Report } from '../model/report.js';
import { SCHEMA_VERSION } from '../model/report.js';
import { PREFERRED_VERIFY_NOTE } from '../model/settings.js';
import { checkAll } from '../run/check-all.js';
import type { RunContext } from '../run/context.js';
import { renderJson } from '../render/json.js';
import { renderTable } from '../render/table.js';
import { exitCodeFor } from './exit-codes.js';
import type { CliOptions } from './options.js';
import { createProgress } from './progress.js';
import { terminalStyle, type Io } from './io.js';

export async function runChecks(targets: string[], ctx: RunContext, options: CliOptions, io: Io): Promise<number> {
  const started = ctx.now();
  const progress = createProgress(io, targets.length, options.format === 'table');
  let results;
  try {
    results = await checkAll(targets, ctx, options.concurrency, progress.observer);
  } finally {
    progress.stop();
  }
  const report: Report = { schemaVersion: SCHEMA_VERSION, generatedAt: started.toISOString(), results, notes: [PREFERRED_VERIFY_NOTE] };
  io.stdout.write(options.format === 'json' ? renderJson(report) : renderTable(report, terminalStyle(io)));
  return exitCodeFor(results, options.require, options.allowUndetermined);
}
