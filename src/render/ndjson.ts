/**
 * NDJSON: one DomainResult per line, written as each domain completes, so a long batch can be
 * consumed (jq, a log shipper) while it runs; then one last line with the run-level fields of the
 * report, so the file holds the whole report (`tlscheck merge` rebuilds it from the shards' files):
 *
 *   {"type":"report","schemaVersion":1,"generatedAt":…,"profile":…,"notes":[…],"gate":…,"interrupted":…,
 *    "baseline":…,"shard":…,"merged":…,"resultLines":N}        (+ "listing" with --only)
 *
 * A result line is exactly the JSON of the result (the schemaVersion 1 `results[]` entry) and has
 * no `type`; only the last line has one. `resultLines` counts the result lines before it, so a
 * file cut short (a killed run) is told from a finished one.
 */
import type { DomainResult, Report } from '../model/report.js';
import type { ListedResults, Listing } from '../verdict/only.js';
import { safeJson } from './json.js';

export function renderNdjsonLine(result: DomainResult): string {
  return `${safeJson(result)}\n`;
}

/** The last line: the report without its results. `lines`: result lines written before it. */
export function renderNdjsonEnd(report: Report, lines: number, listing: Listing | null = null): string {
  const { schemaVersion, generatedAt, profile, notes, gate, interrupted, baseline, traffic, shard, merged } = report;
  const end = {
    type: 'report',
    schemaVersion,
    generatedAt,
    profile,
    notes,
    gate,
    interrupted,
    baseline,
    traffic,
    shard,
    merged,
    resultLines: lines,
  };
  return `${safeJson(listing ? { ...end, listing } : end)}\n`;
}

export function renderNdjson(report: Report, view: ListedResults | null = null): string {
  const results = view ? view.results : report.results;
  return results.map(renderNdjsonLine).join('') + renderNdjsonEnd(report, results.length, view?.listing ?? null);
}
