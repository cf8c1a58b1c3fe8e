import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProbeObservation } from '../../src/model/observation.js';
import { parseEhlo } from '../../src/smtp/ehlo.js';
import { probeAddress } from '../../src/smtp/probe.js';
import { derOf, leaf, pemText } from '../tls/pki.js';
import { freePort, mta, serverPool, timeouts, type TestServer } from './helpers.js';

const serve = serverPool();

async function probe(server: TestServer | number, host = 'mx.valid.test', phaseMs = 3000, hostMs = 10_000): Promise<ProbeObservation> {
  const port = typeof server === 'number' ? server : server.port;
  return probeAddress(
    { address: '127.0.0.1', family: 4, host, port },
    { helo: 'probe.tlscheck.test', timeouts: timeouts(phaseMs, hostMs) },
  );
}

/** The client never tries to send mail, whatever happened. */
function assertNoMail(server: TestServer): void {
  for (const command of server.commands) assert.doesNotMatch(command, /^(MAIL|RCPT|DATA|RSET|VRFY|EXPN)\b/i);
}

describe('probeAddress: sessions that work', () => {
  test('happy path: STARTTLS, TLS 1.2+, the chain as sent, EHLO again, QUIT', async () => {
    let sni: string | false | undefined;
    const server = await serve(mta({ tls: leaf('valid'), onSni: (name) => (sni = name) }));
    const obs = await probe(server);
    assert.equal(obs.failure, null);
    assert.deepEqual(obs.banner, { code: 220, lines: ['mx.test ESMTP ready'] });
    assert.equal(obs.ehlo?.code, 250);
    assert.equal(obs.starttlsOffered, true);
    assert.equal(obs.heloFallback, false);
    assert.equal(obs.starttlsReply?.code, 220);
    assert.ok(obs.tls !== null);
    assert.match(obs.tls.protocol, /^TLSv1\.[23]$/);
    assert.notEqual(obs.tls.cipher, 'unknown');
    assert.equal(obs.tls.chain.length, 2);
    assert.deepEqual(obs.tls.chain[0], derOf(pemText('valid.cert.pem')));
    assert.deepEqual(obs.tls.chain[1], derOf(pemText('intermediate.pem')));
    assert.deepEqual(obs.ehloTls?.lines, ['mx.test after TLS', 'PIPELINING', 'AUTH PLAIN LOGIN']);
    assert.equal(obs.legacyProtocols, null);
    assert.equal(sni, 'mx.valid.test');
    assert.deepEqual(server.commands, ['EHLO probe.tlscheck.test', 'STARTTLS', 'EHLO probe.tlscheck.test', 'QUIT']);
    assert.deepEqual([obs.address, obs.family, obs.host, obs.port], ['127.0.0.1', 4, 'mx.valid.test', server.port]);
    assert.ok(obs.durationMs >= 0);
  });

  test('a leaf-only chain is observed as one certificate (not completed from any store)', async () => {
    const server = await serve(mta({ tls: leaf('incomplete') }));
    const obs = await probe(server, 'mx.incomplete.test');
    assert.equal(obs.failure, null);
    assert.equal(obs.tls?.chain.length, 1);
    assert.deepEqual(obs.tls?.chain[0], derOf(pemText('incomplete.cert.pem')));
  });

  test('no SNI when the host is an IP literal', async () => {
    let sni: string | false | undefined;
    const server = await serve(mta({ tls: leaf('valid'), onSni: (name) => (sni = name) }));
    const obs = await probe(server, '127.0.0.1');
    assert.equal(obs.failure, null);
    assert.equal(sni, false);
  });

  test('no STARTTLS advertised: recorded, no failure, QUIT', async () => {
    const server = await serve(mta({ ehlo: '250-mx.test\r\n250 PIPELINING\r\n' }));
    const obs = await probe(server);
    assert.equal(obs.starttlsOffered, false);
    assert.equal(obs.starttlsReply, null);
    assert.equal(obs.tls, null);
    assert.equal(obs.failure, null);
    assert.deepEqual(server.commands, ['EHLO probe.tlscheck.test', 'QUIT']);
  });

  test('EHLO refused with 502: HELO fallback, no STARTTLS', async () => {
    const server = await serve(mta({ ehlo: '502 5.5.2 EHLO not supported\r\n', helo: '250 mx.test hello\r\n' }));
    const obs = await probe(server);
    assert.equal(obs.heloFallback, true);
    assert.equal(obs.starttlsOffered, false);
    assert.deepEqual(obs.ehlo, { code: 250, lines: ['mx.test hello'] });
    assert.equal(obs.failure, null);
    assert.deepEqual(server.commands, ['EHLO probe.tlscheck.test', 'HELO probe.tlscheck.test', 'QUIT']);
  });

  test('IPv6 loopback, when this machine has it', async (t) => {
    const server = await serve(mta({ tls: leaf('ipv6') }), '::1').catch(() => null);
    if (server === null) {
      t.skip('no ::1 here');
      return;
    }
    const obs = await probeAddress(
      { address: '::1', family: 6, host: 'mx.ipv6.test', port: server.port },
      { helo: 'probe.tlscheck.test', timeouts: timeouts(3000) },
    );
    assert.equal(obs.failure, null);
    assert.deepEqual([obs.address, obs.family], ['::1', 6]);
    assert.equal(obs.tls?.chain.length, 2);
  });

  test('a multi-line banner arriving across packets', async () => {
    const server = await serve(async (conn) => {
      const parts = ['220-mx.test first line\r\n220-sec', 'ond line\r\n22', '0 last line\r\n'];
      for (const part of parts) {
        conn.send(part);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await mta({ banner: '', tls: leaf('valid') })(conn);
    });
    const obs = await probe(server);
    assert.deepEqual(obs.banner, { code: 220, lines: ['mx.test first line', 'second line', 'last line'] });
    assert.equal(obs.failure, null);
  });
});

describe('probeAddress: STARTTLS and the plaintext it must throw away (RFC 3207 §6)', () => {
  test('454 to STARTTLS: starttls-rejected, then QUIT', async () => {
    const server = await serve(mta({ starttls: '454 4.7.0 TLS not available due to local problem\r\n' }));
    const obs = await probe(server);
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['starttls', 'starttls-rejected']);
    assert.equal(obs.starttlsReply?.code, 454);
    assert.equal(obs.tls, null);
    assert.equal(obs.legacyProtocols, null);
    assert.deepEqual(server.commands, ['EHLO probe.tlscheck.test', 'STARTTLS', 'QUIT']);
  });

  test('garbage instead of the 220 to STARTTLS: starttls-protocol-error', async () => {
    const server = await serve(mta({ starttls: 'ready when you are\r\n' }));
    const obs = await probe(server);
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['starttls', 'starttls-protocol-error']);
    assertNoMail(server);
  });

  test('garbage after the 220 to STARTTLS is discarded and the handshake proceeds', async () => {
    const server = await serve(mta({ starttls: '220 go ahead\r\n\x00\xffnot smtp at all\r\n', tls: leaf('valid') }));
    const obs = await probe(server);
    assert.equal(obs.failure, null);
    assert.ok(obs.tls !== null);
    assert.equal(obs.ehloTls?.code, 250);
  });

  test('a pipelined fake EHLO reply after the 220 is not taken as the post-TLS EHLO', async () => {
    const injected = '220 go ahead\r\n250-fake.attacker.test\r\n250 INJECTEDKW\r\n';
    const server = await serve(mta({ starttls: injected, tls: leaf('valid') }));
    const obs = await probe(server);
    assert.equal(obs.failure, null);
    assert.ok(obs.ehloTls !== null);
    const extensions = parseEhlo(obs.ehloTls).extensions;
    assert.equal(extensions.has('INJECTEDKW'), false);
    assert.equal(extensions.has('AUTH'), true);
    assert.equal(obs.ehloTls.lines[0], 'mx.test after TLS');
    assert.deepEqual(server.commands, ['EHLO probe.tlscheck.test', 'STARTTLS', 'EHLO probe.tlscheck.test', 'QUIT']);
  });
});

