/**
 * Chain verification on odd chains built for one test each: bad signatures, non-CA issuers,
 * known intermediates, loops, expired CAs, pinned leaves, order and duplicates.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { createTrustStore, type TrustStore } from '../../src/tls/trust-store.js';
import { validityError, verifyChain } from '../../src/tls/trust.js';
import { fixtureKey, issue, newKey, pemCerts, type KeyPair } from './pki.js';

const NOW = new Date('2025-06-01T00:00:00Z');
const ROOT = pemCerts('root.pem')[0];
const INTERMEDIATE = pemCerts('intermediate.pem')[0];
const INTERMEDIATE_NAME = 'CN=tlscheck Test Intermediate CA';

const x = (der: Buffer): X509Certificate => new X509Certificate(der);
const privateStore = (...certs: X509Certificate[]): TrustStore => createTrustStore(certs, { publicRoots: false });
const judge = (chain: X509Certificate[], trust: TrustStore, now = NOW): string | null => verifyChain(chain, trust, now).error;

describe('verifyChain', () => {
  let intermediateKey: KeyPair;
  let rootKey: KeyPair;
  const store = privateStore(ROOT);

  before(async () => {
    intermediateKey = await fixtureKey('intermediate');
    rootKey = await fixtureKey('root');
  });

  async function leafUnderIntermediate(extra: { aia?: boolean; notBefore?: string; notAfter?: string } = {}): Promise<X509Certificate> {
    return x(
      await issue({
        subject: 'CN=mx.synthetic.test',
        issuer: INTERMEDIATE_NAME,
        key: await newKey(),
        signer: intermediateKey,
        dnsNames: ['mx.synthetic.test'],
        ...extra,
      }),
    );
  }

  test('a leaf signed by the real intermediate verifies (the helper itself is sound)', async () => {
    const leaf = await leafUnderIntermediate();
    assert.equal(judge([leaf, INTERMEDIATE], store), null);
    const path = verifyChain([leaf, INTERMEDIATE], store, NOW).path;
    assert.deepEqual(
      path.map((c) => c.subject),
      ['CN=mx.synthetic.test', 'CN=tlscheck Test Intermediate CA', 'CN=tlscheck Test Root CA'],
    );
  });

  test('right issuer name, wrong key: bad-signature', async () => {
    const forged = x(
      await issue({
        subject: 'CN=mx.forged.test',
        issuer: INTERMEDIATE_NAME,
        key: await newKey(),
        signer: await newKey(),
        dnsNames: ['mx.forged.test'],
      }),
    );
    assert.equal(judge([forged, INTERMEDIATE], store), 'bad-signature');
  });

  test('an intermediate whose signature from the anchor fails: bad-signature', async () => {
    const fakeIntermediate = x(
      await issue({
        subject: 'CN=Fake Intermediate',
        issuer: 'CN=tlscheck Test Root CA',
        key: intermediateKey,
        signer: await newKey(),
        ca: true,
      }),
    );
    const leaf = x(await issue({ subject: 'CN=mx.f.test', issuer: 'CN=Fake Intermediate', key: await newKey(), signer: intermediateKey }));
    assert.equal(judge([leaf, fakeIntermediate], store), 'bad-signature');
  });

  test('an issuer that is not a CA: invalid-ca (RFC 5280 §6.1.4 k; OpenSSL X509_V_ERR_INVALID_CA)', async () => {
    const issuerKey = await newKey();
    const make = async (ca: boolean) =>
      x(await issue({ subject: 'CN=Sub CA', issuer: 'CN=tlscheck Test Root CA', key: issuerKey, signer: rootKey, ca }));
    const leaf = x(await issue({ subject: 'CN=mx.sub.test', issuer: 'CN=Sub CA', key: await newKey(), signer: issuerKey }));
    assert.equal(judge([leaf, await make(true)], store), null);
    assert.equal(judge([leaf, await make(false)], store), 'invalid-ca');
  });

  test('missing intermediate: incomplete-chain with AIA or a known intermediate, else unknown-issuer', async () => {
    const withAia = await leafUnderIntermediate({ aia: true });
    const withoutAia = await leafUnderIntermediate();
    assert.equal(judge([withAia], store), 'incomplete-chain');
    assert.equal(judge([withoutAia], store), 'unknown-issuer');
    assert.equal(judge([withoutAia], privateStore(ROOT, INTERMEDIATE)), 'incomplete-chain');
  });

  test('a known intermediate in the store does not complete the chain', async () => {
    const leaf = await leafUnderIntermediate();
    assert.equal(judge([leaf], privateStore(ROOT, INTERMEDIATE)), 'incomplete-chain');
  });

  test('sent root, wrong order and duplicates still verify', async () => {
    const leaf = await leafUnderIntermediate();
    assert.equal(judge([leaf, INTERMEDIATE, ROOT], store), null);
    assert.equal(judge([leaf, ROOT, INTERMEDIATE], store), null);
    assert.equal(judge([leaf, leaf, INTERMEDIATE, INTERMEDIATE, INTERMEDIATE], store), null);
  });

  test('the chain sent without the leaf issuer but with the root: still incomplete', async () => {
    const leaf = await leafUnderIntermediate({ aia: true });
    assert.equal(judge([leaf, ROOT], store), 'incomplete-chain');
  });

  test('a loop of cross-issued CAs ends (unknown-issuer)', async () => {
    const keyA = await newKey();
    const keyB = await newKey();
    const a = x(await issue({ subject: 'CN=Loop A', issuer: 'CN=Loop B', key: keyA, signer: keyB, ca: true }));
    const b = x(await issue({ subject: 'CN=Loop B', issuer: 'CN=Loop A', key: keyB, signer: keyA, ca: true }));
    const leaf = x(await issue({ subject: 'CN=mx.loop.test', issuer: 'CN=Loop A', key: await newKey(), signer: keyA }));
    assert.equal(judge([leaf, a, b, a, b], store), 'unknown-issuer');
  });

  test('an expired intermediate: expired; dates are judged from the anchor down, as OpenSSL does', async () => {
    const oldKey = await newKey();
    const oldCa = x(
      await issue({
        subject: 'CN=Old CA',
        issuer: 'CN=tlscheck Test Root CA',
        key: oldKey,
        signer: rootKey,
        ca: true,
        notBefore: '2000-01-01T00:00:00Z',
        notAfter: '2010-01-01T00:00:00Z',
      }),
    );
    const leaf = x(await issue({ subject: 'CN=mx.old.test', issuer: 'CN=Old CA', key: await newKey(), signer: oldKey }));
    assert.equal(judge([leaf, oldCa], store), 'expired');
    const future = x(
      await issue({
        subject: 'CN=mx.future.test',
        issuer: 'CN=Old CA',
        key: await newKey(),
        signer: oldKey,
        notBefore: '2099-01-01T00:00:00Z',
        notAfter: '2199-01-01T00:00:00Z',
      }),
    );
    assert.equal(judge([future, oldCa], store), 'expired', 'the CA expired before the leaf begins');
    assert.equal(judge([future, oldCa], store, new Date('2005-01-01T00:00:00Z')), 'not-yet-valid');
    assert.equal(judge([leaf, oldCa], store, new Date('2005-01-01T00:00:00Z')), 'not-yet-valid', 'leaf window starts 2020');
  });

  test('an expired trust anchor is judged too (OpenSSL behaviour)', async () => {
    const anchorKey = await newKey();
    const anchor = x(
      await issue({
        subject: 'CN=Old Root',
        key: anchorKey,
        ca: true,
        notBefore: '2000-01-01T00:00:00Z',
        notAfter: '2010-01-01T00:00:00Z',
      }),
    );
    const leaf = x(
      await issue({
        subject: 'CN=mx.oldroot.test',
        issuer: 'CN=Old Root',
        key: await newKey(),
        signer: anchorKey,
        notBefore: '2000-01-01T00:00:00Z',
      }),
    );
    assert.equal(judge([leaf], privateStore(anchor)), 'expired');
    assert.equal(judge([leaf], privateStore(anchor), new Date('2005-01-01T00:00:00Z')), null);
  });

  test('a self-signed leaf pinned in the store is trusted; elsewhere self-signed', async () => {
    const key = await newKey();
    const pinned = x(await issue({ subject: 'CN=mx.pinned.test', key, dnsNames: ['mx.pinned.test'] }));
    assert.equal(judge([pinned], privateStore(pinned)), null);
    assert.equal(judge([pinned], store), 'self-signed');
  });

  test('a rogue root sent along: unknown-issuer, not self-signed', async () => {
    const rogueKey = await newKey();
    const rogue = x(await issue({ subject: 'CN=Rogue', key: rogueKey, ca: true }));
    const leaf = x(await issue({ subject: 'CN=mx.r.test', issuer: 'CN=Rogue', key: await newKey(), signer: rogueKey }));
    assert.equal(judge([leaf, rogue], store), 'unknown-issuer');
    assert.equal(judge([leaf, rogue], privateStore(rogue)), null, 'the same chain once the root is trusted');
  });
});

describe('validityError', () => {
  const leaf = pemCerts('valid.cert.pem')[0];
  test('notBefore is inclusive, notAfter exclusive: OpenSSL (X509_cmp_time) calls a certificate expired at its notAfter second', () => {
    assert.equal(validityError(leaf, new Date('2020-01-01T00:00:00.000Z')), null);
    assert.equal(validityError(leaf, new Date('2019-12-31T23:59:59.999Z')), 'not-yet-valid');
    assert.equal(validityError(leaf, new Date('2119-12-31T23:59:59.999Z')), null);
    assert.equal(validityError(leaf, new Date('2120-01-01T00:00:00.000Z')), 'expired');
  });
});
