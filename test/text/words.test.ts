import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { formatCount, plural } from '../../src/text/words.js';

const INTL = new Intl.NumberFormat('en-US');

test('counts get en-US thousands separators', () => {
  assert.equal(formatCount(0), '0');
  assert.equal(formatCount(999), '999');
  assert.equal(formatCount(1_000), '1,000');
  assert.equal(formatCount(-1_234_567), '-1,234,567');
  assert.equal(plural(12_345, 'domain'), '12,345 domains');
});

test('property: a whole number is written as Intl writes it in en-US (without loading Intl)', () => {
  fc.assert(
    fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.integer({ min: -1_000_000, max: 1_000_000 })), (count) => {
      assert.equal(formatCount(count), INTL.format(count));
    }),
  );
});

test('other numbers are left to Intl', () => {
  assert.equal(formatCount(1234.5), '1,234.5');
  assert.equal(formatCount(2 ** 60), INTL.format(2 ** 60));
});
