/**
 * Regression: replies nobody asked for. A server that sends a fake EHLO reply together with its
 * banner used to have that fake reply read as the answer to our EHLO (here: no STARTTLS, so the
 * report said "STARTTLS not offered" about a server that offers it). Anything received before a
 * command is sent is now a failure of that phase, and the command is not sent.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { ProbeObservation } from '../../src/model/observation.js';
import { unsolicitedFailure } from '../../src/smtp/failures.js';
import { probeAddress } from '../../src/smtp/probe.js';
import { leaf } from '../tls/pki.js';
import { EHLO_STARTTLS, EHLO_TLS, mta, startServer, timeouts, type Script, type TestServer } from './helpers.js';

const servers: TestServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function probe(script: Script): Promise<{ obs: ProbeObservation; server: TestServer }> {
  const server = await startServer(script);
  servers.push(server);
  const obs = await probeAddress(
    { address: '127.0.0.1', family: 4, host: 'mx.valid.test', port: server.port },
    { helo: 'probe.tlscheck.test', timeouts: timeouts(2000) },
  );
  return { obs, server };
}

const HARD = { timeout: 8000 };

describe('probeAddress: unsolicited replies', () => {
  test('a fake EHLO reply sent with the banner: protocol-error at ehlo, EHLO never sent, STARTTLS not judged', HARD, async () => {
    const { obs, server } = await probe(mta({ banner: '220 mx.test ESMTP\r\n250 mx.test fake, no STARTTLS here\r\n' }));
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['ehlo', 'protocol-error']);
    assert.match(obs.failure?.message ?? '', /sent 1 reply line\(s\) before the command \(an unsolicited reply\)/);
    assert.equal(obs.banner?.code, 220);
    assert.equal(obs.ehlo, null);
    assert.equal(obs.starttlsOffered, null, 'never "STARTTLS not offered"');
    assert.deepEqual(server.commands, []);
  });

  test('half a line after the banner counts too', HARD, async () => {
    const { obs } = await probe(mta({ banner: '220 mx.test ESMTP\r\n250-par' }));
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['ehlo', 'protocol-error']);
    assert.match(obs.failure?.message ?? '', /sent 7 byte\(s\) before the command/);
  });

  test('an extra reply after the EHLO reply: STARTTLS is not sent (it would read the extra as its answer)', HARD, async () => {
    const { obs, server } = await probe(mta({ ehlo: `${EHLO_STARTTLS}454 4.7.0 not now\r\n` }));
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['starttls', 'protocol-error']);
    assert.equal(obs.starttlsOffered, true);
    assert.equal(obs.starttlsReply, null);
    assert.deepEqual(server.commands, ['EHLO probe.tlscheck.test']);
  });

  test('an extra reply after the post-TLS EHLO: the session stands, only QUIT is skipped', HARD, async () => {
    const { obs, server } = await probe(mta({ tls: leaf('valid'), ehloTls: `${EHLO_TLS}250 surprise\r\n` }));
    assert.equal(obs.failure, null);
    assert.ok(obs.tls !== null);
    assert.deepEqual(server.commands, ['EHLO probe.tlscheck.test', 'STARTTLS', 'EHLO probe.tlscheck.test']);
  });

  test('a well-behaved server is unaffected: every command is sent and QUIT ends the session', HARD, async () => {
    const { obs, server } = await probe(mta({ tls: leaf('valid') }));
    assert.equal(obs.failure, null);
    assert.deepEqual(server.commands, ['EHLO probe.tlscheck.test', 'STARTTLS', 'EHLO probe.tlscheck.test', 'QUIT']);
  });
});

test('unsolicitedFailure: protocol-error before TLS, starttls-protocol-error after the handshake', () => {
  assert.equal(unsolicitedFailure('ehlo', { bytes: 0, lines: 2 }).reason, 'protocol-error');
  assert.equal(unsolicitedFailure('starttls', { bytes: 3, lines: 0 }).reason, 'protocol-error');
  assert.equal(unsolicitedFailure('ehlo-tls', { bytes: 0, lines: 1 }).reason, 'starttls-protocol-error');
  assert.match(unsolicitedFailure('ehlo', { bytes: 3, lines: 0 }).message, /^ehlo: the server sent 3 byte\(s\)/);
});
