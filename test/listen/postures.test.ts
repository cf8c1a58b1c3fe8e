/**
 * Every posture × sender mode, with nodemailer as the sender on loopback: the verdict (and the
 * behaviour it rests on) must be the one the sender's behaviour deserves, stated here for each
 * pair, not derived from the code under test. The verifying modes trust the listener's own
 * certificate (except under `untrusted`), so wrong-name and expired fail for that reason alone;
 * under `valid` they trust the test PKI's root, as a sender trusts a public CA.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { judgeClients } from '../../src/listen/judge.js';
import type { ClientBehaviour, ClientVerdict, Posture } from '../../src/model/listen.js';
import { send, startTestListener, validPki, type SenderIdentity, type SenderMode } from './helpers.js';

interface Expected {
  verdict: ClientVerdict;
  behaviour: ClientBehaviour;
}
const expect = (verdict: ClientVerdict, behaviour: ClientBehaviour): Expected => ({ verdict, behaviour });

const CERT_POSTURE: Record<SenderMode, Expected> = {
  plaintext: expect('not-enforced', 'ignored-starttls'),
  'opportunistic-no-verify': expect('not-enforced', 'accepted-posture'),
  'require-no-verify': expect('not-enforced', 'accepted-posture'),
  'opportunistic-verify': expect('enforced', 'refused-posture'),
  'require-verify': expect('enforced', 'refused-posture'),
  'verify-then-plaintext': expect('not-enforced', 'fell-back'),
};

const EXPECTED: Record<Posture, Record<SenderMode, Expected>> = {
  'no-starttls': {
    plaintext: expect('not-enforced', 'plaintext-without-starttls'),
    'opportunistic-no-verify': expect('not-enforced', 'plaintext-without-starttls'),
    'require-no-verify': expect('enforced', 'gave-up-without-starttls'),
    'opportunistic-verify': expect('not-enforced', 'plaintext-without-starttls'),
    'require-verify': expect('enforced', 'gave-up-without-starttls'),
    'verify-then-plaintext': expect('not-enforced', 'plaintext-without-starttls'),
  },
  untrusted: CERT_POSTURE,
  'wrong-name': CERT_POSTURE,
  expired: CERT_POSTURE,
  // nodemailer, like the platform, no longer negotiates TLS 1.0: every TLS mode fails the handshake.
  'tls1.0': {
    plaintext: expect('not-enforced', 'ignored-starttls'),
    'opportunistic-no-verify': expect('enforced', 'refused-posture'),
    'require-no-verify': expect('enforced', 'refused-posture'),
    'opportunistic-verify': expect('enforced', 'refused-posture'),
    'require-verify': expect('enforced', 'refused-posture'),
    'verify-then-plaintext': expect('not-enforced', 'fell-back'),
  },
  // A trusted receiver proves nothing about enforcement; only skipping its STARTTLS is decisive.
  valid: {
    plaintext: expect('not-enforced', 'ignored-starttls'),
    'opportunistic-no-verify': expect('inconclusive', 'used-valid-tls'),
    'require-no-verify': expect('inconclusive', 'used-valid-tls'),
    'opportunistic-verify': expect('inconclusive', 'used-valid-tls'),
    'require-verify': expect('inconclusive', 'used-valid-tls'),
    'verify-then-plaintext': expect('inconclusive', 'used-valid-tls'),
  },
};

for (const [posture, modes] of Object.entries(EXPECTED) as [Posture, Record<SenderMode, Expected>][]) {
  describe(`posture ${posture}`, () => {
    for (const [mode, expected] of Object.entries(modes) as [SenderMode, Expected][]) {
      test(`a ${mode} sender: ${expected.verdict} (${expected.behaviour})`, async () => {
        const pki = validPki();
        const world = await startTestListener(posture, posture === 'valid' ? { certificate: pki.certificate, name: pki.name } : {});
        try {
          const who: SenderIdentity =
            posture === 'valid'
              ? { trust: pki.root, servername: pki.name }
              : { trust: posture === 'untrusted' ? null : world.listener.certificate };
          const results = await send(world.listener, mode, who);
          assert.ok(
            results.every((r) => r.responseCode !== 250),
            'the listener never accepts a message',
          );
          const sessions = await world.sessionsRecorded(results.length);
          const clients = judgeClients(sessions, posture);
          assert.equal(clients.length, 1, 'the retry is grouped with the first attempt');
          assert.equal(clients[0]!.verdict, expected.verdict, JSON.stringify(sessions));
          assert.equal(clients[0]!.behaviour, expected.behaviour, JSON.stringify(sessions));
          assert.equal(clients[0]!.sessions, results.length);
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

describe('posture valid records what the sender negotiates', () => {
  test('TLS version, cipher and the SNI name of a verifying sender', async () => {
    const pki = validPki();
    const world = await startTestListener('valid', { certificate: pki.certificate, name: pki.name });
    try {
      const [result] = await send(world.listener, 'require-verify', { trust: pki.root, servername: pki.name });
      assert.equal(result!.responseCode, 550, result!.error);
      const [session] = await world.sessionsRecorded(1);
      assert.equal(session!.starttlsCompleted, true);
      assert.equal(session!.tlsError, null);
      // Node 20+ and the listener both allow TLS 1.3, so that is what a current sender negotiates.
      assert.equal(session!.tls?.protocol, 'TLSv1.3');
      assert.match(session!.tls?.cipher ?? '', /^TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$/);
      assert.equal(session!.tls?.sni, 'mx.valid.test');
      assert.equal(session!.plaintextMailFrom, false);
      assert.equal(session!.mailFrom?.address, 'sender@sender.test');
    } finally {
      await world.listener.close();
    }
  });

  test('a sender limited to TLS 1.2 and one cipher, without SNI: recorded as such', async () => {
    const pki = validPki();
    const world = await startTestListener('valid', { certificate: pki.certificate, name: pki.name });
    try {
      const { default: nodemailer } = await import('nodemailer');
      const transport = nodemailer.createTransport({
        host: world.listener.address,
        port: world.listener.port,
        secure: false,
        requireTLS: true,
        name: 'tls12.sender.test',
        // Connecting by address with no servername: Node sends no SNI for an IP address. Not
        // verifying is the mode under test (a Required sender), not a way to make the test pass.
        tls: { rejectUnauthorized: false, maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' },
      });
      await assert.rejects(transport.sendMail({ from: 'a@sender.test', to: 'b@listen.test', text: 'x' }), { responseCode: 550 });
      transport.close();
      const [session] = await world.sessionsRecorded(1);
      assert.deepEqual(session!.tls, { protocol: 'TLSv1.2', cipher: 'ECDHE-ECDSA-AES128-GCM-SHA256', sni: null });
      assert.equal(session!.client.ehlo, 'tls12.sender.test');
    } finally {
      await world.listener.close();
    }
  });

  test('tls1.0 really serves TLS 1.0: a sender that still allows it negotiates TLSv1 (and is not enforcing)', async () => {
    const world = await startTestListener('tls1.0');
    try {
      const { default: nodemailer } = await import('nodemailer');
      const transport = nodemailer.createTransport({
        host: world.listener.address,
        port: world.listener.port,
        secure: false,
        requireTLS: true,
        name: 'old.sender.test',
        // An old sender: TLS 1.0 allowed (OpenSSL 3 needs security level 0 for it), no verification.
        tls: { rejectUnauthorized: false, minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' },
      });
      await assert.rejects(transport.sendMail({ from: 'a@sender.test', to: 'b@listen.test', text: 'x' }), { responseCode: 550 });
      transport.close();
      const sessions = await world.sessionsRecorded(1);
      assert.equal(sessions[0]!.tls?.protocol, 'TLSv1');
      assert.deepEqual(
        judgeClients(sessions, 'tls1.0').map((client) => [client.verdict, client.behaviour]),
        [['not-enforced', 'accepted-posture']],
      );
    } finally {
      await world.listener.close();
    }
  });
});
