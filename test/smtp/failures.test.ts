import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Phase, Reason } from '../../src/model/vocabulary.js';
import {
  closedFailure,
  describeReply,
  handshakeFailure,
  replyFailure,
  socketErrorFailure,
  syntaxFailure,
} from '../../src/smtp/failures.js';
import { Budget } from '../../src/smtp/deadline.js';
import { timeouts } from './helpers.js';

const reply = (code: number, text = 'text') => ({ code, lines: [text] });

describe('replyFailure', () => {
  const cases: [Phase, number, number, Reason | null][] = [
    ['banner', 220, 220, null],
    ['banner', 421, 220, 'throttled'],
    ['banner', 450, 220, 'smtp-temporary-failure'],
    ['banner', 554, 220, 'smtp-rejected'],
    ['banner', 250, 220, 'protocol-error'],
    ['ehlo', 250, 250, null],
    ['ehlo', 421, 250, 'throttled'],
    ['ehlo', 451, 250, 'smtp-temporary-failure'],
    ['ehlo', 550, 250, 'smtp-rejected'],
    ['ehlo', 354, 250, 'protocol-error'],
    ['starttls', 220, 220, null],
    ['starttls', 421, 220, 'throttled'],
    ['starttls', 454, 220, 'starttls-rejected'],
    ['starttls', 501, 220, 'starttls-rejected'],
    ['starttls', 502, 220, 'starttls-rejected'],
    ['starttls', 250, 220, 'starttls-protocol-error'],
    ['ehlo-tls', 421, 250, 'throttled'],
    ['ehlo-tls', 554, 250, 'smtp-rejected'],
    ['ehlo-tls', 220, 250, 'starttls-protocol-error'],
  ];
  for (const [phase, code, expected, reason] of cases) {
    test(`${code} at ${phase} -> ${reason ?? 'fine'}`, () => {
      const failure = replyFailure(phase, reply(code), expected);
      assert.equal(failure?.reason ?? null, reason);
      if (failure !== null) {
        assert.equal(failure.phase, phase);
        assert.match(failure.message, new RegExp(`${phase}: expected ${expected}, got ${code} text`));
      }
    });
  }
});

describe('socket errors', () => {
  const cases: [string, Reason][] = [
    ['ECONNREFUSED', 'connection-refused'],
    ['ENETUNREACH', 'network-unreachable'],
    ['EHOSTUNREACH', 'network-unreachable'],
    ['EADDRNOTAVAIL', 'network-unreachable'],
    ['ECONNRESET', 'connection-reset'],
    ['EPIPE', 'connection-reset'],
    ['ETIMEDOUT', 'timeout'],
    ['ESOMETHINGNEW', 'connection-reset'],
  ];
  for (const [code, reason] of cases) {
    test(`${code} -> ${reason}`, () => {
      const error = Object.assign(new Error(`connect ${code} 192.0.2.1:25`), { code });
      const failure = socketErrorFailure('connect', error);
      assert.deepEqual([failure.phase, failure.reason], ['connect', reason]);
      assert.match(failure.message, new RegExp(code));
    });
  }
  test('a value that is not an Error still maps', () => {
    assert.equal(socketErrorFailure('banner', 'weird').reason, 'connection-reset');
  });
});

test('framing errors: protocol-error before STARTTLS, starttls-protocol-error from it on', () => {
  assert.equal(syntaxFailure('banner', 'x').reason, 'protocol-error');
  assert.equal(syntaxFailure('ehlo', 'x').reason, 'protocol-error');
  assert.equal(syntaxFailure('starttls', 'x').reason, 'starttls-protocol-error');
  assert.equal(syntaxFailure('ehlo-tls', 'x').reason, 'starttls-protocol-error');
});

test('closed and handshake failures', () => {
  assert.deepEqual(closedFailure('banner', false).reason, 'connection-closed');
  assert.match(closedFailure('ehlo', true).message, /middle of a reply/);
  const hs = handshakeFailure(Object.assign(new Error('wrong version number'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }));
  assert.deepEqual([hs.phase, hs.reason], ['tls', 'tls-handshake-failed']);
  assert.equal(hs.message, 'tls: handshake failed: ERR_SSL_WRONG_VERSION_NUMBER: wrong version number');
  // OpenSSL errors: the short reason, not the multi-line message with source paths.
  const openssl = Object.assign(
    new Error('80FC:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../deps/x.c:1601:\n'),
    {
      code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
      reason: 'tlsv1 alert protocol version',
    },
  );
  assert.equal(
    handshakeFailure(openssl).message,
    'tls: handshake failed: ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: tlsv1 alert protocol version',
  );
  // A message that already names the code does not repeat it.
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ECONNREFUSED' });
  assert.equal(socketErrorFailure('connect', refused).message, 'connect: connect ECONNREFUSED 127.0.0.1:25');
});

test('describeReply shows the code and first line, shortened', () => {
  assert.equal(describeReply({ code: 250, lines: [''] }), '250');
  assert.equal(describeReply({ code: 554, lines: ['go away', 'second'] }), '554 go away');
  assert.equal(describeReply({ code: 250, lines: ['x'.repeat(500)] }).length, 4 + 200 + 3);
});

describe('Budget', () => {
  test('the phase deadline applies while the whole-probe deadline is further away', () => {
    let now = 1000;
    const budget = new Budget(timeouts(200, 1000), undefined, () => now);
    const limit = budget.limit('banner');
    assert.equal(limit.ms, 200);
    assert.deepEqual([limit.failure.phase, limit.failure.reason], ['banner', 'timeout']);
    assert.match(limit.failure.message, /banner: no answer within the 200 ms phase deadline/);
    now = 1900;
    const late = budget.limit('ehlo');
    assert.equal(late.ms, 100);
    assert.match(late.failure.message, /whole-probe deadline of 1000 ms/);
    now = 2500;
    assert.ok(budget.limit('tls').ms <= 0);
  });

  test('an aborted signal becomes a timeout failure of the current phase', () => {
    const controller = new AbortController();
    const budget = new Budget(timeouts(200), controller.signal);
    assert.equal(budget.aborted('ehlo'), null);
    controller.abort('user pressed ctrl-c');
    assert.deepEqual(budget.aborted('ehlo')?.reason, 'timeout');
    assert.match(budget.aborted('ehlo')?.message ?? '', /aborted \(user pressed ctrl-c\)/);
  });
});
