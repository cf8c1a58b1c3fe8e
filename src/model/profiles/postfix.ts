/**
 * Postfix's `smtp_tls_security_level`, its defaults as documented (postconf(5), TLS_README):
 * - smtp_tls_protocols / smtp_tls_mandatory_protocols `>=TLSv1`: TLS 1.0 is still negotiated;
 * - smtp_tls_verify_cert_match `hostname` (verify), smtp_tls_secure_cert_match `nexthop, dot-nexthop` (secure);
 * - tls_wildcard_matches_multiple_labels `yes`;
 * - smtp_mx_address_limit `5`: at most five addresses are tried per delivery;
 * - a TLS failure at a mandatory level defers the message (next MX first), retried until
 *   maximal_queue_lifetime (5 days), then bounced; at `may` a failed handshake is retried in plaintext.
 * Postfix does not fetch MTA-STS policies itself (that takes an external smtp_tls_policy_maps daemon).
 */
import type { Profile, SettingRule } from '../settings.js';

const POSTCONF = 'postconf(5) smtp_tls_security_level; Postfix TLS_README, "Client-side TLS security levels"';

const base = {
  startTls: true,
  minTls: 'TLSv1',
  mtaSts: false,
  dane: 'no',
  note: null,
  source: POSTCONF,
} as const;

const mandatory = { ...base, withoutTls: 'not-delivered', onFailure: 'defer-then-bounce' } as const;

const may: SettingRule = {
  ...base,
  name: 'may',
  label: 'may',
  short: 'may',
  withoutTls: 'plaintext',
  verify: null,
  onFailure: 'plaintext',
  summary: 'opportunistic TLS, no certificate checks; plaintext when TLS is not offered or the handshake fails',
};

export const POSTFIX: Profile = {
  name: 'postfix',
  platform: 'Postfix',
  title: 'Postfix (smtp_tls_security_level)',
  settings: [
    may,
    {
      ...mandatory,
      name: 'encrypt',
      label: 'encrypt',
      short: 'encr',
      verify: null,
      summary: 'mandatory TLS, no certificate checks; otherwise deferred, then bounced',
    },
    {
      ...may,
      name: 'dane',
      label: 'dane',
      short: 'dane',
      dane: 'opportunistic',
      onFailure: 'plaintext',
      summary:
        'opportunistic DANE: an MX host with secure TLSA records gets mandatory TLS authenticated by them (deferred otherwise); without them, as may',
      source: `${POSTCONF}; RFC 7672`,
    },
    {
      ...mandatory,
      name: 'dane-only',
      label: 'dane-only',
      short: 'dane-o',
      verify: null,
      dane: 'mandatory',
      summary: 'mandatory DANE: only MX hosts with secure, usable TLSA records that match; otherwise deferred, then bounced',
      source: `${POSTCONF}; RFC 7672`,
    },
    {
      ...mandatory,
      name: 'verify',
      label: 'verify',
      short: 'verify',
      verify: { trust: true, names: ['mx-host'], wildcard: 'many-labels' },
      summary: 'mandatory TLS, trusted chain, a name matching the MX host (smtp_tls_verify_cert_match = hostname)',
    },
    {
      ...mandatory,
      name: 'secure',
      label: 'secure',
      short: 'secure',
      verify: { trust: true, names: ['recipient-domain-and-subdomains'], wildcard: 'many-labels' },
      summary:
        'mandatory TLS, trusted chain, a name matching the recipient domain or a subdomain of it (smtp_tls_secure_cert_match = nexthop, dot-nexthop)',
    },
  ],
  view: 'encrypt',
  atRisk: ['encrypt', 'secure'],
  maxAddresses: 5,
};
