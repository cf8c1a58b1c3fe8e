import assert from 'node:assert/strict';
import { SALESFORCE } from '../../src/model/profiles/index.js';
import { describe, test } from 'node:test';
import type { AddressResult, CertificateReport, MxHostResult } from '../../src/model/report.js';
import { SETTING_NAMES, SETTINGS } from '../factories.js';
import type { Reason } from '../../src/model/vocabulary.js';
import { judgeAddress } from '../../src/verdict/address.js';
import { judgeAllSettings } from '../../src/verdict/domain.js';
import { address, certificate, domainWith, failedAddress, mxHost, noStarttlsAddress } from '../factories.js';

/** A stand-in for the TLS module's mapping, so these tests exercise the verdict alone. */
function reasonsOf(cert: CertificateReport): Reason[] {
  const reasons: Reason[] = [];
  if (cert.trustError === 'expired') reasons.push('certificate-expired');
  else if (cert.trustError) reasons.push('certificate-not-trusted');
  if (!cert.matchesMx && !cert.matchesDomain) reasons.push('certificate-host-mismatch');
  return reasons;
}

const summary = (mx: MxHostResult[]) => {
  const verdicts = judgeAllSettings(domainWith(mx), SALESFORCE, reasonsOf);
  return Object.fromEntries(
    Object.entries(verdicts).map(([name, v]) => [
      name,
      v.deliverable === null ? 'undetermined' : v.deliverable ? `${v.transport} via ${v.via}` : 'not-delivered',
    ]),
  );
};

describe('judgeAddress: the settings table', () => {
  const cases: Array<[string, AddressResult, Record<string, string>]> = [
    [
      'verified TLS',
      address(),
      { preferred: 'tls', required: 'tls', 'preferred-verify': 'verified-tls', 'required-verify': 'verified-tls' },
    ],
    [
      'no STARTTLS',
      noStarttlsAddress(),
      { preferred: 'plaintext', required: 'reject', 'preferred-verify': 'plaintext', 'required-verify': 'reject' },
    ],
    [
      'bad certificate',
      address({ certificate: certificate({ trusted: false, trustError: 'self-signed' }) }),
      { preferred: 'tls', required: 'tls', 'preferred-verify': 'reject', 'required-verify': 'reject' },
    ],
    [
      '454 to STARTTLS',
      failedAddress({ phase: 'starttls', reason: 'starttls-rejected', message: '454' }),
      { preferred: 'plaintext', required: 'reject', 'preferred-verify': 'plaintext', 'required-verify': 'reject' },
    ],
    [
      'TLS 1.0 only',
      failedAddress({ phase: 'tls', reason: 'tls-version-unsupported', message: '' }, { legacyProtocols: ['TLSv1'] }),
      { preferred: 'plaintext', required: 'reject', 'preferred-verify': 'plaintext', 'required-verify': 'reject' },
    ],
    [
      'banner timeout',
      failedAddress({ phase: 'banner', reason: 'timeout', message: '' }, { starttls: null, banner: null }),
      { preferred: 'undetermined', required: 'undetermined', 'preferred-verify': 'undetermined', 'required-verify': 'undetermined' },
    ],
    [
      '421 after STARTTLS',
      failedAddress({ phase: 'ehlo-tls', reason: 'throttled', message: '421' }),
      { preferred: 'undetermined', required: 'undetermined', 'preferred-verify': 'undetermined', 'required-verify': 'undetermined' },
    ],
    [
      '554 banner',
      failedAddress({ phase: 'banner', reason: 'smtp-rejected', message: '554' }, { starttls: null }),
      { preferred: 'reject', required: 'reject', 'preferred-verify': 'reject', 'required-verify': 'reject' },
    ],
  ];
  for (const [name, observed, expected] of cases) {
    test(name, () => {
      // The four domain settings; the relay's off row is held to its cases in test/verdict/relay.test.ts.
      for (const setting of SETTING_NAMES) {
        const verdict = judgeAddress(observed, SETTINGS[setting], reasonsOf);
        const got = verdict.outcome === 'accept' ? verdict.transport : verdict.outcome;
        assert.equal(got, expected[setting], `${name} under ${setting}`);
      }
    });
  }

  test('a certificate problem is never reported as missing STARTTLS', () => {
    const verdict = judgeAddress(address({ certificate: certificate({ matchesMx: false }) }), SETTINGS['required-verify'], reasonsOf);
    assert.deepEqual(verdict.reasons, ['certificate-host-mismatch']);
  });
});

