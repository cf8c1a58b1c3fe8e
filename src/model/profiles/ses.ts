/** Amazon SES: a configuration set's DeliveryOptions.TlsPolicy. A message that cannot be sent over TLS under Require is dropped. */
import type { Profile } from '../settings.js';

const API = 'Amazon SES API reference, DeliveryOptions (TlsPolicy)';
const base = {
  startTls: true,
  minTls: 'TLSv1.2',
  mtaSts: false,
  dane: 'no',
  verify: null,
  source: API,
} as const;

export const SES: Profile = {
  name: 'ses',
  platform: 'Amazon SES',
  title: 'Amazon SES (configuration set TlsPolicy)',
  settings: [
    {
      ...base,
      name: 'Optional',
      label: 'Optional',
      short: 'opt',
      withoutTls: 'plaintext',
      onFailure: 'plaintext',
      summary: 'TLS when offered, plaintext otherwise (default)',
      note: 'ses: SES negotiates TLS 1.3 by default and accepts older versions without saying how old; judged as TLS 1.2 at the oldest.',
    },
    {
      ...base,
      name: 'Require',
      label: 'Require',
      short: 'req',
      withoutTls: 'not-delivered',
      onFailure: 'drop',
      summary: 'TLS or the message is dropped; any certificate',
      note: 'ses: Require does not document a certificate check; judged as accepting any certificate.',
    },
  ],
  view: 'Require',
  atRisk: ['Require'],
  maxAddresses: null,
};
