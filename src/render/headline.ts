/**
 * The ten-second answer for one domain: would switching to the profile's view setting (Salesforce:
 * Required) or its strictest one (Required Verify) stop mail, and why. Pure: derived from the
 * settings verdicts only.
 */
import type { DomainResult, SettingVerdict } from '../model/report.js';
import { settingRule, type Profile } from '../model/settings.js';
import { getsNoMail, verdictUnder } from '../verdict/delivery.js';
import { reasonsText } from './reason-text.js';

export type HeadlineTone = 'ok' | 'warn' | 'bad' | 'unknown';

export interface Headline {
  tone: HeadlineTone;
  text: string;
}

export function headline(result: DomainResult, profile: Profile): Headline {
  const lenient = verdictUnder(result, profile.settings[0]!.name);
  const view = profile.view;
  const strict = profile.atRisk[profile.atRisk.length - 1] ?? view;
  const required = verdictUnder(result, view);
  const verify = verdictUnder(result, strict);
  const label = (name: string) => settingRule(profile, name).label;
  if (getsNoMail(result)) return { tone: 'bad', text: `no mail is delivered under any setting: ${why(lenient)}` };
  if (lenient.deliverable === null && required.deliverable === null) {
    return { tone: 'unknown', text: `undetermined: ${why(required)}` };
  }
  if (required.deliverable === false) return { tone: 'bad', text: `mail stops under ${label(view)}: ${why(required)}` };
  if (required.deliverable === null) return { tone: 'unknown', text: `undetermined under ${label(view)}: ${why(required)}` };
  if (strict === view) return { tone: 'ok', text: `safe: delivered over ${transportWords(required)} via ${required.via}` };
  if (verify.deliverable === true) return { tone: 'ok', text: `safe: delivered over verified TLS via ${verify.via}` };
  if (verify.deliverable === null)
    return { tone: 'warn', text: `safe under ${label(view)}; ${label(strict)} undetermined: ${why(verify)}` };
  return { tone: 'warn', text: `safe under ${label(view)}; mail stops under ${label(strict)}: ${why(verify)}` };
}

function transportWords(verdict: SettingVerdict): string {
  return verdict.transport === 'verified-tls' ? 'verified TLS' : verdict.transport === 'tls' ? 'TLS' : 'plaintext';
}

function why(verdict: SettingVerdict): string {
  return reasonsText(verdict.reasons) || 'unknown';
}
