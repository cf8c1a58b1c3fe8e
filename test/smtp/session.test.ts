/**
 * SmtpSession directly: no pipelining, the teardown right after a handshake, and the data
 * discarded at STARTTLS.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Budget } from '../../src/smtp/deadline.js';
import { SmtpSession } from '../../src/smtp/session.js';
import { leaf } from '../tls/pki.js';
import { mta, serverPool, timeouts, type TestServer } from './helpers.js';

const serve = serverPool();

async function open(server: TestServer, phaseMs = 3000): Promise<SmtpSession> {
  const opened = await SmtpSession.open(
    { address: '127.0.0.1', family: 4, host: 'mx.valid.test', port: server.port },
    new Budget(timeouts(phaseMs), undefined),
  );
  assert.ok(opened.ok, 'connected');
  return opened.value;
}

/** Banner, EHLO, STARTTLS accepted: ready for `upgrade`. */
async function toStartTls(session: SmtpSession): Promise<void> {
  assert.equal((await session.readReply('banner')).ok, true);
  assert.equal((await session.command('ehlo', 'EHLO probe.test')).ok, true);
  const starttls = await session.command('starttls', 'STARTTLS');
  assert.ok(starttls.ok && starttls.value.code === 220);
}

describe('SmtpSession', () => {
  test('close() in the same tick as the completed handshake does not crash Node (SIGSEGV on Node 20 with the wrong order)', async () => {
    const server = await serve(mta({ tls: leaf('valid') }));
    for (let i = 0; i < 10; i++) {
      const session = await open(server);
      await toStartTls(session);
      const upgraded = await session.upgrade('modern');
      // No await between the secureConnect callback and close(): the dangerous spot.
      session.close();
      assert.equal(upgraded.ok, true);
      session.close(); // idempotent
    }
  });

  test('close() right after a failed handshake', async () => {
    const server = await serve(mta({ tls: leaf('tls10', { maxVersion: 'TLSv1', minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }) }));
    for (let i = 0; i < 5; i++) {
      const session = await open(server);
      await toStartTls(session);
      const upgraded = await session.upgrade('modern');
      session.close();
      assert.ok(!upgraded.ok);
      assert.equal(upgraded.failure.reason, 'tls-handshake-failed');
    }
  });

  test('a command goes out only after the previous reply arrived (no pipelining)', async () => {
    const seen: { line: string; repliedBefore: number }[] = [];
    let replies = 0;
    const server = await serve(async (conn) => {
      conn.send('220 mx.test\r\n');
      for (;;) {
        const line = await conn.command();
        if (line === null) return;
        seen.push({ line, repliedBefore: replies });
        // Reply slowly and in two pieces, so an eager client would have sent its next command.
        conn.send('250-mx.test\r\n');
        await new Promise((resolve) => setTimeout(resolve, 30));
        conn.send('250 OK\r\n');
        replies += 1;
      }
    });
    const session = await open(server);
    await session.readReply('banner');
    for (const line of ['EHLO a', 'NOOP', 'NOOP']) {
      const reply = await session.command('ehlo', line);
      assert.deepEqual(reply.ok && reply.value.lines, ['mx.test', 'OK']);
    }
    session.close();
    assert.deepEqual(seen, [
      { line: 'EHLO a', repliedBefore: 0 },
      { line: 'NOOP', repliedBefore: 1 },
      { line: 'NOOP', repliedBefore: 2 },
    ]);
  });

  test('a reply cut off by the close: connection-closed, mentioning the partial reply', async () => {
    const server = await serve(async (conn) => {
      conn.send('220-mx.test\r\n220-more');
      conn.end();
    });
    const session = await open(server);
    const banner = await session.readReply('banner');
    session.close();
    assert.ok(!banner.ok);
    assert.equal(banner.failure.reason, 'connection-closed');
    assert.match(banner.failure.message, /middle of a reply/);
  });

  test('a 421 followed by a close is read as the 421, not as the close', async () => {
    const server = await serve(async (conn) => {
      conn.send('220 mx.test\r\n');
      await conn.command();
      conn.send('421 4.7.0 go away\r\n');
      conn.end();
    });
    const session = await open(server);
    await session.readReply('banner');
    const reply = await session.command('ehlo', 'EHLO a');
    assert.ok(reply.ok && reply.value.code === 421);
    // The connection is gone now: the next read says so instead of hanging.
    const next = await session.command('ehlo', 'NOOP');
    session.close();
    assert.ok(!next.ok);
    assert.equal(next.failure.reason, 'connection-closed');
  });

  test("commands with CR or LF are refused (our bug, not the server's)", async () => {
    const server = await serve(mta());
    const session = await open(server);
    assert.throws(() => session.command('ehlo', 'EHLO a\r\nMAIL FROM:<x@y>'), TypeError);
    session.close();
  });

  test('an address of the wrong family is refused', async () => {
    await assert.rejects(
      SmtpSession.open({ address: 'mx.example.com', family: 4, host: 'mx.example.com', port: 25 }, new Budget(timeouts(100), undefined)),
      TypeError,
    );
  });
});
