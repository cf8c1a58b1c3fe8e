/** Salesforce, Setup > Deliverability > TLS settings, and the Email Relay's TlsSetting (which adds `off`). */
import { TRUSTED_MX_OR_DOMAIN, type Profile, type SettingRule } from '../settings.js';

/** "the host to which we connected" (Help) / "matches the domain or mail exchange" (older text): either passes. */
const VERIFIED = TRUSTED_MX_OR_DOMAIN;
const HELP = 'Salesforce Help, "Transport Layer Security (TLS) settings"';

const base = {
  startTls: true,
  minTls: 'TLSv1.2',
  mtaSts: false,
  dane: 'no',
  note: null,
  source: HELP,
} as const;

const preferred: SettingRule = {
  ...base,
  name: 'preferred',
  label: 'Preferred',
  short: 'pref',
  withoutTls: 'plaintext',
  verify: null,
  onFailure: 'plaintext',
  summary: 'TLS when the server offers it, no certificate checks; plaintext otherwise (default)',
};

export const SALESFORCE: Profile = {
  name: 'salesforce',
  platform: 'Salesforce',
  title: 'Salesforce',
  settings: [
    preferred,
    {
      ...base,
      name: 'required',
      label: 'Required',
      short: 'req',
      withoutTls: 'not-delivered',
      verify: null,
      onFailure: 'bounce',
      summary: 'TLS or nothing; no certificate checks',
    },
    {
      ...base,
      name: 'preferred-verify',
      label: 'Preferred Verify',
      short: 'pref-v',
      withoutTls: 'plaintext',
      verify: VERIFIED,
      onFailure: 'bounce',
      summary: 'verified TLS when offered (a failed verification is not delivered); plaintext when TLS is not offered',
      note:
        'preferred-verify: a failed certificate verification is judged "not delivered" (Salesforce API reference, ' +
        'EmailRelay TlsSetting); Salesforce Help says such mail goes out unencrypted instead.',
      source: `${HELP}; Salesforce API reference, EmailRelay TlsSetting`,
    },
    {
      ...base,
      name: 'required-verify',
      label: 'Required Verify',
      short: 'req-v',
      withoutTls: 'not-delivered',
      verify: VERIFIED,
      onFailure: 'bounce',
      summary: 'verified TLS or nothing',
    },
  ],
  view: 'required',
  atRisk: ['required', 'required-verify'],
  maxAddresses: null,
};

/**
 * The Email Relay hop (platform -> the customer's relay): the four settings plus `off`. A relay is
 * judged under all five; its verification names are the configured relay name or its MX host.
 */
export const SALESFORCE_RELAY: Profile = {
  ...SALESFORCE,
  settings: [
    {
      ...preferred,
      name: 'off',
      label: 'Off',
      short: 'off',
      startTls: false,
      summary: 'TLS turned off: plaintext even when the server offers STARTTLS (Email Relay only)',
      source: 'Salesforce API reference, EmailRelay TlsSetting',
    },
    ...SALESFORCE.settings,
  ],
  view: 'required-verify',
  atRisk: ['required', 'required-verify'],
};
