/**
 * One run, from targets to the finished Report: check every target (bounded concurrency, partial
 * results on abort), then assemble the run-wide parts: notes, the gate, the interruption, and
 * the comparison with a baseline. The CLI only parses, calls this, renders, writes and exits.
 */
import type { LoadedBaseline } from '../baseline/load.js';
import { SCHEMA_VERSION, type DomainResult, type Report } from '../model/report.js';
import { PREFERRED_VERIFY_NOTE } from '../model/settings.js';
import type { Target } from '../model/target.js';
import { compareReports } from '../verdict/changes.js';
import { trafficNotes } from '../verdict/traffic.js';
import { policyNote } from '../verdict/policy-note.js';
import { blockedPortNote, silentResolverNote } from '../verdict/run-notes.js';
import { runBatch, type ProgressObserver } from './batch.js';
import type { RunContext } from './run-context.js';

export interface CheckRequest {
  targets: readonly Target[];
  /** Remarks about the input (duplicates merged, unreadable lines): carried into the report's notes. */
  inputWarnings: readonly string[];
  /** An earlier run to compare with, as `--baseline` named it; null without one. */
  baseline: { file: string; loaded: LoadedBaseline } | null;
  /** Domains in flight at once. */
  concurrency: number;
  signal?: AbortSignal;
  observer?: ProgressObserver;
  /** Each result as it completes (ndjson streams them). */
  onResult?: (result: DomainResult) => void;
}

export interface CheckedRun {
  report: Report;
  /** Run-wide findings a person should see even when the report goes to a file (e.g. port 25 blocked). */
  alerts: string[];
}

export async function checkDomains(request: CheckRequest, ctx: RunContext): Promise<CheckedRun> {
  const started = ctx.now();
  const outcome = await runBatch(request.targets, ctx, {
    concurrency: request.concurrency,
    signal: request.signal,
    observer: request.observer,
    onResult: request.onResult,
  });
  const alerts = [silentResolverNote(ctx.resolver.activity()), blockedPortNote(outcome.results, ctx.port)].filter(
    (note): note is string => note !== null,
  );
  const policies = policyNote(outcome.results);
  const notes = [
    ...alerts,
    ...trafficNotes(outcome.results),
    ...request.inputWarnings,
    PREFERRED_VERIFY_NOTE,
    ...(policies ? [policies] : []),
  ];
  const { baseline } = request;
  if (baseline && baseline.loaded.skipped > 0) {
    notes.push(`${baseline.file}: ${baseline.loaded.skipped} malformed result(s) skipped (${baseline.loaded.problems.join('; ')})`);
  }
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: started.toISOString(),
    results: outcome.results,
    notes,
    gate: ctx.gate,
    interrupted: outcome.notChecked > 0 ? { notChecked: outcome.notChecked } : null,
    baseline: null,
  };
  if (baseline) report.baseline = compareReports(baseline.loaded.report, report, baseline.file);
  return { report, alerts };
}
