/**
 * `tlscheck merge`: the shards' reports back into the report one run over the whole input would
 * have given. The results in input order (each kept its position), the gate setting of each
 * domain under the merge's gate, the notes that depend on the results computed again over all of
 * them, and the baseline comparison made as a single run makes it. Pure: reports in, a report
 * out; the CLI reads the files and renders it like any run's.
 */
import { profileNamed } from '../model/profiles/index.js';
import { defaultSetting, type SettingName } from '../model/settings.js';
import type { LoadedBaseline } from '../baseline/load.js';
import type { BaselineComparison, DomainResult, GateConfig, MergeInfo, Report } from '../model/report.js';
import { SCHEMA_VERSION } from '../model/report.js';
import { compareReports, changeOrder } from '../verdict/changes.js';
import { gateSettingFor } from '../verdict/gate.js';
import { blockedPortNote } from '../verdict/run-notes.js';
import { trafficNotes } from '../verdict/traffic.js';
import { formatCount, plural } from '../text/words.js';
import { MergeError, checkShardSet, commonGate, listNumbers, type CheckedShard, type ShardFile, type ShardSet } from './shard-set.js';

export { MergeError, type ShardFile } from './shard-set.js';

export interface MergeRequest {
  reports: readonly ShardFile[];
  /** --allow-partial: merge without missing or interrupted shards, and say so. */
  allowPartial: boolean;
  /** The merge's own gate (--require ...); undefined: the shards' common gate. */
  gate?: GateConfig | null;
  /** The merge's --baseline; without it, the shards' comparisons with one same baseline are joined. */
  baseline: { file: string; loaded: LoadedBaseline } | null;
}

export interface MergedRun {
  report: Report;
  /** What a person must see even when the report goes to files (port 25 blocked, a partial merge). */
  alerts: string[];
}

export function mergeShards(request: MergeRequest): MergedRun {
  const set = checkShardSet(request.reports, request.allowPartial);
  const gate = mergeGate(set, request);
  const otherwise = defaultSetting(profileNamed(set.shards[0]!.loaded.report.profile));
  const results = set.shards
    .flatMap((entry) => entry.loaded.report.results)
    .sort((a, b) => a.position - b.position)
    .map((result) => withGateSetting(result, gate, otherwise));
  return assemble(set, request, gate, {
    results,
    count: results.length,
    blocked: blockedPortNote(results, set.shards[0]!.shard.profile.port),
    traffic: trafficNotes(results),
    own: ({ loaded, shard }) => [blockedPortNote(loaded.report.results, shard.profile.port), ...trafficNotes(loaded.report.results)],
  });
}

/** What a streamed merge learnt of the results in its first reading (merge-stream.ts), none of them kept. */
export interface StreamedResults {
  count: number;
  /** The port-25 note over all results. */
  blocked: string | null;
  /** Each shard's own port-25 note, by file. */
  ownBlocked: ReadonlyMap<string, string | null>;
}

/**
 * The merged report without its results, for outputs that are written a result at a time. Like a
 * streamed run, its notes leave out what only the whole list of results tells (the log's
 * disagreements with the probe).
 */
export function mergeStreamed(set: ShardSet, request: MergeRequest, streamed: StreamedResults): MergedRun {
  return assemble(set, request, mergeGate(set, request), {
    results: [],
    count: streamed.count,
    blocked: streamed.blocked,
    traffic: [],
    own: (entry) => [streamed.ownBlocked.get(entry.file) ?? null],
  });
}

/** The merge's own gate (--require ...), else the shards' common one. */
export function mergeGate(set: ShardSet, request: Pick<MergeRequest, 'gate'>): GateConfig | null {
  return request.gate === undefined ? commonGate(set.shards) : request.gate;
}

interface MergedResults {
  /** In input order; empty when they are streamed. */
  results: DomainResult[];
  count: number;
  blocked: string | null;
  traffic: string[];
  /** The notes a shard made from its own results, made again over all of them here. */
  own: (entry: CheckedShard) => (string | null)[];
}

