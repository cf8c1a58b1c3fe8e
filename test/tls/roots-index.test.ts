/**
 * The bundled roots are parsed only when a chain asks for their subject, found through the index
 * the build writes (roots-index.json): every root is still found by its subject, as when all were
 * parsed up front.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { rootCertificates } from 'node:tls';
import { createTrustStore, indexRoots, nameKey, rootsFingerprint, type RootsIndex } from '../../src/tls/trust-store.js';

test('the index the build wrote is for this Node’s roots, and says what parsing them all says', () => {
  const written = JSON.parse(readFileSync(new URL('../../src/tls/roots-index.json', import.meta.url), 'utf8')) as RootsIndex;
  assert.equal(written.fingerprint, rootsFingerprint());
  assert.deepEqual(written, indexRoots());
});

test('every bundled root is an anchor found by its subject', () => {
  const store = createTrustStore([]);
  for (const pem of rootCertificates) {
    const root = new X509Certificate(pem);
    const found = store.anchorsFor(nameKey(root, 'subject'));
    assert.ok(
      found.some((anchor) => anchor.raw.equals(root.raw)),
      root.subject,
    );
    assert.ok(store.isAnchor(root));
  }
  assert.deepEqual(store.anchorsFor('no such subject'), []);
});
