/** The report's run-wide Email Log File totals, added up from every domain of the logs. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { summarizeTraffic } from '../../src/verdict/traffic.js';
import { traffic } from '../factories.js';

describe('summarizeTraffic', () => {
  test('adds every figure, merges the TLS versions, spans the period, counts the plaintext domains', () => {
    const summary = summarizeTraffic(
      [
        traffic({ deliveries: 10, tls: 8, verified: 2, unverified: 6, plaintext: 2, lastPlaintext: '2024-05-03T00:00:00.000Z' }),
        traffic({
          deliveries: 5,
          tls: 5,
          verified: 5,
          tlsVersions: { 'TLSv1.3': 5 },
          transientFailures: 1,
          permanentFailures: 2,
          firstSeen: '2024-04-30T00:00:00.000Z',
          lastSeen: '2024-05-09T00:00:00.000Z',
        }),
        traffic({ deliveries: 1, tls: 0, verified: 0, plaintext: 1, tlsVersions: {}, lastPlaintext: '2024-05-02T00:00:00.000Z' }),
      ],
      { files: 2, rowsRead: 50, rowsSkipped: 1, warmUpRows: 3 },
    );
    assert.deepEqual(summary, {
      files: 2,
      rowsRead: 50,
      rowsSkipped: 1,
      warmUpRows: 3,
      domains: 3,
      plaintextDomains: 2,
      deliveries: 16,
      tls: 13,
      verified: 7,
      unverified: 6,
      plaintext: 3,
      transientFailures: 1,
      permanentFailures: 2,
      tlsVersions: { 'TLSv1.2': 10, 'TLSv1.3': 5 },
      firstSeen: '2024-04-30T00:00:00.000Z',
      lastSeen: '2024-05-09T00:00:00.000Z',
      lastPlaintext: '2024-05-03T00:00:00.000Z',
    });
  });

  test('no domain: zero figures and no period', () => {
    const summary = summarizeTraffic([], { files: 1, rowsRead: 0, rowsSkipped: 0, warmUpRows: 0 });
    assert.equal(summary.domains, 0);
    assert.equal(summary.firstSeen, null);
    assert.deepEqual(summary.tlsVersions, {});
  });
});
