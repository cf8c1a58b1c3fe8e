/**
 * CSV for spreadsheets, wide: one row per domain with the verdict of every setting side by side,
 * so a sheet can be filtered on "required = no". Same cells as the long form (src/render/csv.ts):
 * RFC 4180, CRLF, control characters made visible, no cell can start a formula.
 */
import type { DomainResult, Report } from '../model/report.js';
import { SETTING_NAMES } from '../model/settings.js';
import { csvDocument, deliverableCell } from './csv.js';
import { CSV_POLICY_COLUMNS, policyCells } from './policy-text.js';
import { reasonsText } from './reason-text.js';

const PER_SETTING = SETTING_NAMES.flatMap((name) => [name, `${name}_transport`, `${name}_via`, `${name}_why`] as const);

export const CSV_WIDE_COLUMNS = ['input', 'domain', 'recipients', ...PER_SETTING, 'gate_setting', 'mx', 'sources'] as const;

export function renderCsvWide(report: Report): string {
  // The policy columns come last, once any domain had its policies looked up.
  if (!report.results.some((result) => result.policy !== null)) return csvDocument([[...CSV_WIDE_COLUMNS], ...report.results.map(row)]);
  const rows = report.results.map((result) => [...row(result), ...policyCells(result.policy)]);
  return csvDocument([[...CSV_WIDE_COLUMNS, ...CSV_POLICY_COLUMNS], ...rows]);
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
