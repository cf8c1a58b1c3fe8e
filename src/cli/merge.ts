/**
 * `tlscheck merge <report>...`: read the shards' JSON or NDJSON reports, check they belong
 * together, and finish like a run over the whole input: every format, the gate's line and exit
 * code, --baseline, --only, --suggest-restrict. Options that say how to probe mean nothing here
 * (the shards were checked with their own) and are refused rather than ignored.
 */
import { BaselineError } from '../baseline/load.js';
import { loadReportFile } from '../baseline/report-file.js';
import { ndjsonHead, type NdjsonReport } from '../baseline/report-stream.js';
import { MergeError, mergeGate, mergeShards, mergeStreamed, withGateSetting } from '../run/merge-shards.js';
import { inInputOrder, readShardsOnce, type ShardReports } from '../run/merge-stream.js';
import { checkShardSet, type ShardSet } from '../run/shard-set.js';
import { defaultSetting, settingNames } from '../model/settings.js';
import { isStreaming } from '../render/stream.js';
import { RunTally } from '../verdict/run-tally.js';
import { sanitize } from '../text/sanitize.js';
import { gateFromOptions } from './context-from-options.js';
import { say, type Io } from './io.js';
import { UsageError, flagName, resolveSettingOptions, type CliOptions } from './options.js';
import { profileNamed } from '../model/profiles/index.js';
import { expandReportPaths } from './report-paths.js';
import { deliverReport, loadBaselineOrFail, openOutputs, restrictMessages, restrictWarnings, streamOutputs } from './run.js';

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
  const paths = expandReportPaths(patterns);
  const streamed = await streamableShards(paths, options);
  if (streamed) return runStreamedMerge(streamed, options, merge.allowPartial, io);
  const reports = paths.map((file) => ({ file: sanitize(file, 500), loaded: loadOrFail(file) }));
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

/**
 * The shards' NDJSON reports, when the merge can be written a result at a time: every shard wrote
 * NDJSON, every output streams (ndjson, csv, csv-wide), and neither --baseline nor
 * --suggest-restrict needs the whole list. Null otherwise: the reports are read whole.
 */
async function streamableShards(paths: readonly string[], options: CliOptions): Promise<ShardReports | null> {
  const formats = options.output.length === 0 ? [options.format] : options.output.map((target) => target.format ?? options.format);
  if (!formats.every(isStreaming) || options.baseline !== null || options.suggestRestrict !== null || paths.length === 0) return null;
  const reports = new Map<string, NdjsonReport>();
  for (const path of paths) {
    const report = await failAsUsage(() => ndjsonHead(path));
    if (report === null) return null;
    reports.set(sanitize(path, 500), report);
  }
  return reports;
}

/** The merge of streamable shards: checked in a first reading, written in a second (run/merge-stream.ts). */
async function runStreamedMerge(reports: ShardReports, options: CliOptions, allowPartial: boolean, io: Io): Promise<number> {
  const files = [...reports].map(([file, report]) => ({ file, loaded: report.head }));
  const profile = profileNamed(files[0]!.loaded.report.profile);
  options = resolveSettingOptions(options, profile);
  const request = { reports: files, allowPartial, gate: options.require === null ? undefined : gateFromOptions(options), baseline: null };
  // As in the merge read whole: the --restrict patterns are checked when the merge gives the gate.
  const restrictOf = (set: ShardSet) => (options.require === null ? null : (mergeGate(set, request)?.restrict ?? null));
  const { set, first, run } = await failAsUsage(async () => {
    const set = checkShardSet(files, allowPartial);
    const first = await readShardsOnce(set, reports, restrictOf(set));
    return { set, first, run: mergeStreamed(set, request, first) };
  });
  const gate = run.report.gate;
  const restrict = restrictOf(set);
  for (const warning of restrict ? restrictMessages(restrict, first.unmatched, first.domains) : []) {
    say(io, warning);
    run.report.notes.push(warning);
  }
  const outputs = await openOutputs(options, io);
  const facts = { gated: gate !== null, policies: first.policies, traffic: first.traffic, profile };
  const streams = streamOutputs(outputs, facts, options.only);
  const tally = new RunTally(gate, settingNames(profile));
  const otherwise = defaultSetting(profile);
  await failAsUsage(async () => {
    for await (const read of inInputOrder(set, reports)) {
      const result = withGateSetting(read, gate, otherwise);
      tally.add(result);
      streams.add(result.position, result);
    }
  });
  streams.end();
  return deliverReport(run.report, outputs, options, io, { streamed: streams.listed, alerts: run.alerts, tally });
}

/** A shard set or file the merge cannot use is the user's to fix: a one-line usage error. */
async function failAsUsage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MergeError || error instanceof BaselineError) throw new UsageError(`merge: ${error.message}`);
    throw error;
  }
}

function loadOrFail(file: string) {
  try {
    return loadReportFile(file);
  } catch (error) {
    if (error instanceof BaselineError) throw new UsageError(`merge: ${error.message}`);
    throw error;
  }
}
