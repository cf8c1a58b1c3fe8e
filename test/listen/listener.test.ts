/** The listener's options as a sender sees them: --tempfail (4xx, a sender that retries) and IPv6. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { judgeClients } from '../../src/listen/judge.js';
import { REFUSAL_TEXT } from '../../src/listen/listener.js';
import { send, startTestListener } from './helpers.js';

describe('--tempfail', () => {
  test('MAIL FROM gets 451; a plaintext sender that retries is one client of two sessions, not enforced', async () => {
    const world = await startTestListener('no-starttls', { tempfail: true });
    try {
      const first = await send(world.listener, 'opportunistic-no-verify');
      const retry = await send(world.listener, 'opportunistic-no-verify');
      for (const result of [...first, ...retry]) {
        assert.equal(result.responseCode, 451, result.error);
        assert.ok(result.error.includes(REFUSAL_TEXT), result.error);
      }
      const sessions = await world.sessionsRecorded(2);
      assert.ok(sessions.every((session) => session.plaintextMailFrom && session.mailFrom?.address === 'sender@sender.test'));
      const clients = judgeClients(sessions, 'no-starttls');
      assert.deepEqual(
        clients.map((client) => [client.sessions, client.verdict, client.behaviour]),
        [[2, 'not-enforced', 'plaintext-without-starttls']],
      );
    } finally {
      await world.listener.close();
    }
  });

  test('a Required sender that retries gives up every time: one client, enforced', async () => {
    const world = await startTestListener('no-starttls', { tempfail: true });
    try {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const [result] = await send(world.listener, 'require-no-verify');
        assert.notEqual(result!.responseCode, 451, 'it never reaches MAIL FROM');
      }
      const sessions = await world.sessionsRecorded(3);
      assert.ok(sessions.every((session) => session.mailFrom === null && session.starttlsAttempted));
      const clients = judgeClients(sessions, 'no-starttls');
      assert.deepEqual(
        clients.map((client) => [client.sessions, client.verdict]),
        [[3, 'enforced']],
      );
    } finally {
      await world.listener.close();
    }
  });

  test('without it, MAIL FROM gets a permanent 550 with the same text', async () => {
    const world = await startTestListener('untrusted');
    try {
      const [result] = await send(world.listener, 'plaintext');
      assert.equal(result!.responseCode, 550);
      assert.ok(result!.error.includes(REFUSAL_TEXT), result!.error);
    } finally {
      await world.listener.close();
    }
  });
});

describe('IPv6', () => {
  test('listening on ::1: the client address is recorded as ::1 and judged', async () => {
    const world = await startTestListener('expired', { host: '::1' });
    try {
      assert.equal(world.listener.address, '::1');
      const results = await send(world.listener, 'verify-then-plaintext', world.listener.certificate);
      assert.equal(results.length, 2, 'the verifying attempt fails on the expired certificate and the sender retries');
      const sessions = await world.sessionsRecorded(2);
      assert.deepEqual(
        sessions.map((session) => session.client.address),
        ['::1', '::1'],
      );
      assert.match(sessions[0]!.tlsError ?? '', /certificate expired|alert/i);
      const clients = judgeClients(sessions, 'expired');
      assert.deepEqual(
        clients.map((client) => [client.address, client.verdict, client.behaviour]),
        [['::1', 'not-enforced', 'fell-back']],
      );
    } finally {
      await world.listener.close();
    }
  });
});
