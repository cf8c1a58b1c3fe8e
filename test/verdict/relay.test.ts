/** The relay's judgement, pure: the `off` row, IPv6 by name, the IP literal, and --auth. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RelayAuth } from '../../src/model/relay.js';
import { SETTINGS } from '../factories.js';
import { judgeAddress } from '../../src/verdict/address.js';
import { authWarnings, judgeRelay, offersPlatformAuth } from '../../src/verdict/relay.js';
import { certificateReasons } from '../../src/tls/analyze.js';
import { address, certificate, cutOffAddress, domainWith, failedAddress, failure, mxHost, noStarttlsAddress } from '../factories.js';

const noProblems = () => [];
const auth =
  (after: string[] | null, before: string[] | null = []) =>
  (): Pick<RelayAuth, 'before' | 'after'> => ({ before, after });

describe('the off row: plaintext even when STARTTLS is offered', () => {
  test('STARTTLS offered and verified TLS possible: off still sends plaintext', () => {
    assert.deepEqual(judgeAddress(address(), SETTINGS.off, noProblems), { outcome: 'accept', transport: 'plaintext', reasons: [] });
  });
  test('what fails at STARTTLS or in the handshake cannot stop a sender that never sends STARTTLS', () => {
    for (const phase of ['starttls', 'tls', 'ehlo-tls'] as const) {
      const verdict = judgeAddress(failedAddress(failure('tls-handshake-failed', phase)), SETTINGS.off, noProblems);
      assert.equal(verdict.outcome, 'accept', phase);
    }
  });
  test('a timeout before EHLO is undetermined under off too; a 5xx banner is a refusal', () => {
    assert.equal(judgeAddress(cutOffAddress(failure('timeout', 'banner')), SETTINGS.off, noProblems).outcome, 'undetermined');
    assert.equal(judgeAddress(cutOffAddress(failure('smtp-rejected', 'banner')), SETTINGS.off, noProblems).outcome, 'reject');
  });
  test('no STARTTLS: off and preferred both plaintext', () => {
    assert.equal(judgeAddress(noStarttlsAddress(), SETTINGS.off, noProblems).outcome, 'accept');
  });
});

describe('judgeRelay', () => {
  const v6WithTls = address({ address: '2001:db8::1', family: 6 });
  const v4NoTls = noStarttlsAddress({ address: '192.0.2.7' });

  test('by name, IPv6 addresses are not used: only the IPv4 one counts', () => {
    const result = domainWith([mxHost('relay.example.test', 0, [v4NoTls, v6WithTls])]);
    const verdicts = judgeRelay(result, { resolvedVia: 'a', authRequired: false, authOf: auth(null) }, noProblems);
    assert.equal(verdicts.required.deliverable, false);
    assert.deepEqual(verdicts.required.reasons, ['starttls-not-supported']);
  });

  test('an IPv6 address typed as the relay is dialled', () => {
    const result = domainWith([mxHost('2001:db8::1', 0, [v6WithTls])]);
    const verdicts = judgeRelay(result, { resolvedVia: 'ip-literal', authRequired: false, authOf: auth(null) }, noProblems);
    assert.equal(verdicts.required.deliverable, true);
  });

  test('an IP literal fails every verify setting with relay-ip-literal, even with a matching certificate', () => {
    const result = domainWith([mxHost('192.0.2.1', 0, [address({ certificate: certificate({ matchesMx: true, matchesDomain: true }) })])]);
    const verdicts = judgeRelay(result, { resolvedVia: 'ip-literal', authRequired: false, authOf: auth(null) }, certificateReasons);
    assert.deepEqual(verdicts['preferred-verify'].reasons, ['relay-ip-literal']);
    assert.deepEqual(verdicts['required-verify'].reasons, ['relay-ip-literal']);
    assert.equal(verdicts.required.transport, 'tls');
  });

  test('--auth: required-verify needs PLAIN or LOGIN after TLS at the carrying address; other settings unchanged', () => {
    const result = domainWith([mxHost('relay.example.test', 0, [address()])]);
    const facts = (after: string[] | null) => ({ resolvedVia: 'a' as const, authRequired: true, authOf: auth(after) });
    assert.equal(judgeRelay(result, facts(['LOGIN']), noProblems)['required-verify'].deliverable, true);
    const without = judgeRelay(result, facts(['CRAM-MD5']), noProblems);
    assert.deepEqual(without['required-verify'].reasons, ['auth-not-offered']);
    assert.equal(without.required.deliverable, true);
    const noAuthCheck = judgeRelay(result, { ...facts(['CRAM-MD5']), authRequired: false }, noProblems);
    assert.equal(noAuthCheck['required-verify'].deliverable, true);
  });

  test('offersPlatformAuth and the AUTH-before-TLS finding', () => {
    assert.equal(offersPlatformAuth(['CRAM-MD5', 'PLAIN']), true);
    assert.equal(offersPlatformAuth([]), false);
    assert.equal(offersPlatformAuth(null), false);
    const hosts = [mxHost('relay.example.test', 0, [address()])];
    assert.deepEqual(authWarnings(hosts, auth(['PLAIN'], [])), []);
    assert.deepEqual(
      authWarnings(hosts, auth(['PLAIN'], ['PLAIN', 'LOGIN'])).map((warning) => [warning.kind, warning.host, warning.address]),
      [['auth-before-tls', 'relay.example.test', '192.0.2.1']],
    );
  });
});
