/** One entry point from a finished report to the text of the chosen format. */
import type { ChalkInstance } from 'chalk';
import type { Report } from '../model/report.js';
import type { ExitPolicy } from '../verdict/gate.js';
import type { Width } from './layout.js';
import { renderCsv } from './csv.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderNdjson } from './ndjson.js';
import { renderTable } from './table.js';

export const FORMATS = ['table', 'json', 'ndjson', 'csv', 'junit', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  /** Colours for the table (a level-0 instance for plain text). */
  paint: ChalkInstance;
  /** Table: every MX address per domain, or one line per domain. */
  details: boolean;
  /** What decides the exit code besides the gate (the table and Markdown state the gate's line). */
  policy?: ExitPolicy;
  /** Table: the terminal's width, or null (piped, a file): lines stay whole. */
  width?: Width;
}

export function renderReport(report: Report, format: Format, options: RenderOptions): string {
  switch (format) {
    case 'table':
      return renderTable(report, options);
    case 'json':
      return renderJson(report);
    case 'ndjson':
      return renderNdjson(report);
    case 'csv':
      return renderCsv(report);
    case 'junit':
      return renderJunit(report);
    case 'markdown':
      return renderMarkdown(report, options.policy);
  }
}
