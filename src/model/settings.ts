/**
 * The outbound TLS settings as data (Salesforce Setup > Deliverability > TLS). Adding another
 * platform's levels is adding rows here, not branches in the verdict.
 */

export const SETTING_NAMES = ['preferred', 'required', 'preferred-verify', 'required-verify'] as const;
export type SettingName = (typeof SETTING_NAMES)[number];

/**
 * The TlsSetting of the Email Relay hop (platform -> the customer's relay): the four settings
 * plus `off`. A relay result is judged under all five, a domain under the four.
 */
export const RELAY_SETTING_NAMES = ['off', ...SETTING_NAMES] as const;
export type RelaySettingName = (typeof RELAY_SETTING_NAMES)[number];

export interface SettingRule {
  /** Whether the platform sends STARTTLS when the server offers it (false: plaintext even then). */
  startTls: boolean;
  /** What happens when the host offers no TLS, or TLS cannot be negotiated (454, failed handshake, TLS < 1.2). */
  withoutTls: 'plaintext' | 'not-delivered';
  /** Whether the certificate must verify (trusted chain, validity window, name = MX host or recipient domain). */
  verify: boolean;
  /** One line for the report. */
  summary: string;
}

export const SETTINGS: Record<RelaySettingName, SettingRule> = {
  off: {
    startTls: false,
    withoutTls: 'plaintext',
    verify: false,
    summary: 'TLS turned off: plaintext even when the server offers STARTTLS (Email Relay only)',
  },
  preferred: {
    startTls: true,
    withoutTls: 'plaintext',
    verify: false,
    summary: 'TLS when the server offers it, no certificate checks; plaintext otherwise (default)',
  },
  required: {
    startTls: true,
    withoutTls: 'not-delivered',
    verify: false,
    summary: 'TLS or nothing; no certificate checks',
  },
  'preferred-verify': {
    startTls: true,
    withoutTls: 'plaintext',
    verify: true,
    summary: 'verified TLS when offered (a failed verification is not delivered); plaintext when TLS is not offered',
  },
  'required-verify': {
    startTls: true,
    withoutTls: 'not-delivered',
    verify: true,
    summary: 'verified TLS or nothing',
  },
};

/** Said in every report that judges preferred-verify: the two Salesforce texts disagree. */
export const PREFERRED_VERIFY_NOTE =
  'preferred-verify: a failed certificate verification is judged "not delivered" (Salesforce API reference, ' +
  'EmailRelay TlsSetting); Salesforce Help says such mail goes out unencrypted instead.';

export function isSettingName(value: string): value is SettingName {
  return (SETTING_NAMES as readonly string[]).includes(value);
}

export function isRelaySettingName(value: string): value is RelaySettingName {
  return (RELAY_SETTING_NAMES as readonly string[]).includes(value);
}
