/** The MTA-STS `mx` pattern matcher (RFC 8461 §4.1): properties, and the cases people get wrong. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isValidMxPattern, matchesMxPattern } from '../../src/policy/mx-pattern.js';

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
const hostName = fc.array(label, { minLength: 2, maxLength: 5 }).map((labels) => labels.join('.'));

test('a plain pattern matches exactly its own name, in any case and with a trailing dot', () => {
  fc.assert(
    fc.property(hostName, hostName, (pattern, host) => {
      assert.equal(matchesMxPattern(pattern, host), pattern === host);
      assert.equal(matchesMxPattern(pattern.toUpperCase(), `${host}.`), pattern === host);
    }),
  );
});

test('a wildcard matches one whole leftmost label and nothing else', () => {
  fc.assert(
    fc.property(label, hostName, label, (left, base, extra) => {
      const pattern = `*.${base}`;
      assert.equal(matchesMxPattern(pattern, `${left}.${base}`), true, 'one label');
      assert.equal(matchesMxPattern(pattern, base), false, 'the base itself');
      assert.equal(matchesMxPattern(pattern, `${extra}.${left}.${base}`), false, 'two labels');
    }),
  );
});

test('a wildcard never matches across a label boundary or a partial label', () => {
  assert.equal(matchesMxPattern('*.example.com', 'mx.example.com'), true);
  assert.equal(matchesMxPattern('*.example.com', 'mxexample.com'), false);
  assert.equal(matchesMxPattern('*.example.com', '.example.com'), false);
  assert.equal(matchesMxPattern('mx*.example.com', 'mx1.example.com'), false, 'a partial-label wildcard is no pattern');
  assert.equal(matchesMxPattern('*.*.example.com', 'a.b.example.com'), false);
});

test('invalid patterns match nothing, and the validator agrees with the generator', () => {
  fc.assert(fc.property(hostName, (name) => isValidMxPattern(name) && isValidMxPattern(`*.${name}`)));
  for (const bad of ['', '*', '*.', 'com', 'mx..example.com', 'mx_1.example.com', '-mx.example.com', 'a b.example.com']) {
    assert.equal(isValidMxPattern(bad), false, bad);
    assert.equal(matchesMxPattern(bad, 'mx.example.com'), false, bad);
  }
});

test('never throws on arbitrary strings', () => {
  fc.assert(fc.property(fc.string(), fc.string(), (pattern, host) => typeof matchesMxPattern(pattern, host) === 'boolean'));
});
