/**
 * Hostile certificates of the test PKI (fixtures/pki: chain20, many-names, nul-name, odd-case):
 * an over-long chain, thousands of names, a NUL inside a name, odd case with a trailing dot.
 * Malformed DER (garbage, truncated, mutated) is covered in analyze.test.ts ("hostile input").
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LIMITS } from '../../src/model/limits.js';
import {
  analyzeCertificate,
  certificateReasons,
  MAX_REPORTED_NAMES,
  reportedNames,
  type CertificateContext,
} from '../../src/tls/analyze.js';
import { matchesName } from '../../src/tls/names.js';
import { createTrustStore, loadTrustStore } from '../../src/tls/trust-store.js';
import { verifyChain } from '../../src/tls/trust.js';
import { pemCerts, pkiPath, sentChain } from './pki.js';

const NOW = new Date('2025-06-01T00:00:00Z');
const trust = loadTrustStore([pkiPath('root.pem')]);
const ctx = (mxHost: string, domain: string): CertificateContext => ({ mxHost, domain, now: NOW, trust });

describe('a chain of 20 certificates (leaf + 19 CAs under the test root)', () => {
  const chain = sentChain('chain20');
  const store = createTrustStore(pemCerts('root.pem'), { publicRoots: false });

  test('the fixture is what it claims: 20 certificates, each issued by the next, the last by the root', () => {
    const certs = pemCerts('chain20.chain.pem');
    assert.equal(certs.length, 20);
    certs.forEach((cert, i) => assert.ok(cert.checkIssued(certs[i + 1] ?? pemCerts('root.pem')[0]), `certificate ${i}`));
  });

  test('as the probe keeps it (the first LIMITS.maxChainLength): unknown-issuer, not incomplete-chain', () => {
    const kept = chain.slice(0, LIMITS.maxChainLength);
    const report = analyzeCertificate(kept, ctx('mx.chain20.test', 'chain20.test'));
    assert.deepEqual([report.trustError, report.chainLength, report.matchesMx], ['unknown-issuer', LIMITS.maxChainLength, true]);
    assert.deepEqual(certificateReasons(report), ['certificate-not-trusted']);
  });

  test('chainLength says how many the server sent, not how many the probe kept', () => {
    const kept = chain.slice(0, LIMITS.maxChainLength);
    const report = analyzeCertificate(kept, { ...ctx('mx.chain20.test', 'chain20.test'), sentChainLength: chain.length });
    assert.equal(report.chainLength, 20);
  });

  test('all 20 at once: the walk stays bounded and says the same', () => {
    assert.equal(analyzeCertificate(chain, ctx('mx.chain20.test', 'chain20.test')).trustError, 'unknown-issuer');
  });

  test('below the cap, a missing CA that names its issuer (AIA) is still an incomplete chain', () => {
    const short = pemCerts('chain20.chain.pem').slice(0, LIMITS.maxChainLength - 1);
    const result = verifyChain(short, store, NOW);
    assert.equal(result.error, 'incomplete-chain');
    assert.equal(result.path.length, LIMITS.maxChainLength - 1);
  });
});

describe('a leaf with 2,000 names', () => {
  test('every name takes part in matching; the report lists MAX_REPORTED_NAMES of them, the match among them', () => {
    const report = analyzeCertificate(sentChain('many-names'), ctx('mx.manynames.test', 'manynames.test'));
    assert.equal(report.matchesMx, true);
    assert.equal(report.trusted, true);
    assert.equal(report.names.length, MAX_REPORTED_NAMES);
    assert.equal(report.names.at(-1), 'mx.manynames.test', 'the last name of the certificate, kept');
    assert.deepEqual(report.names.slice(0, 3), ['name1.manynames.test', 'name2.manynames.test', 'name3.manynames.test']);
  });

  test('reportedNames: all when few; else the matches first, in certificate order, never more than the cap', () => {
    assert.deepEqual(reportedNames(['b.test', 'a.test'], ['x.test']), ['b.test', 'a.test']);
    const many = Array.from({ length: 500 }, (_, i) => `n${i}.example.test`);
    const kept = reportedNames(many, ['n400.example.test', 'example.test']);
    assert.equal(kept.length, MAX_REPORTED_NAMES);
    assert.ok(kept.includes('n400.example.test'));
    assert.deepEqual(kept.slice(0, MAX_REPORTED_NAMES - 1), many.slice(0, MAX_REPORTED_NAMES - 1));
    const wild = [...many, ...Array.from({ length: 300 }, () => '*.example.test')];
    assert.deepEqual(reportedNames(wild, ['n1.example.test']), [
      ...many.slice(1, 2),
      ...Array.from({ length: MAX_REPORTED_NAMES - 1 }, () => '*.example.test'),
    ]);
  });
});

describe('names that try to fool the matcher', () => {
  test('"mx.nul.test\\0.evil.test" never matches mx.nul.test (nor anything else)', () => {
    const report = analyzeCertificate(sentChain('nul-name'), ctx('mx.nul.test', 'nul.test'));
    assert.deepEqual(report.names, ['mx.nul.test\u0000.evil.test']);
    assert.deepEqual([report.matchesMx, report.matchesDomain, report.trusted], [false, false, true]);
    assert.deepEqual(certificateReasons(report), ['certificate-host-mismatch']);
    for (const host of ['mx.nul.test', 'evil.test', 'mx.nul.test\u0000.evil.test'])
      assert.equal(matchesName(report.names[0] as string, host), false, host);
  });

  test('"MX.OddCase.TEST." matches mx.oddcase.test in any case, with or without the dot', () => {
    const report = analyzeCertificate(sentChain('odd-case'), ctx('mx.oddcase.test', 'oddcase.test'));
    assert.deepEqual([report.names, report.matchesMx, report.trusted], [['MX.OddCase.TEST.'], true, true]);
    for (const host of ['MX.ODDCASE.TEST', 'mx.oddcase.test.']) assert.equal(matchesName('MX.OddCase.TEST.', host), true, host);
    assert.equal(matchesName('MX.OddCase.TEST.', 'mx.oddcase.test..'), false);
  });
});
