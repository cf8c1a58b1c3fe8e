/**
 * NDJSON: one DomainResult per line, written as each domain completes, so a long batch can be
 * consumed (jq, a log shipper) while it runs.
 *
 * Every line is a DomainResult and nothing else: no header or trailing "summary" line, so a
 * consumer parses every line the same way. The run-level fields of the report (generatedAt,
 * notes, gate, interrupted, baseline) are therefore not in this format; use --format json for
 * them. Each line is exactly the JSON of the result (the schemaVersion 1 `results[]` entry).
 */
import type { DomainResult, Report } from '../model/report.js';
import { safeJson } from './json.js';

export function renderNdjsonLine(result: DomainResult): string {
  return `${safeJson(result)}\n`;
}

export function renderNdjson(report: Report): string {
  return report.results.map(renderNdjsonLine).join('');
}
