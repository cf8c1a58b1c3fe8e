/**
 * Microsoft 365 (Exchange Online): outbound mail to the recipient's MX without a connector (the
 * default), and an outbound connector's TlsSettings. Exchange Online honours the receiver's
 * MTA-STS and DANE (on by default since 2022). Mail that fails a connector's TLS requirement is
 * queued and retried for 24 hours, then returned (NDR 450 4.4.317, 4.7.320): the sender sees a delay first.
 */
import { OPPORTUNISTIC_DEFAULT, type Profile } from '../settings.js';

const CONNECTOR = 'Microsoft Learn, New-OutboundConnector -TlsSettings / -TlsDomain';
const MIN_TLS_NOTE =
  'microsoft365: the lowest TLS version Exchange Online negotiates is not documented for outbound mail; judged as TLS 1.2.';

const base = {
  startTls: true,
  minTls: 'TLSv1.2',
  mtaSts: true,
  dane: 'opportunistic',
  note: null,
  source: CONNECTOR,
  withoutTls: 'not-delivered',
  onFailure: 'defer-then-bounce',
} as const;

export const MICROSOFT365: Profile = {
  name: 'microsoft365',
  platform: 'Microsoft 365',
  title: 'Microsoft 365 (Exchange Online, outbound connector TlsSettings)',
  settings: [
    {
      ...base,
      ...OPPORTUNISTIC_DEFAULT,
      label: 'default (no connector)',
      summary: "opportunistic TLS honouring the receiver's MTA-STS (enforce) and DANE; plaintext otherwise",
      note: MIN_TLS_NOTE,
      source: 'Microsoft Learn, "How SMTP DNS-based Authentication of Named Entities (DANE) works"; "Enhancing mail flow with MTA-STS"',
    },
    {
      ...base,
      name: 'EncryptionOnly',
      label: 'EncryptionOnly',
      short: 'enc',
      verify: null,
      summary: 'TLS or nothing, any certificate; retried 24 hours, then bounced',
    },
    {
      ...base,
      name: 'CertificateValidation',
      label: 'CertificateValidation',
      short: 'cert',
      verify: { trust: true, names: [], wildcard: 'one-label' },
      summary: 'TLS with a certificate from a trusted CA, any name; retried 24 hours, then bounced',
    },
    {
      ...base,
      name: 'DomainValidation',
      label: 'DomainValidation',
      short: 'domain',
      verify: { trust: true, names: ['configured'], wildcard: 'one-label' },
      summary: "TLS with a trusted certificate whose name matches the connector's TlsDomain (--tls-domain); retried 24 hours, then bounced",
      note: 'DomainValidation: the TlsDomain is the --tls-domain given; without one, the recipient domain and the names under it.',
    },
  ],
  view: 'EncryptionOnly',
  atRisk: ['EncryptionOnly', 'DomainValidation'],
  maxAddresses: null,
};
