/**
 * Twilio SendGrid enforced TLS (PATCH /v3/user/settings/enforced_tls: require_tls,
 * require_valid_cert, version). A message that cannot meet it is dropped with a block event
 * ("TLS required but not supported"). The version is an option here: --min-tls.
 */
import { OPPORTUNISTIC_DEFAULT, TRUSTED_MX_OR_DOMAIN, type Profile } from '../settings.js';

const API = 'SendGrid API reference, "Enforced TLS"';
const base = {
  startTls: true,
  minTls: 'TLSv1.1',
  mtaSts: false,
  dane: 'no',
  source: API,
  note: null,
} as const;

export const SENDGRID: Profile = {
  name: 'sendgrid',
  platform: 'SendGrid',
  title: 'Twilio SendGrid (enforced TLS)',
  settings: [
    {
      ...base,
      ...OPPORTUNISTIC_DEFAULT,
      summary: 'opportunistic TLS, plaintext otherwise',
    },
    {
      ...base,
      name: 'require_tls',
      label: 'require_tls',
      short: 'tls',
      withoutTls: 'not-delivered',
      verify: null,
      onFailure: 'drop',
      summary: 'TLS (version 1.1 or newer unless --min-tls says otherwise) or the message is dropped; any certificate',
    },
    {
      ...base,
      name: 'require_tls+require_valid_cert',
      label: 'require_tls + require_valid_cert',
      short: 'valid',
      withoutTls: 'not-delivered',
      verify: TRUSTED_MX_OR_DOMAIN,
      onFailure: 'drop',
      summary: 'TLS with a valid certificate or the message is dropped',
      note: 'sendgrid: require_valid_cert does not say which name the certificate must carry; the MX host or the recipient domain passes.',
    },
  ],
  view: 'require_tls',
  atRisk: ['require_tls', 'require_tls+require_valid_cert'],
  maxAddresses: null,
};
