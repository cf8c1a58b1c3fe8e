/**
 * CSV for spreadsheets: one row per domain and setting, RFC 4180 (CRLF line ends, quoted fields
 * with doubled quotes). Input and server text are untrusted and a spreadsheet is a place where
 * text runs as code, so every cell is made formula-safe (OWASP "CSV Injection").
 */
import { settingNamesOf } from '../model/relay.js';
import { verdictUnder } from '../verdict/delivery.js';
import type { DomainResult, Report, SettingVerdict } from '../model/report.js';
import type { SettingName } from '../model/settings.js';
import { reasonsText } from './reason-text.js';
import { sanitize } from '../text/sanitize.js';
import { failuresText, versionsText } from './traffic.js';
import { CSV_POLICY_COLUMNS, policyCells } from './policy-text.js';

export const CSV_COLUMNS = [
  'input',
  'domain',
  'recipients',
  'setting',
  'applies',
  'deliverable',
  'transport',
  'via',
  'via_address',
  'reasons',
  'why',
  'sources',
] as const;

/** Added at the end of every row when the report has Email Log File traffic (--email-log). */
export const CSV_TRAFFIC_COLUMNS = [
  'log_deliveries',
  'log_tls',
  'log_verified',
  'log_unverified',
  'log_plaintext',
  'log_transient_failures',
  'log_permanent_failures',
  'log_first_seen',
  'log_last_seen',
  'log_last_plaintext',
  'log_tls_versions',
  'log_failure_reasons',
] as const;

/** RFC 4180 §2: records end with CRLF. */
const CRLF = '\r\n';

/** A spreadsheet treats a cell starting with one of these as a formula (OWASP list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180 §2.6: fields containing a comma, a double quote, CR or LF are enclosed in quotes. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One cell: control characters made visible (`\x1b`) first, never cut (this is data, not a
 * screen), then a leading apostrophe when the text would start a formula, then RFC 4180 quoting.
 */
export function csvCell(value: string): string {
  const visible = sanitize(value, Number.POSITIVE_INFINITY);
  const inert = FORMULA_START.test(visible) ? `'${visible}` : visible;
  return NEEDS_QUOTES.test(inert) ? `"${inert.replaceAll('"', '""')}"` : inert;
}

/** Rows of raw values as RFC 4180 text: every cell through `csvCell`, CRLF after every record. */
export function csvDocument(rows: readonly (readonly string[])[]): string {
  return rows.map((cells) => cells.map(csvCell).join(',') + CRLF).join('');
}

export function renderCsv(report: Report): string {
  const traffic = report.results.some((result) => result.traffic !== null);
  const policies = report.results.some((result) => result.policy !== null);
  return csvHeader(policies, traffic) + report.results.map((result) => csvRows(result, report.gate !== null, policies, traffic)).join('');
}

/** The header record: the policy columns once any domain had its policies looked up; the log's (--email-log) last. */
export function csvHeader(policies: boolean, traffic: boolean): string {
  return csvDocument([[...CSV_COLUMNS, ...(policies ? CSV_POLICY_COLUMNS : []), ...(traffic ? CSV_TRAFFIC_COLUMNS : [])]]);
}

/** The records of one result, one per setting (a streamed run writes them as the result completes). */
export function csvRows(result: DomainResult, gated: boolean, policies: boolean, traffic: boolean): string {
  return csvDocument(
    settingNamesOf(result).map((setting) => [
      ...row(result, setting, gated),
      ...(policies ? policyCells(result.policy) : []),
      ...(traffic ? trafficCells(result) : []),
    ]),
  );
}

function row(result: DomainResult, setting: SettingName, gated: boolean): string[] {
  const verdict = verdictUnder(result, setting);
  // "applies": the setting this domain's mail would actually get. Without a gate every column is
  // hypothetical, so all apply; with --restrict, unlisted domains get preferred (gateSetting).
  const applies = !gated || result.gateSetting === setting;
  return [
    result.input,
    result.domain ?? '',
    String(result.recipients),
    setting,
    applies ? 'yes' : '',
    deliverableCell(verdict),
    verdict.transport ?? '',
    verdict.via ?? '',
    verdict.viaAddress ?? '',
    verdict.reasons.join(' '),
    reasonsText(verdict.reasons),
    result.sources.join(' '),
  ];
}

/** The CSV_TRAFFIC_COLUMNS cells of a result (empty when it is in no log); csv-wide ends its rows with them too. */
export function trafficCells({ traffic: t }: Pick<DomainResult, 'traffic'>): string[] {
  if (!t) return CSV_TRAFFIC_COLUMNS.map(() => '');
  const counts = [t.deliveries, t.tls, t.verified, t.unverified, t.plaintext, t.transientFailures, t.permanentFailures];
  const times = [t.firstSeen ?? '', t.lastSeen ?? '', t.lastPlaintext ?? ''];
  return [...counts.map(String), ...times, versionsText(t.tlsVersions), failuresText(t)];
}

/** yes / no / undetermined. */
export function deliverableCell(verdict: SettingVerdict): string {
  return verdict.deliverable === true ? 'yes' : verdict.deliverable === false ? 'no' : 'undetermined';
}