function assemble(set: ShardSet, request: MergeRequest, gate: GateConfig | null, merging: MergedResults): MergedRun {
  const { shards, count, missing } = set;
  const first = shards[0]!.shard;
  const merged: MergeInfo = {
    count,
    shards: shards.map((entry) => entry.shard.index),
    missing,
    notChecked: first.targets - merging.count,
    targets: first.targets,
    profile: first.profile,
  };
  if (missing.length === 0 && merged.notChecked !== 0 && !shards.some((entry) => entry.loaded.report.interrupted))
    throw new MergeError(`the shards hold ${plural(merging.count, 'result')}, but the input has ${plural(first.targets, 'target')}`);
  const partial = partialNote(set, merged);
  const alerts = [merging.blocked, partial].filter((note): note is string => note !== null);
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: shards.map((entry) => entry.loaded.report.generatedAt).sort()[0]!,
    profile: shards[0]!.loaded.report.profile,
    results: merging.results,
    notes: [...alerts, ...merging.traffic, ...shardNotes(shards, merging.own)],
    gate,
    interrupted: null,
    baseline: null,
    // Every shard read the whole of the Email Log Files: the totals are the run's, the same in each.
    traffic: shards[0]!.loaded.report.traffic,
    shard: null,
    merged,
  };
  const { baseline } = request;
  if (baseline) {
    if (baseline.loaded.skipped > 0)
      report.notes.push(
        `${baseline.file}: ${baseline.loaded.skipped} malformed result(s) skipped (${baseline.loaded.problems.join('; ')})`,
      );
    report.baseline = compareReports(baseline.loaded.report, report, baseline.file);
  } else report.baseline = joinedBaselines(shards);
  return { report, alerts };
}

/** The result with the gate setting the merge's gate gives its domain (`otherwise`: the profile's default). */
export function withGateSetting(result: DomainResult, gate: GateConfig | null, otherwise: SettingName): DomainResult {
  const gateSetting = gateSettingFor(result.domain, gate, otherwise);
  return gateSetting === result.gateSetting ? result : { ...result, gateSetting };
}

/**
 * The notes every shard wrote (input warnings, the preferred-verify reading), once each, in
 * order; without those computed from a shard's own results, which are computed again over all.
 */
function shardNotes(shards: readonly CheckedShard[], ownNotes: MergedResults['own']): string[] {
  const notes: string[] = [];
  for (const entry of shards) {
    const own = new Set(ownNotes(entry));
    for (const note of entry.loaded.report.notes) if (!own.has(note) && !notes.includes(note)) notes.push(note);
  }
  return notes;
}

function partialNote(set: ReturnType<typeof checkShardSet>, merged: MergeInfo): string | null {
  if (merged.notChecked === 0 && set.missing.length === 0) return null;
  const interrupted = set.shards.filter((entry) => entry.loaded.report.interrupted).map((entry) => entry.shard.index);
  const parts = [
    set.missing.length > 0 ? `${set.missing.length === 1 ? 'shard' : 'shards'} ${listNumbers(set.missing)} missing` : null,
    interrupted.length > 0 ? `${interrupted.length === 1 ? 'shard' : 'shards'} ${listNumbers(interrupted)} interrupted` : null,
  ].filter((part) => part !== null);
  const checked = merged.targets - merged.notChecked;
  return (
    `partial merge (--allow-partial) of ${merged.shards.length} of ${merged.count} shards: ${parts.join(', ')}; ` +
    `${formatCount(merged.notChecked)} of ${plural(merged.targets, 'target')} not checked. The gate and the summary speak of the ${formatCount(checked)} checked.`
  );
}

/** Shards compared with the same baseline each hold their domains' changes: together, the whole run's. */
function joinedBaselines(shards: readonly CheckedShard[]): BaselineComparison | null {
  const comparisons = shards.map((entry) => entry.loaded.report.baseline);
  if (comparisons.every((comparison) => comparison === null)) return null;
  const [first] = comparisons;
  const same = comparisons.every((c) => c !== null && first !== null && c.file === first.file && c.generatedAt === first.generatedAt);
  if (!same || !first)
    throw new MergeError('the shards were not all compared with the same --baseline: give --baseline to the merge instead');
  return { file: first.file, generatedAt: first.generatedAt, changes: comparisons.flatMap((c) => c!.changes).sort(changeOrder) };
}
