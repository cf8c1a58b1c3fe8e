/**
 * The DER reader and the facts path validation reads from a certificate: what the PKI's leaf
 * carries, and totality on hostile bytes (a remote server chooses every one of them).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseCertificateFacts } from '../../src/tls/certificate-facts.js';
import { oidText, readTlv, smallInteger } from '../../src/tls/der.js';
import { sentChain } from './pki.js';

describe('parseCertificateFacts', () => {
  test('the valid leaf of the test PKI, as OpenSSL would cache it', () => {
    const [leaf, intermediate] = sentChain('valid');
    const facts = parseCertificateFacts(leaf);
    assert.ok(facts !== null);
    assert.equal(facts.version, 2);
    assert.deepEqual(facts.basicConstraints, { ca: false, pathLen: null });
    assert.equal(facts.keyUsage, 0x80 | 0x20, 'digitalSignature + keyEncipherment');
    assert.deepEqual(facts.extKeyUsage, ['1.3.6.1.5.5.7.3.1']);
    assert.deepEqual(facts.subjectAltNames, [{ type: 'dns', value: 'mx.valid.test' }]);
    assert.deepEqual([facts.invalid, facts.unhandledCritical, facts.selfIssued], [null, null, false]);
    assert.deepEqual([facts.key.type, facts.key.explicitCurve, facts.signature.digestBits], ['ec', false, 128]);
    const ca = parseCertificateFacts(intermediate);
    assert.ok(ca !== null);
    assert.deepEqual(ca.basicConstraints, { ca: true, pathLen: 0 });
    assert.ok(facts.authorityKeyId?.keyId?.equals(ca.subjectKeyId ?? Buffer.alloc(0)));
    assert.equal(facts.issuer.key, ca.subject.key);
  });

  test('never throws, whatever the bytes', () => {
    const [leaf] = sentChain('valid');
    const mutated = fc
      .array(fc.tuple(fc.nat(leaf.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 })
      .map((edits) => {
        const copy = Buffer.from(leaf);
        for (const [at, xor] of edits) copy[at] ^= xor;
        return copy;
      });
    const cut = fc.nat(leaf.length).map((n) => leaf.subarray(0, n));
    const random = fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes));
    fc.assert(
      fc.property(fc.oneof(mutated, cut, random), (der) => {
        parseCertificateFacts(der);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('der', () => {
  test('lengths, OIDs and integers', () => {
    const long = Buffer.from([0x04, 0x81, 0x02, 0xaa, 0xbb]);
    assert.deepEqual(readTlv(long, 0), { tag: 0x04, offset: 0, start: 3, end: 5 });
    assert.equal(readTlv(Buffer.from([0x30, 0x80, 0x00, 0x00]), 0), null, 'indefinite length refused');
    assert.equal(readTlv(Buffer.from([0x04, 0x05, 0x00]), 0), null, 'runs past the end');
    const oid = Buffer.from([0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01]);
    assert.equal(oidText(oid, readTlv(oid, 0) ?? undefined), '1.3.6.1.5.5.7.3.1');
    const negative = Buffer.from([0x02, 0x01, 0xff]);
    assert.equal(smallInteger(negative, readTlv(negative, 0) ?? undefined), -1);
  });
});
