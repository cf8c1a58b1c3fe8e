/** The per-client judgement, with no socket: grouping, fallback detection, the gate's exit code. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { groupSessions, judgeClients, listenExitCode } from '../../src/listen/judge.js';
import { EXIT } from '../../src/model/exit-codes.js';
import { listenSession } from '../factories.js';

const failedTls = (at: string) =>
  listenSession({
    at,
    posture: 'untrusted',
    starttlsOffered: true,
    starttlsAttempted: true,
    tlsError: 'tlsv1 alert unknown ca',
    end: 'tls-failed',
  });
const plaintextMail = (at: string, posture: 'untrusted' | 'no-starttls' = 'untrusted') =>
  listenSession({
    at,
    posture,
    starttlsOffered: posture !== 'no-starttls',
    mailFrom: { address: 'bounce@bounce.salesforce.test', afterMs: 40 },
    plaintextMailFrom: true,
  });

describe('listen judgement', () => {
  test('a failed handshake then a plaintext retry within the window: falls back (not enforced)', () => {
    const [client, ...rest] = judgeClients([failedTls('2026-01-01T10:00:00Z'), plaintextMail('2026-01-01T10:10:00Z')], 'untrusted');
    assert.equal(rest.length, 0);
    assert.equal(client!.verdict, 'not-enforced');
    assert.equal(client!.behaviour, 'fell-back');
    assert.match(client!.explanation, /Preferred Verify/);
  });

  test('the same retry outside the window is another client; the first alone enforced', () => {
    const clients = judgeClients([failedTls('2026-01-01T10:00:00Z'), plaintextMail('2026-01-01T11:00:00Z')], 'untrusted');
    assert.deepEqual(
      clients.map((c) => [c.verdict, c.behaviour]),
      [
        ['enforced', 'refused-posture'],
        ['not-enforced', 'ignored-starttls'],
      ],
    );
  });

  test('no STARTTLS: EHLO and leave is Required; plaintext MAIL FROM is not', () => {
    assert.equal(judgeClients([listenSession()], 'no-starttls')[0]!.behaviour, 'gave-up-without-starttls');
    assert.match(judgeClients([listenSession()], 'no-starttls')[0]!.explanation, /behaves like Required/);
    assert.equal(judgeClients([plaintextMail('2026-01-01T10:00:00Z', 'no-starttls')], 'no-starttls')[0]!.verdict, 'not-enforced');
  });

  test('MAIL FROM over the bad certificate is not enforced; a bare connection is inconclusive', () => {
    const overTls = listenSession({
      posture: 'expired',
      starttlsOffered: true,
      starttlsAttempted: true,
      starttlsCompleted: true,
      tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', sni: null },
      mailFrom: { address: 'a@b.test', afterMs: 80 },
    });
    assert.equal(judgeClients([overTls], 'expired')[0]!.behaviour, 'accepted-posture');
    assert.equal(
      judgeClients([listenSession({ ehlo: null, commands: 0, end: 'client-closed' })], 'no-starttls')[0]!.verdict,
      'inconclusive',
    );
  });

  test('sessions of different addresses are different clients', () => {
    assert.equal(groupSessions([listenSession({ address: '192.0.2.1' }), listenSession({ address: '2001:db8::1' })]).length, 2);
  });

  test('--expect enforced: 1 on any not-enforced, 0 on enforced (scanners do not block), 3 on nothing decisive', () => {
    const enforced = judgeClients([listenSession()], 'no-starttls');
    const scanner = judgeClients([listenSession({ address: '198.51.100.9', ehlo: null })], 'no-starttls');
    const failed = judgeClients([plaintextMail('2026-01-01T10:00:00Z', 'no-starttls')], 'no-starttls');
    assert.equal(listenExitCode([...enforced, ...scanner], 'enforced'), EXIT.ok);
    assert.equal(listenExitCode([...enforced, ...failed], 'enforced'), EXIT.gateFailed);
    assert.equal(listenExitCode(scanner, 'enforced'), EXIT.gateUndetermined);
    assert.equal(listenExitCode([], 'enforced'), EXIT.gateUndetermined);
    assert.equal(listenExitCode(failed, null), EXIT.ok);
  });
});
