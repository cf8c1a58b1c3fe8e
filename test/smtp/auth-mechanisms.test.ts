import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { authMechanisms } from '../../src/smtp/ehlo.js';

const ehlo = (...lines: string[]) => ({ code: 250, lines: ['relay.example greets you', ...lines] });

describe('authMechanisms: the SASL mechanisms of an EHLO reply (RFC 4954 §3)', () => {
  test('upper-cased, in order, deduplicated', () => {
    assert.deepEqual(authMechanisms(ehlo('PIPELINING', 'auth plain LOGIN Plain', 'STARTTLS')), ['PLAIN', 'LOGIN']);
  });
  test('none advertised: an empty list', () => {
    assert.deepEqual(authMechanisms(ehlo('PIPELINING', 'STARTTLS')), []);
  });
  test('the old AUTH=LOGIN PLAIN spelling is read too', () => {
    assert.deepEqual(authMechanisms(ehlo('AUTH=LOGIN PLAIN')), ['LOGIN', 'PLAIN']);
  });
  test('a reply that is not 250 advertises nothing', () => {
    assert.deepEqual(authMechanisms({ code: 550, lines: ['no', 'AUTH PLAIN'] }), []);
  });
  test('hostile words are dropped, not passed on to a terminal', () => {
    const long = 'X'.repeat(21); // RFC 4422 §3.1: at most 20 characters
    assert.deepEqual(authMechanisms(ehlo(`AUTH PLAIN \u001b[31mEVIL ${long} CRAM-MD5`)), ['PLAIN', 'CRAM-MD5']);
  });
});
