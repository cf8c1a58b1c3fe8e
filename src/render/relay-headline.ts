/**
 * The one-line answer for a relay: "can the relay be set to X?", X being the gate's setting
 * (with --auth: required-verify), else required-verify, the setting security teams ask for.
 * Pure: derived from the settings verdicts only.
 */
import type { RelayResult } from '../model/relay.js';
import type { SettingVerdict } from '../model/report.js';
import type { SettingName } from '../model/settings.js';
import type { Headline } from './headline.js';
import { reasonsText } from './reason-text.js';

/** From the setting that promises most (verified TLS or nothing) to the one that promises nothing. */
const STRICTEST_FIRST: readonly SettingName[] = ['required-verify', 'required', 'preferred-verify', 'preferred', 'off'];

export function relayQuestion(result: RelayResult): SettingName {
  return result.gateSetting ?? 'required-verify';
}

export function relayHeadline(result: RelayResult): Headline {
  const setting = relayQuestion(result);
  const verdict = result.settings[setting];
  const question = `can the relay be set to ${setting}${result.auth.required ? ' with SMTP authentication' : ''}?`;
  if (verdict.deliverable === true) return { tone: 'ok', text: `${question} yes: ${how(verdict)} via ${verdict.via}` };
  const strictest = STRICTEST_FIRST.find((name) => result.settings[name].deliverable === true);
  const fallback = strictest ? `; the strictest setting that works: ${strictest}` : '; no setting works';
  if (verdict.deliverable === null) return { tone: 'unknown', text: `${question} undetermined: ${why(verdict)}${fallback}` };
  return { tone: 'bad', text: `${question} no: ${why(verdict)}${fallback}` };
}

function how(verdict: SettingVerdict): string {
  return verdict.transport === 'verified-tls' ? 'verified TLS' : verdict.transport === 'tls' ? 'TLS' : 'plaintext';
}

function why(verdict: SettingVerdict): string {
  return reasonsText(verdict.reasons) || 'unknown';
}
