/**
 * Every posture × sender mode, with nodemailer as the sender on loopback: the verdict must be the
 * one the sender's behaviour deserves. The verifying modes trust the listener's own certificate
 * (except under `untrusted`), so wrong-name and expired fail for that reason alone.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { judgeClients } from '../../src/listen/judge.js';
import type { ClientBehaviour, Posture } from '../../src/model/listen.js';
import { send, startTestListener, type SenderMode } from './helpers.js';

const CERT_POSTURE: Record<SenderMode, ClientBehaviour> = {
  plaintext: 'ignored-starttls',
  'opportunistic-no-verify': 'accepted-posture',
  'require-no-verify': 'accepted-posture',
  'opportunistic-verify': 'refused-posture',
  'require-verify': 'refused-posture',
  'verify-then-plaintext': 'fell-back',
};

const EXPECTED: Record<Exclude<Posture, 'valid'>, Record<SenderMode, ClientBehaviour>> = {
  'no-starttls': {
    plaintext: 'plaintext-without-starttls',
    'opportunistic-no-verify': 'plaintext-without-starttls',
    'require-no-verify': 'gave-up-without-starttls',
    'opportunistic-verify': 'plaintext-without-starttls',
    'require-verify': 'gave-up-without-starttls',
    'verify-then-plaintext': 'plaintext-without-starttls',
  },
  untrusted: CERT_POSTURE,
  'wrong-name': CERT_POSTURE,
  expired: CERT_POSTURE,
  // nodemailer, like the platform, no longer negotiates TLS 1.0: every TLS mode fails the handshake.
  'tls1.0': {
    plaintext: 'ignored-starttls',
    'opportunistic-no-verify': 'refused-posture',
    'require-no-verify': 'refused-posture',
    'opportunistic-verify': 'refused-posture',
    'require-verify': 'refused-posture',
    'verify-then-plaintext': 'fell-back',
  },
};

for (const [posture, modes] of Object.entries(EXPECTED) as [Exclude<Posture, 'valid'>, Record<SenderMode, ClientBehaviour>][]) {
  describe(`posture ${posture}`, () => {
    for (const [mode, behaviour] of Object.entries(modes) as [SenderMode, ClientBehaviour][]) {
      test(`a ${mode} sender: ${behaviour}`, async () => {
        const world = await startTestListener(posture);
        try {
          const trust = posture === 'untrusted' ? null : world.listener.certificate;
          const results = await send(world.listener, mode, trust);
          assert.ok(
            results.every((r) => r.responseCode !== 250),
            'the listener never accepts a message',
          );
          const sessions = await world.sessionsRecorded(results.length);
          const clients = judgeClients(sessions, posture);
          assert.equal(clients.length, 1, 'the retry is grouped with the first attempt');
          assert.equal(clients[0]!.behaviour, behaviour, JSON.stringify(sessions));
          for (const session of sessions) {
            assert.equal(session.client.ehlo, 'sender.test');
            assert.equal(session.starttlsOffered, posture !== 'no-starttls');
            if (session.mailFrom) {
              assert.equal(session.mailFrom.address, 'sender@sender.test');
              assert.equal(session.plaintextMailFrom, session.tls === null);
            }
            if (session.starttlsAttempted && session.starttlsOffered && !session.starttlsCompleted) assert.ok(session.tlsError);
          }
        } finally {
          await world.listener.close();
        }
      });
    }
  });
}
