/**
 * The DANE judgement on certificate chains from the test PKI (no network): DANE-EE against the
 * leaf only, DANE-TA against an issuer as sent with the path verified by signatures and the leaf
 * named for the MX host or the recipient domain, unusable records, and the status rule.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { TlsaRecord } from '../../src/model/policy.js';
import { currentKeyRecord, recordMatches, statusOf } from '../../src/policy/dane.js';
import { usableRecord } from '../../src/model/policy.js';
import { associationData, chainReachesAnchor, subjectPublicKeyInfo } from '../../src/tls/tlsa-match.js';
import { pkiPath } from '../../src/world/fixtures.js';

/** A chain file of the test PKI as DER, leaf first. */
function chainOf(id: string): Buffer[] {
  const pems = readFileSync(pkiPath(`${id}.chain.pem`), 'utf8').match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
  return pems.map((pem) => new X509Certificate(pem).raw);
}

function recordFor(der: Buffer, usage: number, selector: number, matchingType: number): TlsaRecord {
  return { usage, selector, matchingType, data: associationData(der, selector, matchingType)!.toString('hex') };
}

const wildcard = chainOf('wildcard'); // *.wildcard.test + intermediate
const wrongName = chainOf('wrong-name'); // mail.elsewhere.test + the same intermediate
const selfSigned = chainOf('self-signed');
const HOST = ['mx.wildcard.test', 'recipient.test'];

describe('certificate association data', () => {
  test('the SPKI as encoded in the certificate is what Node exports for its key', () => {
    for (const der of [...wildcard, ...selfSigned]) {
      const exported = new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' });
      assert.deepEqual(subjectPublicKeyInfo(der), exported);
    }
  });

  test('matching types 0/1/2 give the data, 32 and 64 bytes; unknown selectors and types give null', () => {
    const leaf = wildcard[0]!;
    assert.deepEqual(associationData(leaf, 0, 0), leaf);
    assert.equal(associationData(leaf, 1, 1)?.length, 32);
    assert.equal(associationData(leaf, 0, 2)?.length, 64);
    assert.equal(associationData(leaf, 2, 1), null);
    assert.equal(associationData(leaf, 1, 3), null);
  });

  test('garbage never throws: null or data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 }), (bytes, s, m) => {
        associationData(bytes, s, m);
        subjectPublicKeyInfo(bytes);
      }),
    );
  });
});

describe('usable records (RFC 7672 §3.1.3)', () => {
  test('DANE-TA(2) and DANE-EE(3), selector 0/1, matching 0/1/2 with the right digest length', () => {
    const digest = 'ab'.repeat(32);
    assert.equal(usableRecord({ usage: 3, selector: 1, matchingType: 1, data: digest }), true);
    assert.equal(usableRecord({ usage: 2, selector: 0, matchingType: 2, data: 'cd'.repeat(64) }), true);
    assert.equal(usableRecord({ usage: 1, selector: 1, matchingType: 1, data: digest }), false, 'PKIX-EE');
    assert.equal(usableRecord({ usage: 0, selector: 1, matchingType: 1, data: digest }), false, 'PKIX-TA');
    assert.equal(usableRecord({ usage: 3, selector: 2, matchingType: 1, data: digest }), false);
    assert.equal(usableRecord({ usage: 3, selector: 1, matchingType: 3, data: digest }), false);
    assert.equal(usableRecord({ usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(31) }), false, 'short digest');
    assert.equal(usableRecord({ usage: 3, selector: 1, matchingType: 0, data: '' }), false);
  });
});

describe('recordMatches', () => {
  test('DANE-EE: the leaf by certificate or key, whatever its name; never an issuer', () => {
    const [leaf, issuer] = wildcard as [Buffer, Buffer];
    for (const [s, m] of [
      [0, 0],
      [0, 1],
      [1, 1],
      [1, 2],
    ] as const) {
      assert.equal(recordMatches(recordFor(leaf, 3, s, m), wildcard, ['nothing.test']), true, `3 ${s} ${m}`);
    }
    assert.equal(recordMatches(recordFor(issuer, 3, 1, 1), wildcard, HOST), false);
    assert.equal(recordMatches(recordFor(wrongName[0]!, 3, 1, 1), wildcard, HOST), false, 'another key');
  });

  test('DANE-TA: the intermediate as sent, linked by signature, leaf named for the MX host', () => {
    const issuer = wildcard[1]!;
    assert.equal(recordMatches(recordFor(issuer, 2, 0, 1), wildcard, HOST), true);
    assert.equal(recordMatches(recordFor(issuer, 2, 1, 1), wildcard, HOST), true);
    // The same intermediate issued mail.elsewhere.test: the name check fails for our MX host...
    assert.equal(recordMatches(recordFor(issuer, 2, 0, 1), wrongName, HOST), false);
    // ...and passes when the recipient domain is the name the certificate carries.
    assert.equal(recordMatches(recordFor(issuer, 2, 0, 1), wrongName, ['mx.other.test', 'mail.elsewhere.test']), true);
  });

  test('DANE-TA: the leaf itself is not an anchor; an anchor absent from the chain as sent does not match', () => {
    assert.equal(recordMatches(recordFor(wildcard[0]!, 2, 0, 1), wildcard, HOST), false);
    assert.equal(recordMatches(recordFor(wildcard[1]!, 2, 0, 1), [wildcard[0]!], HOST), false);
  });

  test('DANE-TA: a certificate sent but not on the path (it did not sign the leaf) is no anchor', () => {
    const stray = [wildcard[0]!, selfSigned[0]!];
    assert.equal(chainReachesAnchor(stray, 1), false);
    assert.equal(recordMatches(recordFor(selfSigned[0]!, 2, 0, 1), stray, HOST), false);
  });

  test('the order as sent does not matter for the path', () => {
    const shuffled = [wildcard[0]!, selfSigned[0]!, wildcard[1]!];
    assert.equal(chainReachesAnchor(shuffled, 2), true);
    assert.equal(recordMatches(recordFor(wildcard[1]!, 2, 1, 2), shuffled, HOST), true);
  });

  test('an empty chain matches nothing', () => {
    assert.equal(recordMatches(recordFor(wildcard[0]!, 3, 1, 1), [], HOST), false);
  });

  test('the suggested record after a rollover is 3 1 1 of the current key', () => {
    assert.deepEqual(currentKeyRecord(wildcard[0]!), recordFor(wildcard[0]!, 3, 1, 1));
    assert.equal(currentKeyRecord(Buffer.from('not a certificate')), null);
  });
});

describe('statusOf', () => {
  const answer = (authenticated: boolean) => ({ kind: 'answer' as const, name: 'n', records: [], authenticated });
  test('secure only with AD on the TLSA answer and the addresses, from a trusted resolver', () => {
    assert.equal(statusOf(answer(true), true, true), 'secure');
    assert.equal(statusOf(answer(false), true, true), 'insecure');
    assert.equal(statusOf(answer(true), false, true), 'insecure', 'RFC 7672 §2.2.2: unsigned addresses');
  });
  test('an untrusted resolver gives unknown, never insecure; a failure unknown; bogus stays bogus', () => {
    assert.equal(statusOf(answer(false), false, false), 'unknown');
    assert.equal(statusOf(answer(true), true, false), 'unknown');
    assert.equal(statusOf({ kind: 'bogus', name: 'n', records: [] }, true, false), 'unknown');
    assert.equal(statusOf({ kind: 'bogus', name: 'n', records: [] }, true, true), 'bogus');
    assert.equal(statusOf({ kind: 'failure', message: 'x' }, true, true), 'unknown');
  });
});
