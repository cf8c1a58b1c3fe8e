/** One entry point from a finished report to the text of the chosen format. */
import type { ChalkInstance } from 'chalk';
import type { Report } from '../model/report.js';
import type { RunFacts } from '../model/run-facts.js';
import type { ExitPolicy } from '../verdict/gate.js';
import type { Width } from './layout.js';
import { listResults, type ListedResults, type OnlyFilter } from '../verdict/only.js';
import { renderCsv } from './csv.js';
import { renderCsvWide } from './csv-wide.js';
import { renderHtml } from './html.js';
import { jsonPieces, renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { DEFAULT_MARKDOWN_LIMIT, renderMarkdown } from './markdown.js';
import { renderNdjson } from './ndjson.js';
import { renderTable } from './table.js';

export const FORMATS = ['table', 'json', 'ndjson', 'csv', 'csv-wide', 'junit', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * The formats people open in a spreadsheet. Written to a file they start with a UTF-8 BOM, the
 * one sign Excel takes for "this CSV is UTF-8"; on stdout they have none (pipelines).
 */
export const SPREADSHEET_FORMATS: readonly Format[] = ['csv', 'csv-wide'];

export interface RenderOptions {
  /** Colours for the table (a level-0 instance for plain text). */
  paint: ChalkInstance;
  /** Table: every MX address per domain, or one line per domain. */
  details: boolean;
  /** What decides the exit code besides the gate (the table and Markdown state the gate's line). */
  policy?: ExitPolicy;
  /** Table: the terminal's width, or null (piped, a file): lines stay whole. */
  width?: Width;
  /** --only: list only these domains; summaries, the impact and the gate still count the whole run. */
  only?: OnlyFilter | null;
  /** Markdown: the most characters (UTF-16 code units) the report may take; shortened to fit. */
  markdownLimit?: number;
  /** HTML: the tool's version and the options that change verdicts ("How this report was made"). */
  facts?: RunFacts | null;
}

/**
 * With --only, every format lists the same view (`listed`); the table, JUnit, JSON and Markdown
 * also get the whole report for what speaks of the run and say that the list is filtered (so does HTML).
 */
export function renderReport(whole: Report, format: Format, options: RenderOptions): string {
  const view: ListedResults | null = options.only ? listResults(whole, options.only) : null;
  const report: Report = view ? { ...whole, results: view.results } : whole;
  switch (format) {
    case 'table':
      return renderTable(whole, options, view);
    case 'json':
      return renderJson(whole, view);
    case 'ndjson':
      return renderNdjson(whole, view);
    case 'csv':
      return renderCsv(report);
    case 'csv-wide':
      return renderCsvWide(report);
    case 'junit':
      return renderJunit(report, view?.listing ?? null);
    case 'markdown':
      return renderMarkdown(whole, { view, limit: options.markdownLimit ?? DEFAULT_MARKDOWN_LIMIT, policy: options.policy });
    case 'html':
      return renderHtml(whole, { view, policy: options.policy, facts: options.facts });
  }
}

/**
 * The same text in pieces, for writing without ever holding the whole report as one string: json
 * (the format that can be large and is not streamed) comes a result at a time, the others whole.
 */
export function renderReportPieces(whole: Report, format: Format, options: RenderOptions): Iterable<string> {
  if (format !== 'json') return [renderReport(whole, format, options)];
  return jsonPieces(whole, options.only ? listResults(whole, options.only) : null);
}
