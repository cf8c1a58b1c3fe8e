/**
 * Mailgun: opportunistic TLS by default; `require-tls` (domain setting or o:require-tls) with
 * certificate and hostname verification unless `skip-verification` is set. A message that cannot
 * meet it fails (not delivered).
 */
import { OPPORTUNISTIC_DEFAULT, TRUSTED_MX_OR_DOMAIN, type Profile } from '../settings.js';

const DOCS = 'Mailgun documentation, "TLS sending" (require-tls, skip-verification)';
const base = {
  startTls: true,
  minTls: 'TLSv1.2',
  mtaSts: false,
  dane: 'no',
  source: DOCS,
  note: null,
} as const;

export const MAILGUN: Profile = {
  name: 'mailgun',
  platform: 'Mailgun',
  title: 'Mailgun (require-tls, skip-verification)',
  settings: [
    {
      ...base,
      ...OPPORTUNISTIC_DEFAULT,
      summary: 'opportunistic TLS, plaintext otherwise',
      note: 'mailgun: the lowest TLS version is not documented; judged as TLS 1.2.',
    },
    {
      ...base,
      name: 'require-tls+skip-verification',
      label: 'require-tls, skip-verification',
      short: 'tls',
      withoutTls: 'not-delivered',
      verify: null,
      onFailure: 'bounce',
      summary: 'TLS or not delivered; the certificate is not checked',
    },
    {
      ...base,
      name: 'require-tls',
      label: 'require-tls',
      short: 'tls-v',
      withoutTls: 'not-delivered',
      verify: TRUSTED_MX_OR_DOMAIN,
      onFailure: 'bounce',
      summary: 'TLS with a verified certificate and host name, or not delivered',
      note: 'mailgun: "the certificate and hostname" are verified; which host name is not said: the MX host or the recipient domain passes.',
    },
  ],
  view: 'require-tls+skip-verification',
  atRisk: ['require-tls+skip-verification', 'require-tls'],
  maxAddresses: null,
};