describe('judgeDomain: MX order', () => {
  test('first MX without STARTTLS, second verified: plaintext via the first under preferred, TLS via the second under required', () => {
    assert.deepEqual(summary([mxHost('mx1.t', 10, [noStarttlsAddress()]), mxHost('mx2.t', 20, [address()])]), {
      preferred: 'plaintext via mx1.t',
      required: 'tls via mx2.t',
      'preferred-verify': 'plaintext via mx1.t',
      'required-verify': 'verified-tls via mx2.t',
    });
  });

  test('an undetermined host before a failing one makes the domain undetermined, not failed', () => {
    const timeout = failedAddress({ phase: 'connect', reason: 'timeout', message: '' });
    const verdicts = judgeAllSettings(
      domainWith([mxHost('mx1.t', 10, [timeout]), mxHost('mx2.t', 20, [noStarttlsAddress()])]),
      SALESFORCE,
      reasonsOf,
    );
    assert.equal(verdicts.required.deliverable, null);
    assert.deepEqual(verdicts.required.reasons, ['timeout', 'starttls-not-supported']);
    assert.equal(verdicts.preferred.deliverable, true);
    assert.equal(verdicts.preferred.via, 'mx2.t');
  });

  test('every host failing the policy: not delivered, with every reason', () => {
    const verdicts = judgeAllSettings(
      domainWith([
        mxHost('a.t', 10, [noStarttlsAddress()]),
        mxHost('b.t', 10, [address({ certificate: certificate({ trustError: 'expired', trusted: false }) })]),
      ]),
      SALESFORCE,
      reasonsOf,
    );
    assert.equal(verdicts.required.deliverable, true);
    assert.equal(verdicts['required-verify'].deliverable, false);
    assert.deepEqual(verdicts['required-verify'].reasons, ['starttls-not-supported', 'certificate-expired']);
  });

  test('a second address of the same host carries the mail when the first is unreachable', () => {
    const unreachable = failedAddress(
      { phase: 'connect', reason: 'network-unreachable', message: '' },
      { address: '2001:db8::1', family: 6 },
    );
    const verdicts = judgeAllSettings(
      domainWith([mxHost('mx.t', 10, [unreachable, address({ address: '192.0.2.7' })])]),
      SALESFORCE,
      reasonsOf,
    );
    assert.equal(verdicts['required-verify'].viaAddress, '192.0.2.7');
  });

  test('DNS outcomes decide without hosts', () => {
    const nullMx = judgeAllSettings({ dns: { outcome: 'null-mx', reason: 'null-mx', message: null }, mx: [] }, SALESFORCE, reasonsOf);
    assert.equal(nullMx.preferred.deliverable, false);
    assert.deepEqual(nullMx.preferred.reasons, ['null-mx']);
    const servfail = judgeAllSettings(
      { dns: { outcome: 'dns-failure', reason: 'dns-servfail', message: null }, mx: [] },
      SALESFORCE,
      reasonsOf,
    );
    assert.equal(servfail.required.deliverable, null);
  });

  test('an MX host whose name does not resolve is a definite failure, SERVFAIL on it is undetermined', () => {
    const unresolvable = { ...mxHost('gone.t', 10, []), dnsFailure: { reason: 'mx-host-unresolvable' as const, message: 'NXDOMAIN' } };
    assert.equal(judgeAllSettings(domainWith([unresolvable]), SALESFORCE, reasonsOf).preferred!.deliverable, false);
    const servfail = { ...mxHost('flaky.t', 10, []), dnsFailure: { reason: 'dns-servfail' as const, message: 'SERVFAIL' } };
    assert.equal(judgeAllSettings(domainWith([servfail]), SALESFORCE, reasonsOf).preferred!.deliverable, null);
  });
});
