/**
 * Which results a switch to `setting` concerns. With `--require X --restrict list`, only the
 * listed domains get X and the others stay on preferred, so the answer for X counts the listed
 * ones (as the table summary and Markdown do); every other setting concerns every result.
 */
import type { DomainResult, Report } from '../model/report.js';
import type { SettingName } from '../model/settings.js';

export function switchedBy(report: Report, setting: SettingName): DomainResult[] {
  const gate = report.gate;
  if (!gate?.restrict || gate.setting !== setting) return report.results;
  return report.results.filter((result) => (result.gateSetting ?? gate.setting) === setting);
}
