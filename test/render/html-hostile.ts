/**
 * A report with markup and script in every string a server, the input, a baseline file or a
 * policy file controls (factory-made: the policy lookups do not exist yet), for the HTML
 * report's escaping tests, with and without a browser.
 */
import type { DomainResult, Report } from '../../src/model/report.js';
import {
  HOSTILE,
  address,
  baselineChange,
  baselineComparison,
  certificate,
  dane,
  domain,
  policies,
  failure,
  invalidInput,
  mtaSts,
  mxHost,
  noStarttls,
  report,
  selfSigned,
  tlsRpt,
  tlsaRecord,
  traffic,
} from '../factories.js';

/** Markup and script, as a server could send them. */
export const MARKUP = `<script>document.title='pwned'</script><img src=x onerror="alert(1)">"'&${HOSTILE}`;

/** A result with MARKUP in every string a server, the input or a policy file controls. */
export function hostileResult(): DomainResult {
  const cert = certificate({ subject: `CN=${MARKUP}`, names: [MARKUP, 'mx.example.test'], issuer: `O=${MARKUP}`, keyType: MARKUP });
  const observed = address({
    banner: [MARKUP, MARKUP],
    extensions: [MARKUP, 'STARTTLS'],
    tls: { protocol: MARKUP, cipher: MARKUP },
    legacyProtocols: [MARKUP],
    certificate: cert,
    failure: failure('timeout', 'ehlo-tls', MARKUP),
  });
  const record = tlsaRecord({ data: MARKUP });
  return domain('hostile.test', {
    input: MARKUP,
    sources: [MARKUP],
    dns: { outcome: 'mx', reason: null, message: MARKUP },
    mx: [mxHost(MARKUP, 10, [observed]), { ...mxHost('mx2.hostile.test', 20, []), dnsFailure: { reason: 'dns-error', message: MARKUP } }],
    warnings: [{ kind: 'weak-key', host: MARKUP, address: '192.0.2.1', message: MARKUP, brief: MARKUP }],
    traffic: traffic({ plaintext: 2, lastPlaintext: MARKUP }),
    policy: policies('example.test', {
      mtaSts: mtaSts('example.test', {
        id: MARKUP,
        policy: { mode: 'enforce', mx: [MARKUP], maxAge: 86400 },
        hosts: [{ host: MARKUP, matchesPattern: false, certificateValid: null, satisfiesPolicy: false }],
        findings: ['sts-mx-not-covered'],
        messages: [MARKUP],
      }),
      dane: dane('example.test', {
        hosts: [
          {
            host: MARKUP,
            port: 25,
            tlsaName: MARKUP,
            status: 'bogus',
            records: [record],
            addresses: [{ address: MARKUP, matched: false, matchedRecord: null }],
            suggestedRecord: record,
          },
        ],
        findings: ['dnssec-invalid'],
        messages: [MARKUP],
      }),
      tlsRpt: tlsRpt('example.test', {
        rua: [`javascript:alert(1)//${MARKUP}`, 'https://evil.test/<x>'],
        findings: ['tlsrpt-record-invalid'],
        messages: [MARKUP],
      }),
    }),
    settings: { required: { deliverable: true, transport: 'tls', via: MARKUP, viaAddress: MARKUP, reasons: [] } },
  });
}

export function hostileReport(): Report {
  return report([hostileResult(), invalidInput(MARKUP), noStarttls(), selfSigned()], {
    notes: [MARKUP],
    baseline: baselineComparison([baselineChange({ domain: MARKUP, host: MARKUP, before: MARKUP, after: MARKUP, kind: 'mx-added' })], {
      file: MARKUP,
      generatedAt: MARKUP,
    }),
  });
}
