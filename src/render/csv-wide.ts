/**
 * CSV for spreadsheets, wide: one row per domain with the verdict of every setting side by side,
 * so a sheet can be filtered on "required = no". Same cells as the long form (src/render/csv.ts):
 * RFC 4180, CRLF, control characters made visible, no cell can start a formula.
 */
import type { DomainResult, Report } from '../model/report.js';
import { SETTING_NAMES } from '../model/settings.js';
import { CSV_TRAFFIC_COLUMNS, csvDocument, deliverableCell, trafficCells } from './csv.js';
import { CSV_POLICY_COLUMNS, policyCells } from './policy-text.js';
import { reasonsText } from './reason-text.js';

const PER_SETTING = SETTING_NAMES.flatMap((name) => [name, `${name}_transport`, `${name}_via`, `${name}_why`] as const);

export const CSV_WIDE_COLUMNS = ['input', 'domain', 'recipients', ...PER_SETTING, 'gate_setting', 'mx', 'sources'] as const;

/** With Email Log File traffic (--email-log) every row ends with the same log_* columns as the long form. */
export function renderCsvWide(report: Report): string {
  const traffic = report.results.some((result) => result.traffic !== null);
  const policies = report.results.some((result) => result.policy !== null);
  return csvWideHeader(policies, traffic) + report.results.map((result) => csvWideRow(result, policies, traffic)).join('');
}

/** The header record: the policy columns once any domain had its policies looked up; the log's (--email-log) last. */
export function csvWideHeader(policies: boolean, traffic: boolean): string {
  return csvDocument([[...CSV_WIDE_COLUMNS, ...(policies ? CSV_POLICY_COLUMNS : []), ...(traffic ? CSV_TRAFFIC_COLUMNS : [])]]);
}

/** The record of one result (a streamed run writes it as the result completes). */
export function csvWideRow(result: DomainResult, policies: boolean, traffic: boolean): string {
  return csvDocument([[...row(result), ...(policies ? policyCells(result.policy) : []), ...(traffic ? trafficCells(result) : [])]]);
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
