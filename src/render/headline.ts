/**
 * The ten-second answer for one domain: would switching to Required (or Required Verify) stop
 * mail, and why. Pure: derived from the settings verdicts only.
 */
import type { DomainResult, SettingVerdict } from '../model/report.js';
import { reasonsText } from './reason-text.js';

export type HeadlineTone = 'ok' | 'warn' | 'bad' | 'unknown';

export interface Headline {
  tone: HeadlineTone;
  text: string;
}

export function headline(result: DomainResult): Headline {
  const { preferred, required } = result.settings;
  const verify = result.settings['required-verify'];
  if (preferred.deliverable === false) return { tone: 'bad', text: `no mail is delivered under any setting: ${why(preferred)}` };
  if (preferred.deliverable === null && required.deliverable === null) {
    return { tone: 'unknown', text: `undetermined: ${why(required)}` };
  }
  if (required.deliverable === false) return { tone: 'bad', text: `mail stops under Required: ${why(required)}` };
  if (required.deliverable === null) return { tone: 'unknown', text: `undetermined under Required: ${why(required)}` };
  if (verify.deliverable === true) return { tone: 'ok', text: `safe: delivered over verified TLS via ${verify.via}` };
  if (verify.deliverable === null) return { tone: 'warn', text: `safe under Required; Required Verify undetermined: ${why(verify)}` };
  return { tone: 'warn', text: `safe under Required; mail stops under Required Verify: ${why(verify)}` };
}

function why(verdict: SettingVerdict): string {
  return reasonsText(verdict.reasons) || 'unknown';
}
