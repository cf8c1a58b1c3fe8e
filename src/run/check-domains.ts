/**
 * One run, from targets to the finished Report: check every target (bounded concurrency, partial
 * results on abort), then assemble the run-wide parts: notes, the gate, the interruption, and
 * the comparison with a baseline. The CLI only parses, calls this, renders, writes and exits.
 */
import type { LoadedBaseline } from '../baseline/load.js';
import { shardOf } from '../input/shard.js';
import { SCHEMA_VERSION, type DomainResult, type Report, type ShardInfo, type ShardSpec } from '../model/report.js';
import { profileNotes, settingNames } from '../model/settings.js';
import type { Target } from '../model/target.js';
import { compareReports } from '../verdict/changes.js';
import { summarizeTraffic, trafficNotes } from '../verdict/traffic.js';
import type { LogReading } from '../model/traffic.js';
import { policyNote } from '../verdict/policy-note.js';
import { silentResolverNote } from '../verdict/run-notes.js';
import { RunTally } from '../verdict/run-tally.js';
import { runBatch, type ProgressObserver } from './batch.js';
import type { RunContext } from './run-context.js';
import { runProfile } from './run-profile.js';

export interface CheckRequest {
  targets: readonly Target[];
  /** Remarks about the input (duplicates merged, unreadable lines): carried into the report's notes. */
  inputWarnings: readonly string[];
  /** Files and rows of the Email Log Files read (--email-log); null or absent without them. */
  logReading?: LogReading | null;
  /** An earlier run to compare with, as `--baseline` named it; null without one. */
  baseline: { file: string; loaded: LoadedBaseline } | null;
  /** Domains in flight at once. */
  concurrency: number;
  signal?: AbortSignal;
  observer?: ProgressObserver;
  /** Each result as it completes (ndjson and csv stream them), with its index in `targets`. */
  onResult?: (result: DomainResult, index: number) => void;
  /**
   * Keep the results in the report (default true). A streamed run passes false: `report.results`
   * is then empty, and what the run says about itself (the gate, the counts) is in `tally`.
   */
  keepResults?: boolean;
  /**
   * --shard: `targets` are this shard's share (input/shard.ts), `total` and `input` describe the whole
   * input; the baseline is narrowed to the shard's domains. Null or absent: not sharded.
   */
  shard?: { spec: ShardSpec; total: number; input: string } | null;
}

export interface CheckedRun {
  report: Report;
  /** Run-wide findings a person should see even when the report goes to a file (e.g. port 25 blocked). */
  alerts: string[];
  /** Every checked result, counted as it completed: the gate and the counts, kept results or not. */
  tally: RunTally;
}

export async function checkDomains(request: CheckRequest, ctx: RunContext): Promise<CheckedRun> {
  const started = ctx.now();
  const tally = new RunTally(ctx.gate, settingNames(ctx.profile));
  const { onResult } = request;
  const outcome = await runBatch(request.targets, ctx, {
    concurrency: request.concurrency,
    signal: request.signal,
    observer: request.observer,
    keepResults: request.keepResults ?? true,
    onResult: (result, index) => {
      tally.add(result);
      onResult?.(result, index);
    },
  });
  const alerts = [silentResolverNote(ctx.resolver.activity()), tally.blockedPortNote(ctx.port)].filter(
    (note): note is string => note !== null,
  );
  const policies = policyNote(outcome.results, ctx.profile, ctx.policies);
  const notes = [
    ...alerts,
    ...trafficNotes(outcome.results),
    ...request.inputWarnings,
    ...profileNotes(ctx.profile),
    ...(policies ? [policies] : []),
  ];
  const { baseline, shard } = request;
  if (baseline && baseline.loaded.skipped > 0) {
    notes.push(`${baseline.file}: ${baseline.loaded.skipped} malformed result(s) skipped (${baseline.loaded.problems.join('; ')})`);
  }
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: started.toISOString(),
    profile: ctx.profile.name,
    results: outcome.results,
    notes,
    gate: ctx.gate,
    interrupted: outcome.notChecked > 0 ? { notChecked: outcome.notChecked } : null,
    baseline: null,
    traffic: request.logReading ? summarizeTraffic(ctx.traffic.values(), request.logReading) : null,
    shard: shard ? shardInfo(shard, ctx) : null,
    merged: null,
  };
  if (baseline) {
    const before = shard ? inShard(baseline.loaded.report, shard.spec) : baseline.loaded.report;
    report.baseline = compareReports(before, report, baseline.file);
  }
  return { report, alerts, tally };
}

function shardInfo(shard: NonNullable<CheckRequest['shard']>, ctx: RunContext): ShardInfo {
  return { ...shard.spec, targets: shard.total, input: shard.input, profile: runProfile(ctx) };
}

/** The part of an earlier report this shard compares with: the other shards' domains are neither new nor gone. */
function inShard(report: Report, spec: ShardSpec): Report {
  return { ...report, results: report.results.filter((result) => shardOf(result.domain, spec.count) === spec.index) };
}
