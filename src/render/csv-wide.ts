/**
 * CSV for spreadsheets, wide: one row per domain with the verdict of every setting side by side,
 * so a sheet can be filtered on "required = no". Same cells as the long form (src/render/csv.ts):
 * RFC 4180, CRLF, control characters made visible, no cell can start a formula.
 */
import type { DomainResult, Report } from '../model/report.js';
import { settingNames, type Profile } from '../model/settings.js';
import { CSV_TRAFFIC_COLUMNS, csvDocument, deliverableCell, trafficCells } from './csv.js';
import { CSV_POLICY_COLUMNS, policyCells } from './policy-text.js';
import { profileOf } from './profile.js';
import { reasonsText } from './reason-text.js';
import { verdictUnder } from '../verdict/delivery.js';

/** Four columns per setting of the profile: `required`, `required_transport`, `required_via`, `required_why`. */
export function csvWideColumns(profile: Profile): string[] {
  const perSetting = settingNames(profile).flatMap((name) => [name, `${name}_transport`, `${name}_via`, `${name}_why`]);
  return ['input', 'domain', 'recipients', ...perSetting, 'gate_setting', 'mx', 'sources'];
}

/** With Email Log File traffic (--email-log) every row ends with the same log_* columns as the long form. */
export function renderCsvWide(report: Report): string {
  const profile = profileOf(report);
  const traffic = report.results.some((result) => result.traffic !== null);
  const policies = report.results.some((result) => result.policy !== null);
  return (
    csvWideHeader(profile, policies, traffic) + report.results.map((result) => csvWideRow(result, profile, policies, traffic)).join('')
  );
}

/** The header record: the policy columns once any domain had its policies looked up; the log's (--email-log) last. */
export function csvWideHeader(profile: Profile, policies: boolean, traffic: boolean): string {
  return csvDocument([[...csvWideColumns(profile), ...(policies ? CSV_POLICY_COLUMNS : []), ...(traffic ? CSV_TRAFFIC_COLUMNS : [])]]);
}

/** The record of one result (a streamed run writes it as the result completes). */
export function csvWideRow(result: DomainResult, profile: Profile, policies: boolean, traffic: boolean): string {
  return csvDocument([
    [...row(result, profile), ...(policies ? policyCells(result.policy) : []), ...(traffic ? trafficCells(result) : [])],
  ]);
}

function row(result: DomainResult, profile: Profile): string[] {
  const settings = settingNames(profile).flatMap((name) => {
    const verdict = verdictUnder(result, name);
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
