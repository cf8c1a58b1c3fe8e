/**
 * The parts of a profile row the world table cannot isolate: the address limit (Postfix tries
 * five), the oldest TLS version, what each receiver-policy state makes of a setting that honours
 * it (DANE before MTA-STS, bogus, unknown, unusable records, an unlisted MX), and the names a
 * verification compares (Postfix's wildcards, dot-nexthop, a configured TlsDomain).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MICROSOFT365 } from '../../src/model/profiles/microsoft365.js';
import { POSTFIX } from '../../src/model/profiles/postfix.js';
import { SALESFORCE } from '../../src/model/profiles/salesforce.js';
import { SENDGRID } from '../../src/model/profiles/sendgrid.js';
import { settingRule, withMinTls } from '../../src/model/settings.js';
import { reasonsUnder } from '../../src/tls/analyze.js';
import { isAtOrUnder, matchesConfiguredName, matchesNameMultiLabel } from '../../src/tls/names.js';
import type { CertificateReasons } from '../../src/verdict/address.js';
import { judgeDomain } from '../../src/verdict/domain.js';
import { hostDemand } from '../../src/verdict/host-demand.js';
import { address, certificate, dane, domainWith, failedAddress, failure, mtaSts, mxHost, policies, tlsaRecord } from '../factories.js';

/** The real name comparisons, for recipient domain example.test. */
const realNames =
  (configured: string | null = null): CertificateReasons =>
  (cert, verification, mxHost) =>
    reasonsUnder(cert, verification, { mxHost, domain: 'example.test', configured });

describe('how many addresses a sender tries', () => {
  const refused = () => failedAddress(failure('connection-refused', 'connect'));
  const hosts = [
    mxHost('mx1.example.test', 10, [refused(), refused(), refused()]),
    mxHost('mx2.example.test', 20, [refused(), refused(), address({ address: '192.0.2.6' })]),
  ];

  test('Postfix stops after five (smtp_mx_address_limit): the sixth that would accept is never tried', () => {
    const verdict = judgeDomain(domainWith(hosts), settingRule(POSTFIX, 'encrypt'), realNames(), POSTFIX.maxAddresses);
    assert.deepEqual([verdict.deliverable, verdict.reasons], [null, ['connection-refused', 'mx-address-limit']]);
  });

  test('a profile without a limit reaches it', () => {
    const verdict = judgeDomain(domainWith(hosts), settingRule(SALESFORCE, 'required'), realNames(), SALESFORCE.maxAddresses);
    assert.deepEqual([verdict.deliverable, verdict.viaAddress], [true, '192.0.2.6']);
  });
});

