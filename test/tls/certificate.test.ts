/**
 * The leaf summary: one-line names, dates from OpenSSL's text, daysLeft, key type and size.
 */
import 'reflect-metadata';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { describeKey, oneLineName, parseCertTime, summarizeCertificate } from '../../src/tls/certificate.js';
import { pemCerts } from './pki.js';

describe('parseCertTime', () => {
  const cases: Array<[string, string | null]> = [
    ['Jan  1 00:00:00 2020 GMT', '2020-01-01T00:00:00.000Z'],
    ['Dec 31 23:59:59 9999 GMT', '9999-12-31T23:59:59.000Z'],
    ['Feb 29 12:34:56 2024 GMT', '2024-02-29T12:34:56.000Z'],
    ['Jun 15 08:00:00.123 2030 GMT', '2030-06-15T08:00:00.000Z'],
    ['Jan  1 00:00:00 2199 GMT', '2199-01-01T00:00:00.000Z'],
    ['Jan  1 00:00:00 0050 GMT', '0050-01-01T00:00:00.000Z'],
    ['not a date', null],
    ['', null],
  ];
  for (const [text, iso] of cases) {
    test(JSON.stringify(text), () => {
      assert.equal(parseCertTime(text)?.toISOString() ?? null, iso);
    });
  }
});

describe('oneLineName', () => {
  test("reverses Node's multi-line DN into RFC 4514 order, keeping escapes", () => {
    assert.equal(oneLineName('C=US\nO=Example\\, Inc.\nCN=mx.example.com'), 'CN=mx.example.com, O=Example\\, Inc., C=US');
    assert.equal(oneLineName('CN=only'), 'CN=only');
    assert.equal(oneLineName(''), '');
    assert.equal(oneLineName(undefined), '');
  });
});

describe('summarizeCertificate', () => {
  test('the valid leaf', () => {
    const leaf = pemCerts('valid.cert.pem')[0];
    assert.deepEqual(summarizeCertificate(leaf, new Date('2119-12-01T00:00:00Z')), {
      subject: 'CN=mx.valid.test',
      issuer: 'CN=tlscheck Test Intermediate CA',
      notBefore: '2020-01-01T00:00:00.000Z',
      notAfter: '2120-01-01T00:00:00.000Z',
      daysLeft: 31,
      keyType: 'EC',
      keyBits: 256,
    });
  });

  test('an RSA leaf and the root', () => {
    assert.deepEqual(describeKey(pemCerts('twomx.cert.pem')[0]), { keyType: 'RSA', keyBits: 2048 });
    const root = summarizeCertificate(pemCerts('root.pem')[0], new Date('2000-01-01T00:00:00Z'));
    assert.equal(root?.subject, 'CN=tlscheck Test Root CA');
    assert.equal(root?.issuer, 'CN=tlscheck Test Root CA');
    assert.equal(root?.notAfter, '2200-01-01T00:00:00.000Z');
  });

  test('P-384, P-521 and Ed25519 keys', async () => {
    x509.cryptoProvider.set(webcrypto);
    const make = async (
      alg: webcrypto.EcKeyGenParams | webcrypto.Algorithm,
      sign: webcrypto.Algorithm | webcrypto.EcdsaParams,
    ): Promise<X509Certificate> => {
      const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
      const cert = await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: '01',
        name: 'CN=k.test',
        keys,
        signingAlgorithm: sign,
      });
      return new X509Certificate(Buffer.from(cert.rawData));
    };
    assert.deepEqual(
      describeKey(
        await make(
          { name: 'ECDSA', namedCurve: 'P-384' } as webcrypto.EcKeyGenParams,
          { name: 'ECDSA', hash: 'SHA-384' } as webcrypto.EcdsaParams,
        ),
      ),
      { keyType: 'EC', keyBits: 384 },
    );
    assert.deepEqual(
      describeKey(
        await make(
          { name: 'ECDSA', namedCurve: 'P-521' } as webcrypto.EcKeyGenParams,
          { name: 'ECDSA', hash: 'SHA-512' } as webcrypto.EcdsaParams,
        ),
      ),
      { keyType: 'EC', keyBits: 521 },
    );
    assert.deepEqual(describeKey(await make({ name: 'Ed25519' }, { name: 'Ed25519' })), { keyType: 'Ed25519', keyBits: 256 });
  });
});
