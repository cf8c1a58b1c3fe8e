/**
 * CSV for spreadsheets, wide: one row per domain with the verdict of every setting side by side,
 * so a sheet can be filtered on "required = no". Same cells as the long form (src/render/csv.ts):
 * RFC 4180, CRLF, control characters made visible, no cell can start a formula.
 */
import type { DomainResult, Report } from '../model/report.js';
import { SETTING_NAMES } from '../model/settings.js';
import { CSV_TRAFFIC_COLUMNS, csvDocument, deliverableCell, trafficCells } from './csv.js';
import { reasonsText } from './reason-text.js';

const PER_SETTING = SETTING_NAMES.flatMap((name) => [name, `${name}_transport`, `${name}_via`, `${name}_why`] as const);

export const CSV_WIDE_COLUMNS = ['input', 'domain', 'recipients', ...PER_SETTING, 'gate_setting', 'mx', 'sources'] as const;

/** With Email Log File traffic (--email-log) every row ends with the same log_* columns as the long form. */
export function renderCsvWide(report: Report): string {
  const traffic = report.results.some((result) => result.traffic !== null);
  return csvWideHeader(traffic) + report.results.map((result) => csvWideRow(result, traffic)).join('');
}

/** The header record; with `traffic`, the Email Log File columns too. */
export function csvWideHeader(traffic: boolean): string {
  return csvDocument([traffic ? [...CSV_WIDE_COLUMNS, ...CSV_TRAFFIC_COLUMNS] : [...CSV_WIDE_COLUMNS]]);
}

/** The record of one result (a streamed run writes it as the result completes). */
export function csvWideRow(result: DomainResult, traffic: boolean): string {
  return csvDocument([traffic ? [...row(result), ...trafficCells(result)] : row(result)]);
}

function row(result: DomainResult): string[] {
  const settings = SETTING_NAMES.flatMap((name) => {
    const verdict = result.settings[name];
    return [deliverableCell(verdict), verdict.transport ?? '', verdict.via ?? '', reasonsText(verdict.reasons)];
  });
  return [
    result.input,
    result.domain ?? '',
    String(result.recipients),
    ...settings,
    // The setting the gate judged this domain under (with --restrict, unlisted domains get preferred).
    result.gateSetting ?? '',
    result.mx.map((mx) => mx.host).join(' '),
    result.sources.join(' '),
  ];
}
