/** One entry point from a finished report to the text of the chosen format. */
import type { ChalkInstance } from 'chalk';
import type { Report } from '../model/report.js';
import { renderCsv } from './csv.js';
import { renderCsvWide } from './csv-wide.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderNdjson } from './ndjson.js';
import { renderTable } from './table.js';

export const FORMATS = ['table', 'json', 'ndjson', 'csv', 'csv-wide', 'junit', 'markdown'] as const;
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
}

export function renderReport(report: Report, format: Format, options: RenderOptions): string {
  switch (format) {
    case 'table':
      return renderTable(report, options.paint, options.details);
    case 'json':
      return renderJson(report);
    case 'ndjson':
      return renderNdjson(report);
    case 'csv':
      return renderCsv(report);
    case 'csv-wide':
      return renderCsvWide(report);
    case 'junit':
      return renderJunit(report);
    case 'markdown':
      return renderMarkdown(report);
  }
}
