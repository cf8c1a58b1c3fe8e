/**
 * The formats a run can write as it goes: a head when the run starts, then the text of each
 * result as it completes, nothing at the end. Such a run keeps no results (its memory does not
 * grow with the number of domains); what it says about itself (the gate's line, the alerts) goes to
 * stderr from the run's tally. The text is the same as the whole-report renderers give.
 */
import type { DomainResult } from '../model/report.js';
import type { Profile } from '../model/settings.js';
import { csvHeader, csvRows } from './csv.js';
import { csvWideHeader, csvWideRow } from './csv-wide.js';
import type { Format } from './index.js';
import { renderNdjsonLine } from './ndjson.js';

export const STREAMING_FORMATS = ['ndjson', 'csv', 'csv-wide'] as const satisfies readonly Format[];
export type StreamingFormat = (typeof STREAMING_FORMATS)[number];

export function isStreaming(format: Format): format is StreamingFormat {
  return (STREAMING_FORMATS as readonly Format[]).includes(format);
}

export interface StreamRenderer {
  head: string;
  row(result: DomainResult): string;
}

export interface StreamFacts {
  /** The run has a gate (csv's `applies` column). */
  gated: boolean;
  /** Policies are looked up in this run (csv's policy columns): not with --no-policies or --no-probe. */
  policies: boolean;
  /** Some result will carry Email Log File traffic (csv's traffic columns): known from the targets before the run. */
  traffic: boolean;
  /** The sender profile (csv-wide's columns, a group per setting). */
  profile: Profile;
}

export function streamRenderer(format: StreamingFormat, facts: StreamFacts): StreamRenderer {
  switch (format) {
    case 'ndjson':
      return { head: '', row: renderNdjsonLine };
    case 'csv':
      return {
        head: csvHeader(facts.policies, facts.traffic),
        row: (result) => csvRows(result, facts.gated, facts.policies, facts.traffic),
      };
    case 'csv-wide':
      return {
        head: csvWideHeader(facts.profile, facts.policies, facts.traffic),
        row: (result) => csvWideRow(result, facts.profile, facts.policies, facts.traffic),
      };
  }
}
