/**
 * Combining OpenSSL's verdict from the handshake with the pure one: OpenSSL decides whether the
 * chain is trusted; the pure verdict names the reason and the run's clock judges the dates.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChainVerification } from '../../src/model/observation.js';
import { combineVerdicts, trustErrorOf } from '../../src/tls/openssl-verdict.js';
import { verifyChain, type TrustResult } from '../../src/tls/trust.js';
import { caseFiles, privateStore } from './pki.js';

const NOW = new Date('2025-06-01T00:00:00Z');
const AUTHORIZED: ChainVerification = { authorized: true, error: null };
const refused = (error: string): ChainVerification => ({ authorized: false, error });

function pure(id: string, now = NOW): TrustResult {
  const { chain, anchors } = caseFiles(id);
  return verifyChain(chain, privateStore(...anchors), now);
}

describe('combineVerdicts', () => {
  test('no verdict from a handshake: the pure one', () => {
    assert.equal(combineVerdicts(pure('ok'), null, NOW), null);
    assert.equal(combineVerdicts(pure('eku-client-only'), null, NOW), 'unsuitable-purpose');
  });

  test('OpenSSL refused: never trusted; the pure reason when there is one, else OpenSSL code in our words', () => {
    assert.equal(combineVerdicts(pure('eku-client-only'), refused('UNSPECIFIED'), NOW), 'unsuitable-purpose');
    assert.equal(combineVerdicts(pure('ok'), refused('INVALID_PURPOSE'), NOW), 'unsuitable-purpose');
    assert.equal(combineVerdicts(pure('ok'), refused('PATH_LENGTH_EXCEEDED'), NOW), 'path-length');
    assert.equal(combineVerdicts(pure('ok'), refused('UNSPECIFIED'), NOW), 'unspecified');
    assert.equal(combineVerdicts(pure('ok'), refused('SOMETHING_NEW'), NOW), 'unspecified');
  });

  test('OpenSSL date errors are judged again at the run clock (OpenSSL used the real one)', () => {
    assert.equal(combineVerdicts(pure('expired', new Date('2001-06-01T00:00:00Z')), refused('CERT_HAS_EXPIRED'), NOW), null);
    assert.equal(combineVerdicts(pure('expired'), refused('CERT_HAS_EXPIRED'), NOW), 'expired');
  });

  test('OpenSSL accepted: trusted, unless the run clock puts the path out of its window', () => {
    assert.equal(combineVerdicts(pure('ok'), AUTHORIZED, NOW), null);
    // A rule the pure verdict would wrongly apply does not overrule OpenSSL.
    assert.equal(combineVerdicts({ ...pure('ok'), error: 'critical-extension' }, AUTHORIZED, NOW), null);
    const later = new Date('2100-01-01T00:00:00Z');
    assert.equal(combineVerdicts(pure('not-after', later), AUTHORIZED, later), 'expired');
  });

  test('OpenSSL accepted a chain longer than the probe keeps: still unknown-issuer (the limit is deliberate)', () => {
    assert.equal(combineVerdicts({ error: 'unknown-issuer', path: [], truncated: true }, AUTHORIZED, NOW), 'unknown-issuer');
  });

  test("Node's names of OpenSSL's codes", () => {
    assert.equal(trustErrorOf('DEPTH_ZERO_SELF_SIGNED_CERT'), 'self-signed');
    assert.equal(trustErrorOf('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'), 'unknown-issuer');
    assert.equal(trustErrorOf('CERT_SIGNATURE_FAILURE'), 'bad-signature');
    assert.equal(trustErrorOf('INVALID_CA'), 'invalid-ca');
    assert.equal(trustErrorOf(null), 'unspecified');
  });
});
