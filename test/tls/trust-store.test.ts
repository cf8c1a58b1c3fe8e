/**
 * Loading the trust store: bundled roots plus PEM files; clear errors for unusable files.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { createTrustStore, loadTrustStore, nameKey, parsePemCertificates } from '../../src/tls/trust-store.js';
import { pemCerts, pemText } from './pki.js';

const dir = mkdtempSync(join(tmpdir(), 'tlscheck-trust-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const ROOT = pemCerts('root.pem')[0];
const INTERMEDIATE = pemCerts('intermediate.pem')[0];
const PUBLIC_ROOT = new X509Certificate(rootCertificates[0]);

describe('loadTrustStore', () => {
  test('bundled roots are anchors; a file root is an anchor; a file intermediate is only known', () => {
    const both = file('both.pem', pemText('root.pem') + '\n' + pemText('intermediate.pem'));
    const store = loadTrustStore([both]);
    assert.ok(store.anchorsFor(nameKey(PUBLIC_ROOT, 'subject')).length > 0);
    assert.ok(store.isAnchor(PUBLIC_ROOT));
    assert.deepEqual(
      store.anchorsFor(nameKey(ROOT, 'subject')).map((c) => c.fingerprint256),
      [ROOT.fingerprint256],
    );
    assert.ok(store.isAnchor(ROOT));
    assert.equal(store.isAnchor(INTERMEDIATE), false);
    assert.deepEqual(
      store.intermediatesFor(nameKey(INTERMEDIATE, 'subject')).map((c) => c.fingerprint256),
      [INTERMEDIATE.fingerprint256],
    );
  });

  test('without files: only the bundled roots', () => {
    const store = loadTrustStore([]);
    assert.equal(store.anchorsFor(nameKey(ROOT, 'subject')).length, 0);
    assert.ok(store.isAnchor(PUBLIC_ROOT));
  });

  test('a missing file is an error naming it', () => {
    const missing = join(dir, 'nope.pem');
    assert.throws(
      () => loadTrustStore([missing]),
      (error: Error) => error.message.includes(missing) && /cannot be read/.test(error.message),
    );
  });

  test('a file without a certificate is an error naming it', () => {
    const key = file('key.pem', pemText('root.key.pem'));
    assert.throws(
      () => loadTrustStore([key]),
      (error: Error) => error.message.includes(key) && /no PEM certificate/.test(error.message),
    );
    const empty = file('empty.pem', '');
    assert.throws(
      () => loadTrustStore([empty]),
      (error: Error) => error.message.includes(empty),
    );
  });

  test('a broken certificate block is an error naming the file', () => {
    const broken = file('broken.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    assert.throws(
      () => loadTrustStore([broken]),
      (error: Error) => error.message.includes(broken) && /#1 does not parse/.test(error.message),
    );
  });
});

describe('createTrustStore', () => {
  test('publicRoots: false leaves only the given anchors', () => {
    const store = createTrustStore([ROOT], { publicRoots: false });
    assert.equal(store.anchorsFor(nameKey(PUBLIC_ROOT, 'subject')).length, 0);
    assert.equal(store.anchorsFor(nameKey(ROOT, 'subject')).length, 1);
    assert.deepEqual(store.anchorPems(), [ROOT.toString()]);
  });

  test('the handshake is given the same anchors: the bundled roots and the self-issued file certificates', () => {
    const store = createTrustStore([ROOT, INTERMEDIATE]);
    assert.deepEqual(store.anchorPems(), [...rootCertificates, ROOT.toString()]);
  });

  test('names are looked up as OpenSSL compares them: case and spacing do not matter', () => {
    const store = createTrustStore([ROOT], { publicRoots: false });
    const key = nameKey(ROOT, 'subject');
    assert.equal(key, nameKey(pemCerts('intermediate.pem')[0], 'issuer'));
    assert.equal(store.anchorsFor(key).length, 1);
  });

  test('parsePemCertificates keeps order and count', () => {
    const chain = parsePemCertificates(pemText('valid.chain.pem'), 'valid.chain.pem');
    assert.deepEqual(
      chain.map((c) => c.subject),
      ['CN=mx.valid.test', 'CN=tlscheck Test Intermediate CA'],
    );
  });
});
