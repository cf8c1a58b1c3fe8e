/**
 * Handshake failures, the legacy-version probe, and the teardown paths after STARTTLS (on Node 20
 * a wrong destroy order has crashed the process with SIGSEGV: a crash fails this whole file).
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import type { ProbeObservation } from '../../src/model/observation.js';
import { probeAddress } from '../../src/smtp/probe.js';
import { leaf } from '../tls/pki.js';
import { EHLO_STARTTLS, EHLO_TLS, mta, serverPool, timeouts, type Conn, type Script, type TestServer } from './helpers.js';

const serve = serverPool();

function probe(server: TestServer, host: string, phaseMs = 3000): Promise<ProbeObservation> {
  return probeAddress(
    { address: '127.0.0.1', family: 4, host, port: server.port },
    { helo: 'probe.tlscheck.test', timeouts: timeouts(phaseMs) },
  );
}

/** Banner, EHLO with STARTTLS, 220 to STARTTLS; then `then` decides what the "handshake" is. */
function afterStartTls(then: (conn: Conn) => Promise<void>): Script {
  return async (conn) => {
    conn.send('220 mx.test ESMTP\r\n');
    if ((await conn.command()) === null) return;
    conn.send(EHLO_STARTTLS);
    if ((await conn.command()) === null) return;
    conn.send('220 2.0.0 go ahead\r\n');
    await then(conn);
  };
}

const HARD = { timeout: 8000 };

describe('probeAddress: the TLS version the server speaks', () => {
  test('a TLS 1.0-only server: tls-version-unsupported, legacyProtocols [TLSv1]', HARD, async () => {
    const tls10 = leaf('tls10', { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
    const server = await serve(mta({ tls: tls10 }));
    const obs = await probe(server, 'mx.tls10.test');
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['tls', 'tls-version-unsupported']);
    assert.match(obs.failure?.message ?? '', /negotiates TLSv1 only/);
    assert.deepEqual(obs.legacyProtocols, ['TLSv1']);
    assert.equal(obs.tls, null, 'no modern session was established');
    assert.equal(obs.starttlsReply?.code, 220);
    assert.equal(server.connections, 2);
    // First session up to the failed handshake; second one handshakes with TLS 1.0 and QUITs.
    assert.deepEqual(server.commands, ['EHLO probe.tlscheck.test', 'STARTTLS', 'EHLO probe.tlscheck.test', 'STARTTLS', 'QUIT']);
  });

  test('a TLS 1.1-only server: legacyProtocols [TLSv1.1]', HARD, async () => {
    const tls11 = leaf('tls10', { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
    const server = await serve(mta({ tls: tls11 }));
    const obs = await probe(server, 'mx.tls10.test');
    assert.equal(obs.failure?.reason, 'tls-version-unsupported');
    assert.deepEqual(obs.legacyProtocols, ['TLSv1.1']);
  });

  test('a server answering the handshake with plaintext: tls-handshake-failed, legacyProtocols []', HARD, async () => {
    const server = await serve(
      afterStartTls(async (conn) => {
        await once(conn.socket, 'data');
        conn.send('500 5.5.1 what is this\r\n');
        conn.end();
      }),
    );
    const obs = await probe(server, 'mx.valid.test');
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['tls', 'tls-handshake-failed']);
    assert.deepEqual(obs.legacyProtocols, []);
    assert.match(obs.failure?.message ?? '', /a TLS 1\.0\/1\.1 handshake failed too/);
    assert.equal(server.connections, 2);
  });
});

describe('probeAddress: teardown after STARTTLS never crashes', () => {
  test('reset during the handshake', HARD, async () => {
    const server = await serve(
      afterStartTls(async (conn) => {
        await once(conn.socket, 'data'); // the ClientHello
        conn.reset();
      }),
    );
    for (let i = 0; i < 5; i++) {
      const obs = await probe(server, 'mx.valid.test');
      assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['tls', 'tls-handshake-failed']);
      assert.deepEqual(obs.legacyProtocols, []);
    }
  });

  test('close right after the 220 to STARTTLS', HARD, async () => {
    const server = await serve(afterStartTls(async (conn) => conn.end()));
    for (let i = 0; i < 5; i++) {
      const obs = await probe(server, 'mx.valid.test');
      assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['tls', 'tls-handshake-failed']);
    }
  });

  test('a server that never answers the ClientHello: timeout in the tls phase, no legacy probe', HARD, async () => {
    const server = await serve(afterStartTls((conn) => conn.closed));
    const obs = await probe(server, 'mx.valid.test', 250);
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['tls', 'timeout']);
    assert.equal(obs.legacyProtocols, null, 'a timeout is not a failed handshake');
    assert.equal(server.connections, 1);
  });

  test('reset right after a completed handshake: ehlo-tls connection-reset or closed', HARD, async () => {
    const server = await serve(
      afterStartTls(async (conn) => {
        await conn.startTls(leaf('valid'));
        conn.reset();
      }),
    );
    for (let i = 0; i < 5; i++) {
      const obs = await probe(server, 'mx.valid.test');
      assert.equal(obs.failure?.phase, 'ehlo-tls');
      assert.ok(['connection-reset', 'connection-closed'].includes(obs.failure?.reason ?? ''), obs.failure?.reason);
      assert.equal(obs.tls?.chain.length, 2);
    }
  });

  test('silence after a completed handshake: ehlo-tls timeout', HARD, async () => {
    const server = await serve(
      afterStartTls(async (conn) => {
        await conn.startTls(leaf('valid'));
        await conn.closed;
      }),
    );
    const obs = await probe(server, 'mx.valid.test', 250);
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['ehlo-tls', 'timeout']);
  });

  test('garbage after the handshake: starttls-protocol-error at ehlo-tls', HARD, async () => {
    const server = await serve(mta({ tls: leaf('valid'), ehloTls: 'HTTP/1.1 400 Bad Request\r\n' }));
    const obs = await probe(server, 'mx.valid.test');
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['ehlo-tls', 'starttls-protocol-error']);
    assert.ok(obs.tls !== null);
  });

  test('QUIT failing after a good session changes nothing', HARD, async () => {
    const server = await serve(
      afterStartTls(async (conn) => {
        await conn.startTls(leaf('valid'));
        await conn.command();
        conn.send(EHLO_TLS);
        await conn.command(); // QUIT
        conn.reset();
      }),
    );
    const obs = await probe(server, 'mx.valid.test');
    assert.equal(obs.failure, null);
    assert.equal(server.commands.at(-1), 'QUIT');
  });
});