describe('probeAddress: refusals and throttling', () => {
  test('421 banner: throttled (never a TLS verdict)', async () => {
    const server = await serve(async (conn) => {
      conn.send('421 4.7.0 mx.test too many connections, try later\r\n');
      conn.end();
    });
    const obs = await probe(server);
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['banner', 'throttled']);
    assert.equal(obs.banner?.code, 421);
    assert.equal(obs.starttlsOffered, null);
    assertNoMail(server);
  });

  test('554 banner: smtp-rejected, QUIT sent (RFC 5321 §3.1)', async () => {
    const server = await serve(mta({ banner: '554 5.7.1 no service for you\r\n' }));
    const obs = await probe(server);
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['banner', 'smtp-rejected']);
    assert.deepEqual(server.commands, ['QUIT']);
  });

  test('450 to EHLO: smtp-temporary-failure', async () => {
    const server = await serve(mta({ ehlo: '450 4.3.2 try again later\r\n' }));
    const obs = await probe(server);
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['ehlo', 'smtp-temporary-failure']);
    assert.equal(obs.heloFallback, false);
  });

  test('421 to STARTTLS: throttled', async () => {
    const server = await serve(mta({ starttls: '421 4.3.2 shutting down\r\n' }));
    const obs = await probe(server);
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['starttls', 'throttled']);
  });

  test('garbage banner: protocol-error', async () => {
    const server = await serve(mta({ banner: 'SSH-2.0-OpenSSH_9.6\r\n' }));
    const obs = await probe(server);
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['banner', 'protocol-error']);
    assert.equal(obs.banner, null);
    assert.deepEqual(server.commands, []);
  });

  test('a 10 kB banner line: protocol-error', async () => {
    const server = await serve(mta({ banner: `220 ${'x'.repeat(10_000)}\r\n` }));
    const obs = await probe(server);
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['banner', 'protocol-error']);
  });

  test('closed before the banner: connection-closed', async () => {
    const server = await serve(async (conn) => conn.end());
    const obs = await probe(server);
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['banner', 'connection-closed']);
  });

  test('reset after EHLO: connection-reset', async () => {
    const server = await serve(async (conn) => {
      conn.send('220 mx.test\r\n');
      await conn.command();
      conn.reset();
    });
    const obs = await probe(server);
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['ehlo', 'connection-reset']);
  });

  test('refused port: connection-refused', async () => {
    const obs = await probe(await freePort());
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['connect', 'connection-refused']);
    assert.equal(obs.banner, null);
  });
});
