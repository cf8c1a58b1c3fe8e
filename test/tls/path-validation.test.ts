/**
 * The path-validation cases of the test PKI (fixtures/pki/verify, made by generate.mjs from
 * cases.mjs): each case is a small PKI breaking one rule OpenSSL 3.0 applies when a TLS client
 * verifies a server chain (extended key usage, key usage, a CA as the leaf, issuers that may not
 * issue, pathLenConstraint, name constraints, critical extensions, the anchor's key identifier,
 * explicit EC parameters, the notAfter second, broken or empty extensions, weak algorithms), or
 * checks that something OpenSSL accepts (a key rollover on the path, an empty authorityInfoAccess)
 * is accepted.
 *
 * Two checks per case: tlscheck's pure verdict is the expected trust error; and the machine's
 * `openssl verify` (OpenSSL 3.0, run as a differential oracle with a TLS client's settings:
 * purpose sslserver, security level 1, at the case's clock) accepts exactly the chains tlscheck
 * trusts and names the error the case was built for.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { verifyChain } from '../../src/tls/trust.js';
import { caseFiles, privateStore, verifyCases, type VerifyCase } from './pki.js';

const CASES = verifyCases();

function pureVerdict(row: VerifyCase): string | null {
  const { chain, anchors } = caseFiles(row.id);
  return verifyChain(chain, privateStore(...anchors), new Date(row.at)).error;
}

describe('path validation as OpenSSL does it: the pure verdict', () => {
  for (const row of CASES) {
    test(`${row.id} @ ${row.at.slice(0, 10)}: ${row.title} -> ${row.expect ?? 'trusted'}`, () => {
      assert.equal(pureVerdict(row), row.expect);
    });
  }

  test('every trust error the cases name is in the vocabulary, and every class is covered', () => {
    const named = new Set(CASES.map((row) => row.expect));
    for (const error of [
      'unsuitable-purpose',
      'invalid-ca',
      'path-length',
      'name-constraints',
      'critical-extension',
      'explicit-curve',
      'malformed',
    ]) {
      assert.ok(named.has(error as VerifyCase['expect']), error);
    }
    assert.ok(CASES.filter((row) => row.expect === null).length >= 10, 'accepted cases too');
  });
});

/** The first X509_V_ERR_* code `openssl verify` reports for a case (0 for OK). */
function opensslVerify(row: VerifyCase): number {
  const { chainFile, anchorsFile } = caseFiles(row.id);
  const attime = String(Math.floor(Date.parse(row.at) / 1000));
  const args = [
    'verify',
    '-purpose',
    'sslserver',
    '-auth_level',
    '1',
    '-attime',
    attime,
    '-CAfile',
    anchorsFile,
    '-untrusted',
    chainFile,
    chainFile,
  ];
  const run = spawnSync('openssl', args, { encoding: 'utf8', timeout: 10_000 });
  const output = `${run.stdout}${run.stderr}`;
  const first = /error (\d+) at \d+ depth lookup/.exec(output);
  if (first !== null) return Number(first[1]);
  assert.match(output, /: OK\n/, output);
  return 0;
}

const OPENSSL = spawnSync('openssl', ['version'], { encoding: 'utf8' });
const OPENSSL_3 = OPENSSL.status === 0 && /^OpenSSL 3\./.test(OPENSSL.stdout);

describe('openssl verify, the differential oracle, agrees', { skip: OPENSSL_3 ? false : 'no OpenSSL 3 command on this machine' }, () => {
  for (const row of CASES) {
    test(`${row.id} @ ${row.at.slice(0, 10)}: openssl says ${row.openssl === 0 ? 'OK' : `error ${row.openssl}`}`, () => {
      const code = opensslVerify(row);
      assert.equal(code, row.openssl);
      assert.equal(code === 0, pureVerdict(row) === null, 'openssl accepts exactly what tlscheck trusts');
    });
  }
});
