/**
 * analyzeCertificate over every leaf of the test PKI, the injected clock, reasons, and hostile
 * input (garbage bytes never throw).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TrustError } from '../../src/model/report.js';
import type { Reason } from '../../src/model/vocabulary.js';
import { compareHosts } from '../../src/verdict/host-changes.js';
import {
  analyzeCertificate,
  certificateReasons,
  certificateVerifies,
  verificationFailure,
  type CertificateContext,
} from '../../src/tls/analyze.js';
import { address, certificate, domain, mxHost } from '../factories.js';
import { loadTrustStore } from '../../src/tls/trust-store.js';
import { pkiPath, sentChain } from './pki.js';

const NOW = new Date('2025-06-01T00:00:00Z');
const trust = loadTrustStore([pkiPath('root.pem')]);
const ctx = (mxHost: string, domain: string, now = NOW): CertificateContext => ({ mxHost, domain, now, trust });

interface Row {
  id: string;
  mxHost: string;
  domain: string;
  trustError: TrustError | null;
  matchesMx: boolean;
  matchesDomain: boolean;
  reasons: Reason[];
}

const ROWS: Row[] = [
  { id: 'valid', mxHost: 'mx.valid.test', domain: 'valid.test', trustError: null, matchesMx: true, matchesDomain: false, reasons: [] },
  { id: 'twomx', mxHost: 'mx2.twomx.test', domain: 'twomx.test', trustError: null, matchesMx: true, matchesDomain: false, reasons: [] },
  {
    id: 'self-signed',
    mxHost: 'mx.selfsigned.test',
    domain: 'selfsigned.test',
    trustError: 'self-signed',
    matchesMx: true,
    matchesDomain: false,
    reasons: ['certificate-self-signed'],
  },
  {
    id: 'expired',
    mxHost: 'mx.expired.test',
    domain: 'expired.test',
    trustError: 'expired',
    matchesMx: true,
    matchesDomain: false,
    reasons: ['certificate-expired'],
  },
  {
    id: 'not-yet-valid',
    mxHost: 'mx.notyet.test',
    domain: 'notyet.test',
    trustError: 'not-yet-valid',
    matchesMx: true,
    matchesDomain: false,
    reasons: ['certificate-not-yet-valid'],
  },
  {
    id: 'wrong-name',
    mxHost: 'mx.wrongname.test',
    domain: 'wrongname.test',
    trustError: null,
    matchesMx: false,
    matchesDomain: false,
    reasons: ['certificate-host-mismatch'],
  },
  {
    id: 'domain-only',
    mxHost: 'mail.hostingco.test',
    domain: 'domainonly.test',
    trustError: null,
    matchesMx: false,
    matchesDomain: true,
    reasons: [],
  },
  {
    id: 'wildcard',
    mxHost: 'mx.wildcard.test',
    domain: 'wildcard.test',
    trustError: null,
    matchesMx: true,
    matchesDomain: false,
    reasons: [],
  },
  {
    id: 'incomplete',
    mxHost: 'mx.incomplete.test',
    domain: 'incomplete.test',
    trustError: 'incomplete-chain',
    matchesMx: true,
    matchesDomain: false,
    reasons: ['certificate-incomplete-chain'],
  },
  {
    id: 'untrusted',
    mxHost: 'mx.untrusted.test',
    domain: 'untrusted.test',
    trustError: 'unknown-issuer',
    matchesMx: true,
    matchesDomain: false,
    reasons: ['certificate-not-trusted'],
  },
  { id: 'cn-only', mxHost: 'mx.cnonly.test', domain: 'cnonly.test', trustError: null, matchesMx: true, matchesDomain: false, reasons: [] },
];

describe('analyzeCertificate on the test PKI', () => {
  for (const row of ROWS) {
    test(`${row.id}: served by ${row.mxHost} for ${row.domain}`, () => {
      const chain = sentChain(row.id);
      const report = analyzeCertificate(chain, ctx(row.mxHost, row.domain));
      assert.equal(report.trustError, row.trustError);
      assert.equal(report.trusted, row.trustError === null);
      assert.equal(report.matchesMx, row.matchesMx);
      assert.equal(report.matchesDomain, row.matchesDomain);
      assert.equal(report.chainLength, chain.length);
      assert.deepEqual(certificateReasons(report), row.reasons);
    });
  }

  test('the valid report in full', () => {
    const report = analyzeCertificate(sentChain('valid'), ctx('mx.valid.test', 'valid.test'));
    assert.deepEqual(report, {
      subject: 'CN=mx.valid.test',
      names: ['mx.valid.test'],
      issuer: 'CN=tlscheck Test Intermediate CA',
      notBefore: '2020-01-01T00:00:00.000Z',
      notAfter: '2120-01-01T00:00:00.000Z',
      daysLeft: 34546,
      keyType: 'EC',
      keyBits: 256,
      chainLength: 2,
      trusted: true,
      trustError: null,
      matchesMx: true,
      matchesDomain: false,
    });
  });

  test('names: the CN only when there is no SAN; the wildcard as presented', () => {
    assert.deepEqual(analyzeCertificate(sentChain('cn-only'), ctx('mx.cnonly.test', 'cnonly.test')).names, ['mx.cnonly.test']);
    assert.deepEqual(analyzeCertificate(sentChain('wildcard'), ctx('a.b.wildcard.test', 'wildcard.test')).names, ['*.wildcard.test']);
    const deep = analyzeCertificate(sentChain('wildcard'), ctx('a.b.wildcard.test', 'wildcard.test'));
    assert.equal(deep.matchesMx, false, 'a wildcard covers one label only');
  });

  test('the MX name is matched case-insensitively and with a trailing dot', () => {
    const report = analyzeCertificate(sentChain('valid'), ctx('MX.Valid.Test.', 'valid.test'));
    assert.equal(report.matchesMx, true);
  });
});

describe('the injected clock', () => {
  test('the valid leaf judged in 2150 is expired', () => {
    const report = analyzeCertificate(sentChain('valid'), ctx('mx.valid.test', 'valid.test', new Date('2150-01-01T00:00:00Z')));
    assert.equal(report.trustError, 'expired');
    assert.ok(report.daysLeft < 0);
    assert.deepEqual(certificateReasons(report), ['certificate-expired']);
  });

  test('the expired leaf judged on 2001-06-01 is trusted', () => {
    const report = analyzeCertificate(sentChain('expired'), ctx('mx.expired.test', 'expired.test', new Date('2001-06-01T00:00:00Z')));
    assert.equal(report.trustError, null);
    assert.equal(report.trusted, true);
    assert.equal(report.daysLeft, 214);
  });

  test('the not-yet-valid leaf judged in 2100 is trusted; the valid one in 2019 is not yet valid', () => {
    assert.equal(
      analyzeCertificate(sentChain('not-yet-valid'), ctx('mx.notyet.test', 'notyet.test', new Date('2100-01-01T00:00:00Z'))).trusted,
      true,
    );
    assert.equal(
      analyzeCertificate(sentChain('valid'), ctx('mx.valid.test', 'valid.test', new Date('2019-06-01T00:00:00Z'))).trustError,
      'not-yet-valid',
    );
  });

  test('daysLeft floors: one hour before notAfter is 0, one hour after is -1', () => {
    const chain = sentChain('valid');
    assert.equal(analyzeCertificate(chain, ctx('mx.valid.test', 'valid.test', new Date('2119-12-31T23:00:00Z'))).daysLeft, 0);
    assert.equal(analyzeCertificate(chain, ctx('mx.valid.test', 'valid.test', new Date('2120-01-01T01:00:00Z'))).daysLeft, -1);
  });
});

describe('certificateReasons', () => {
  test('trust first, then the name', () => {
    const report = analyzeCertificate(sentChain('self-signed'), ctx('mx.other.test', 'other.test'));
    assert.deepEqual(certificateReasons(report), ['certificate-self-signed', 'certificate-host-mismatch']);
  });

  test('every trust error maps into the closed vocabulary', () => {
    const base = analyzeCertificate(sentChain('valid'), ctx('mx.valid.test', 'valid.test'));
    const expected: Record<TrustError, Reason> = {
      expired: 'certificate-expired',
      'not-yet-valid': 'certificate-not-yet-valid',
      'self-signed': 'certificate-self-signed',
      'incomplete-chain': 'certificate-incomplete-chain',
      'unknown-issuer': 'certificate-not-trusted',
      'bad-signature': 'certificate-not-trusted',
      'invalid-ca': 'certificate-not-trusted',
      malformed: 'certificate-invalid',
      'path-length': 'validation-failure',
      'unsuitable-purpose': 'validation-failure',
      'name-constraints': 'validation-failure',
      'critical-extension': 'validation-failure',
      'weak-key': 'validation-failure',
      'weak-signature': 'validation-failure',
      'explicit-curve': 'validation-failure',
      unspecified: 'validation-failure',
    };
    for (const [trustError, reason] of Object.entries(expected) as Array<[TrustError, Reason]>) {
      assert.deepEqual(certificateReasons({ ...base, trusted: false, trustError }), [reason]);
    }
  });
});

describe('one rule for "does this certificate verify"', () => {
  test('a malformed certificate fails on trust alone: it has no names to mismatch', () => {
    const malformed = certificate({ trusted: false, trustError: 'malformed', matchesMx: false, matchesDomain: false });
    assert.deepEqual(verificationFailure(malformed), { trust: 'malformed', nameMismatch: false });
    assert.deepEqual(certificateReasons(malformed), ['certificate-invalid']);
    assert.equal(certificateVerifies(malformed), false);
    assert.equal(certificateVerifies(certificate()), true);
    assert.equal(certificateVerifies(certificate({ matchesMx: false, matchesDomain: true })), true);
  });

  test('the baseline comparison uses the same rule', () => {
    const malformed = address({
      certificate: certificate({ trusted: false, trustError: 'malformed', matchesMx: false, matchesDomain: false }),
    });
    const then = domain('acme.test', { mx: [mxHost('mx.acme.test', 10, [address()])] });
    const now = domain('acme.test', { mx: [mxHost('mx.acme.test', 10, [malformed])] });
    assert.deepEqual(
      compareHosts(then, now).map((change) => [change.kind, change.after]),
      [['certificate-now-fails', 'malformed']],
    );
  });
});

describe('hostile input', () => {
  const placeholder = (chainLength: number) => ({
    subject: '',
    names: [],
    issuer: '',
    notBefore: '',
    notAfter: '',
    daysLeft: 0,
    keyType: '',
    keyBits: null,
    chainLength,
    trusted: false,
    trustError: 'malformed',
    matchesMx: false,
    matchesDomain: false,
  });

  test('garbage, truncated DER and an empty chain give the malformed report', () => {
    const valid = sentChain('valid')[0];
    const c = ctx('mx.valid.test', 'valid.test');
    assert.deepEqual(analyzeCertificate([Buffer.from('not a certificate')], c), placeholder(1));
    assert.deepEqual(analyzeCertificate([valid.subarray(0, valid.length - 10)], c), placeholder(1));
    assert.deepEqual(analyzeCertificate([Buffer.alloc(0)], c), placeholder(1));
    assert.deepEqual(analyzeCertificate([], c), placeholder(0));
    assert.deepEqual(certificateReasons(analyzeCertificate([Buffer.from([0x30, 0x00])], c)), ['certificate-invalid']);
  });

  test('a good leaf followed by garbage: leaf summarised, malformed', () => {
    const [leaf] = sentChain('valid');
    const report = analyzeCertificate([leaf, Buffer.from([0x30, 0x82, 0xff])], ctx('mx.valid.test', 'valid.test'));
    assert.equal(report.subject, 'CN=mx.valid.test');
    assert.equal(report.trustError, 'malformed');
    assert.equal(report.matchesMx, true);
  });

  test('an undecodable subjectAltName (Node gives null): no names, no CN fallback, malformed', () => {
    const [leaf, intermediate] = sentChain('valid');
    const san = leaf.indexOf(Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x11])); // OID 2.5.29.17
    assert.ok(san > 0);
    const broken = Buffer.from(leaf);
    broken[san + 8] ^= 0x20; // the length of the GeneralNames SEQUENCE inside the OCTET STRING
    const report = analyzeCertificate([broken, intermediate], ctx('mx.valid.test', 'valid.test'));
    assert.deepEqual(report.names, []);
    assert.equal(report.matchesMx, false);
    assert.equal(report.trustError, 'malformed');
  });

  test('random bytes and mutated certificates never throw', () => {
    const [leaf, intermediate] = sentChain('valid');
    const c = ctx('mx.valid.test', 'valid.test');
    const mutate = (der: Buffer) =>
      fc.tuple(fc.nat(der.length - 1), fc.integer({ min: 1, max: 255 })).map(([at, xor]) => {
        const copy = Buffer.from(der);
        copy[at] ^= xor;
        return copy;
      });
    const anyBytes = fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes));
    const first = fc.oneof(mutate(leaf), anyBytes);
    const rest = fc.array(fc.oneof(mutate(intermediate), anyBytes, fc.constant(intermediate)), { maxLength: 3 });
    fc.assert(
      fc.property(first, rest, (head, tail) => {
        const report = analyzeCertificate([head, ...tail], c);
        assert.equal(report.trusted, report.trustError === null);
        assert.equal(report.trusted, false, 'no mutation of the leaf or random bytes is trusted');
      }),
      { numRuns: 500 },
    );
  });
});
