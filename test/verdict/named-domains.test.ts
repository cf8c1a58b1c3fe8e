import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NAMED_DOMAINS, NamedDomainsTally } from '../../src/verdict/named-domains.js';

test('named domains: every one counted, the lowest input positions named in input order, whatever the arrival order', () => {
  const positions = [42, 7, 99, 3, 15, 8, 1, 64, 2, 30];
  const tally = new NamedDomainsTally();
  for (const position of positions) tally.add(position, `d${position}.test`);
  const named = tally.result();
  assert.equal(named.count, positions.length);
  assert.equal(named.first.length, NAMED_DOMAINS);
  assert.deepEqual(named.first, ['d1.test', 'd2.test', 'd3.test', 'd7.test', 'd8.test']);
});

test('named domains: fewer than the names shown are all named; none is an empty group', () => {
  const tally = new NamedDomainsTally();
  assert.deepEqual(tally.result(), { count: 0, first: [] });
  tally.add(5, 'b.test');
  tally.add(2, 'a.test');
  assert.deepEqual(tally.result(), { count: 2, first: ['a.test', 'b.test'] });
});
