/** The sender profile a report's settings belong to, and the setting it is read under. */
import { profileNamed } from '../model/profiles/index.js';
import type { DomainResult, Report } from '../model/report.js';
import type { Profile, SettingName } from '../model/settings.js';

export function profileOf(report: Pick<Report, 'profile'>): Profile {
  return profileNamed(report.profile);
}

/** --require's setting, else the switch the profile's admins are asked to make (Salesforce: required). */
export function viewSetting(report: Pick<Report, 'profile' | 'gate'>): SettingName {
  return report.gate?.setting ?? profileOf(report).view;
}

/** The setting one result is judged under: its own gate setting (--restrict), else the report's. */
export function judgedUnder(report: Pick<Report, 'profile' | 'gate'>): (result: DomainResult) => SettingName {
  const view = viewSetting(report);
  return (result) => result.gateSetting ?? view;
}
