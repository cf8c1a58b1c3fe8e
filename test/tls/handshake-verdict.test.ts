/**
 * OpenSSL's own verdict, taken from a real handshake: every path-validation case a TLS server can
 * serve is served by a scripted MTA on loopback and probed exactly as a run probes (probeAddress
 * with the run's trust store); the handshake's verdict must agree with the case, and the
 * certificate judgement that combines it with the pure verdict must give the expected trust error.
 * The clock is the real one here, as OpenSSL's is (every case is valid from 2020 to 2100 or longer,
 * or expired since 2002).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { probeAddress } from '../../src/smtp/probe.js';
import { analyzeCertificate } from '../../src/tls/analyze.js';
import { mta, serverPool, timeouts } from '../smtp/helpers.js';
import { caseFiles, privateStore, verifyCases } from './pki.js';

const serve = serverPool();
const SERVABLE = verifyCases().filter((row) => row.tls && row.at.startsWith('2025-'));

describe('the handshake records OpenSSL verdict on the chain, against the run trust store', () => {
  for (const row of SERVABLE) {
    test(`${row.id}: ${row.expect === null ? 'authorized' : `refused, reported as ${row.expect}`}`, { timeout: 10_000 }, async () => {
      const { anchors, chainFile, keyFile } = caseFiles(row.id);
      // Security level 0 on the server side only, so it can present weak test certificates at all.
      const tls = { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(chainFile, 'utf8'), ciphers: 'DEFAULT@SECLEVEL=0' };
      const server = await serve(mta({ tls }));
      const trust = privateStore(...anchors);
      const obs = await probeAddress(
        { address: '127.0.0.1', family: 4, host: 'mx.case.test', port: server.port },
        { helo: 'probe.tlscheck.test', timeouts: timeouts(3000), trust },
      );
      assert.equal(obs.failure, null, obs.failure?.message);
      const verification = obs.tls?.verification ?? null;
      assert.equal(verification?.authorized, row.expect === null, `OpenSSL said ${verification?.error}`);
      const chain = obs.tls?.chain ?? [];
      const report = analyzeCertificate(chain, { mxHost: 'mx.case.test', domain: 'case.test', now: new Date(), trust, verification });
      assert.equal(report.trustError, row.expect);
    });
  }

  test('without a trust store the probe records no verdict', { timeout: 10_000 }, async () => {
    const { chainFile, keyFile } = caseFiles('ok');
    const server = await serve(mta({ tls: { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(chainFile, 'utf8') } }));
    const obs = await probeAddress(
      { address: '127.0.0.1', family: 4, host: 'mx.case.test', port: server.port },
      { helo: 'probe.tlscheck.test', timeouts: timeouts(3000) },
    );
    assert.equal(obs.tls?.verification, null);
  });
});
