/**
 * `tlscheck merge <report>...`: read the shards' JSON or NDJSON reports, check they belong
 * together, and finish like a run over the whole input: every format, the gate's line and exit
 * code, --baseline, --only, --suggest-restrict. Options that say how to probe mean nothing here
 * (the shards were checked with their own) and are refused rather than ignored.
 */
import { BaselineError } from '../baseline/load.js';
import { loadReportFile } from '../baseline/report-file.js';
import { MergeError, mergeShards } from '../run/merge-shards.js';
import { sanitize } from '../text/sanitize.js';
import { gateFromOptions } from './context-from-options.js';
import { say, type Io } from './io.js';
import { UsageError, flagName, resolveSettingOptions, type CliOptions } from './options.js';
import { profileNamed } from '../model/profiles/index.js';
import { expandReportPaths } from './report-paths.js';
import { deliverReport, loadBaselineOrFail, openOutputs, restrictWarnings } from './run.js';

/** The options of a run that apply to its report, and so to a merge. */
export const MERGE_OPTIONS: ReadonlySet<keyof CliOptions> = new Set<keyof CliOptions>([
  'format',
  'output',
  'require',
  'restrict',
  'allowUndetermined',
  'failOnNoMail',
  'baseline',
  'failOnRegression',
  'only',
  'markdownLimit',
  'details',
  'suggestRestrict',
]);

export async function runMerge(
  patterns: readonly string[],
  options: CliOptions,
  merge: { allowPartial: boolean; given: ReadonlySet<keyof CliOptions> },
  io: Io,
): Promise<number> {
  for (const key of merge.given)
    if (!MERGE_OPTIONS.has(key))
      throw new UsageError(
        `merge: ${flagName(key).split(' ')[0]} means nothing to a merge (the shards were checked with their own options)`,
      );
  const reports = expandReportPaths(patterns).map((file) => ({ file: sanitize(file, 500), loaded: loadOrFail(file) }));
  // The shards name their profile; --require names one of its settings (mergeShards checks they agree).
  if (reports.length > 0) options = resolveSettingOptions(options, profileNamed(reports[0]!.loaded.report.profile));
  const baseline = options.baseline ? { file: options.baseline, loaded: loadBaselineOrFail(options.baseline) } : null;
  let run;
  try {
    run = mergeShards({
      reports,
      allowPartial: merge.allowPartial,
      gate: options.require === null ? undefined : gateFromOptions(options),
      baseline,
    });
  } catch (error) {
    if (error instanceof MergeError) throw new UsageError(`merge: ${error.message}`);
    throw error;
  }
  for (const warning of restrictWarnings(run.report.results, options.require === null ? null : run.report.gate)) {
    say(io, warning);
    run.report.notes.push(warning);
  }
  const listOnStdout = options.suggestRestrict !== null;
  if (listOnStdout && options.output.length === 0 && options.format !== 'table')
    throw new UsageError(`--suggest-restrict writes the list to stdout: give --output <file> for the ${options.format} report`);
  const outputs = listOnStdout && options.output.length === 0 ? [] : await openOutputs(options, io);
  return deliverReport(run.report, outputs, options, io, { streamed: null, alerts: run.alerts });
}

function loadOrFail(file: string) {
  try {
    return loadReportFile(file);
  } catch (error) {
    if (error instanceof BaselineError) throw new UsageError(`merge: ${error.message}`);
    throw error;
  }
}