describe('the oldest TLS version', () => {
  const tls10 = failedAddress(failure('tls-version-unsupported', 'tls'), { legacyProtocols: ['TLSv1'], certificate: certificate() });
  const tls12 = address({ tls: { protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' } });

  test('a TLS 1.0-only server is TLS, certificate judged, for Postfix; not negotiable for Salesforce', () => {
    assert.equal(
      judgeDomain(domainWith([mxHost('mx.example.test', 10, [tls10])]), settingRule(POSTFIX, 'verify'), realNames()).transport,
      'verified-tls',
    );
    const salesforce = judgeDomain(domainWith([mxHost('mx.example.test', 10, [tls10])]), settingRule(SALESFORCE, 'required'), realNames());
    assert.deepEqual([salesforce.deliverable, salesforce.reasons], [false, ['tls-version-unsupported']]);
  });

  test('--min-tls 1.3 refuses a TLS 1.2 server under a setting that requires TLS, sends plaintext under one that does not', () => {
    const strict = withMinTls(SENDGRID, 'TLSv1.3');
    const required = judgeDomain(domainWith([mxHost('mx.example.test', 10, [tls12])]), settingRule(strict, 'require_tls'), realNames());
    assert.deepEqual([required.deliverable, required.reasons], [false, ['tls-version-below-minimum']]);
    assert.equal(
      judgeDomain(domainWith([mxHost('mx.example.test', 10, [tls12])]), settingRule(strict, 'default'), realNames()).transport,
      'plaintext',
    );
  });
});

describe('receiver policies, for a setting that honours them', () => {
  const host = 'mx.example.test';
  const rule = settingRule(MICROSOFT365, 'default');
  const withPolicies = (overrides: Parameters<typeof policies>[1]) => ({
    ...domainWith([mxHost(host, 10, [address()])]),
    policy: policies('example.test', overrides),
  });

  test('secure, matching TLSA records: mandatory TLS authenticated by them (DANE wins over MTA-STS)', () => {
    assert.equal(hostDemand(rule, policies('example.test'), host).kind, 'dane');
    assert.equal(judgeDomain(withPolicies({}), rule, realNames()).transport, 'verified-tls');
  });

  test('a TLSA record that does not match: not delivered, tlsa-invalid', () => {
    const stale = dane('example.test');
    stale.hosts[0]!.addresses[0]!.matched = false;
    const verdict = judgeDomain(withPolicies({ dane: stale }), rule, realNames());
    assert.deepEqual([verdict.deliverable, verdict.reasons], [false, ['tlsa-invalid']]);
  });

  test('bogus: the sender defers (not delivered); unknown with a trusted resolver: undetermined', () => {
    const bogus = dane('example.test');
    bogus.hosts[0]!.status = 'bogus';
    assert.deepEqual(hostDemand(rule, policies('example.test', { dane: bogus }), host), {
      kind: 'refuse',
      reason: 'dnssec-invalid',
      deliverable: false,
    });
    const unknown = dane('example.test');
    unknown.hosts[0]!.status = 'unknown';
    assert.deepEqual(hostDemand(rule, policies('example.test', { dane: unknown }), host), {
      kind: 'refuse',
      reason: 'tlsa-lookup-failed',
      deliverable: null,
    });
  });

  test('only unusable records: TLS still mandatory (RFC 7672 §2.2) for dane; nothing to authenticate with for dane-only', () => {
    const pkix = dane('example.test');
    pkix.hosts[0]!.records = [tlsaRecord({ usage: 1 })];
    const published = policies('example.test', { dane: pkix, mtaSts: null });
    assert.equal(hostDemand(settingRule(POSTFIX, 'dane'), published, host).kind, 'encrypt');
    assert.deepEqual(hostDemand(settingRule(POSTFIX, 'dane-only'), published, host), {
      kind: 'refuse',
      reason: 'tlsa-unusable',
      deliverable: false,
    });
  });

  test('no TLSA: dane is may, dane-only does not deliver; a profile row without DANE ignores them', () => {
    const none = policies('example.test', { dane: null, mtaSts: null });
    assert.equal(hostDemand(settingRule(POSTFIX, 'dane'), none, host).kind, 'none');
    assert.deepEqual(hostDemand(settingRule(POSTFIX, 'dane-only'), none, host), {
      kind: 'refuse',
      reason: 'dane-no-tlsa',
      deliverable: false,
    });
    assert.equal(hostDemand(settingRule(SALESFORCE, 'required'), policies('example.test'), host).kind, 'none');
  });

  test('MTA-STS enforce: an MX host outside the policy is not used; testing mode and a policy not fetched change nothing', () => {
    const unlisted = mtaSts('example.test', { hosts: [{ host, matchesPattern: false, certificateValid: true, satisfiesPolicy: false }] });
    assert.deepEqual(hostDemand(rule, policies('example.test', { dane: null, mtaSts: unlisted }), host), {
      kind: 'refuse',
      reason: 'sts-mx-not-covered',
      deliverable: false,
    });
    const testing = mtaSts('example.test', { policy: { mode: 'testing', mx: [host], maxAge: 86400 } });
    assert.equal(hostDemand(rule, policies('example.test', { dane: null, mtaSts: testing }), host).kind, 'none');
    const unfetched = mtaSts('example.test', { honouringSender: { outcome: 'no-policy', message: '' } });
    assert.equal(hostDemand(rule, policies('example.test', { dane: null, mtaSts: unfetched }), host).kind, 'none');
  });

  test('MTA-STS enforce with a certificate for another name: not delivered, and the reason says the policy', () => {
    const other = {
      ...domainWith([mxHost(host, 10, [address({ certificate: certificate({ names: ['other.test'], matchesMx: false }) })])]),
    };
    const verdict = judgeDomain({ ...other, policy: policies('example.test', { dane: null }) }, rule, realNames());
    assert.deepEqual([verdict.deliverable, verdict.reasons], [false, ['mta-sts-enforce', 'certificate-mx-mismatch']]);
  });
});

describe('names a verification compares', () => {
  test("Postfix's * spans labels; the RFC 9525 rule does not", () => {
    assert.equal(matchesNameMultiLabel('*.example.test', 'a.b.example.test'), true);
    assert.equal(matchesNameMultiLabel('*.example.test', 'example.test'), false);
    assert.equal(matchesNameMultiLabel('*.test', 'a.test'), false);
  });

  test('dot-nexthop: the domain or a name under it, on label boundaries', () => {
    assert.equal(isAtOrUnder('mx.example.test', 'example.test'), true);
    assert.equal(isAtOrUnder('*.example.test', 'example.test'), true);
    assert.equal(isAtOrUnder('example.test', 'example.test'), true);
    assert.equal(isAtOrUnder('badexample.test', 'example.test'), false);
    assert.equal(isAtOrUnder('mx.example.test.evil', 'example.test'), false);
  });

  test('a configured TlsDomain: a name, or *.name for the names under it', () => {
    assert.equal(matchesConfiguredName('mail.contoso.test', '*.contoso.test'), true);
    assert.equal(matchesConfiguredName('contoso.test', '*.contoso.test'), false);
    assert.equal(matchesConfiguredName('*.contoso.test', 'mail.contoso.test'), true);
    assert.equal(matchesConfiguredName('mail.other.test', 'mail.contoso.test'), false);
  });

  test('each name source fails with its own reason', () => {
    const cert = certificate({ names: ['mx.other.test'], matchesMx: false });
    const verify = settingRule(POSTFIX, 'verify').verify!;
    const secure = settingRule(POSTFIX, 'secure').verify!;
    const domainValidation = settingRule(MICROSOFT365, 'DomainValidation').verify!;
    assert.deepEqual(realNames()(cert, verify, 'mx.example.test'), ['certificate-mx-mismatch']);
    assert.deepEqual(realNames()(cert, secure, 'mx.example.test'), ['certificate-domain-mismatch']);
    assert.deepEqual(realNames('*.contoso.test')(cert, domainValidation, 'mx.example.test'), ['certificate-tls-domain-mismatch']);
    assert.deepEqual(realNames('*.other.test')(cert, domainValidation, 'mx.example.test'), []);
    assert.deepEqual(realNames()(certificate({ trustError: 'self-signed', trusted: false }), verify, 'mx.example.test'), [
      'certificate-self-signed',
    ]);
  });
});
