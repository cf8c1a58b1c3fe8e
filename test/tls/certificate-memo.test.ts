import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeCertificate, MAX_DECODED_BYTES, signedBy } from '../../src/tls/certificate-memo.js';
import { pemCerts, sentChain } from './pki.js';

describe('decodeCertificate', () => {
  test('the same bytes give the same certificate object, even from another buffer', () => {
    const [leaf] = sentChain('valid');
    const first = decodeCertificate(leaf!);
    const again = decodeCertificate(Buffer.from(leaf!));
    assert.ok(first !== null);
    assert.equal(again, first);
    assert.equal(first.subject, 'CN=mx.valid.test');
  });

  test('different bytes give different certificates', () => {
    const [leaf, intermediate] = sentChain('valid');
    const a = decodeCertificate(leaf!);
    const b = decodeCertificate(intermediate!);
    assert.notEqual(a, b);
    assert.equal(b?.subject, 'CN=tlscheck Test Intermediate CA');
  });

  test('garbage is null, every time', () => {
    const garbage = Buffer.from('not a certificate at all');
    assert.equal(decodeCertificate(garbage), null);
    assert.equal(decodeCertificate(garbage), null);
  });

  test('a flipped byte is another certificate (or none), never the remembered one', () => {
    const [leaf] = sentChain('valid');
    const remembered = decodeCertificate(leaf!);
    const tampered = Buffer.from(leaf!);
    tampered[tampered.length - 1] ^= 0xff; // inside the signature
    const decoded = decodeCertificate(tampered);
    assert.notEqual(decoded, remembered);
  });

  test('oversized input is decoded each time, not remembered', () => {
    const big = Buffer.alloc(MAX_DECODED_BYTES + 1, 0x30);
    assert.equal(decodeCertificate(big), null);
    // A real certificate over the cap (2,000 names): decoded again on every call, so another
    // object each time, of the same certificate.
    const [manyNames] = sentChain('many-names');
    assert.ok(manyNames!.length > MAX_DECODED_BYTES, `the fixture is ${manyNames!.length} bytes`);
    const first = decodeCertificate(manyNames!);
    const again = decodeCertificate(manyNames!);
    assert.ok(first !== null && again !== null);
    assert.notEqual(again, first);
    assert.equal(again.fingerprint256, first.fingerprint256);
  });
});

describe('signedBy', () => {
  const [leaf, intermediate] = sentChain('valid').map((der) => decodeCertificate(der)!);
  const [root] = pemCerts('root.pem');
  const [rogue] = pemCerts('rogue-root.pem');

  test('true for the real issuer, asked twice', () => {
    assert.equal(signedBy(leaf!, intermediate!), true);
    assert.equal(signedBy(leaf!, intermediate!), true);
    assert.equal(signedBy(intermediate!, root!), true);
  });

  test('false for a key that did not sign it, asked twice', () => {
    assert.equal(signedBy(leaf!, rogue!), false);
    assert.equal(signedBy(leaf!, rogue!), false);
    assert.equal(signedBy(leaf!, root!), false);
  });
});
