/**
 * Google Workspace: the default outbound delivery (TLS when offered, MTA-STS enforced) and the
 * "Secure transport (TLS) compliance" rule with its two options. A message that fails the rule is
 * bounced after one attempt.
 */
import { OPPORTUNISTIC_DEFAULT, TRUSTED_MX_OR_DOMAIN, type Profile } from '../settings.js';

const RULE = 'Google Workspace Admin Help 2520500 ("Require a secure connection for email") and 9261504';
const HOSTNAME_NOTE =
  'google: "validate the certificate hostname" does not say which host name; a name matching the MX host or the recipient domain passes.';

const rule = {
  startTls: true,
  minTls: 'TLSv1',
  mtaSts: true,
  dane: 'no',
  withoutTls: 'not-delivered',
  onFailure: 'bounce',
  note: null,
  source: RULE,
} as const;

export const GOOGLE: Profile = {
  name: 'google',
  platform: 'Google Workspace',
  title: 'Google Workspace (secure transport compliance rule)',
  settings: [
    {
      ...rule,
      ...OPPORTUNISTIC_DEFAULT,
      summary: "TLS when offered, plaintext otherwise; the receiver's MTA-STS policy in mode enforce is honoured",
      source: 'Google Workspace Admin Help 9261504 ("About MTA-STS and TLS reporting")',
    },
    {
      ...rule,
      name: 'secure-transport',
      label: 'Secure transport (TLS)',
      short: 'tls',
      verify: null,
      summary: 'TLS or a bounce after one attempt; any certificate',
    },
    {
      ...rule,
      name: 'secure-transport+ca-signed',
      label: 'Secure transport, require CA-signed certificate',
      short: 'tls-ca',
      verify: { trust: true, names: [], wildcard: 'one-label' },
      summary: 'TLS with a certificate from a trusted CA, any name; a bounce otherwise',
    },
    {
      ...rule,
      name: 'secure-transport+ca-signed+hostname',
      label: 'Secure transport, CA-signed certificate, validate hostname',
      short: 'tls-hn',
      verify: TRUSTED_MX_OR_DOMAIN,
      summary: 'TLS with a trusted certificate whose name matches; a bounce otherwise',
      note: HOSTNAME_NOTE,
    },
  ],
  view: 'secure-transport',
  atRisk: ['secure-transport', 'secure-transport+ca-signed+hostname'],
  maxAddresses: null,
};
