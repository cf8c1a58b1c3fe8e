import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockedPortNote } from '../../src/verdict/run-notes.js';
import type { AddressResult, DomainResult } from '../../src/model/report.js';
import { address, cutOffAddress, domain, failure, mxHost } from '../factories.js';

/** A domain whose one MX host has `addresses`. */
const withAddresses = (name: string, addresses: AddressResult[]): DomainResult =>
  domain(name, { mx: [mxHost(`mx.${name}`, 10, addresses)] });

const timedOut = () => cutOffAddress(failure('timeout', 'connect', ''));

test('timeouts at connect across three unrelated hosts, nothing connected: port 25 looks blocked', () => {
  const note = blockedPortNote(
    [withAddresses('a.test', [timedOut()]), withAddresses('b.test', [timedOut()]), withAddresses('c.test', [timedOut()])],
    25,
  );
  assert.match(note ?? '', /outbound port 25 seems blocked/);
});

test('one successful connection anywhere clears the suspicion', () => {
  const results = [
    withAddresses('a.test', [timedOut()]),
    withAddresses('b.test', [timedOut()]),
    withAddresses('c.test', [timedOut()]),
    withAddresses('d.test', [address()]),
  ];
  assert.equal(blockedPortNote(results, 25), null);
});

test('two hosts down prove nothing', () => {
  assert.equal(blockedPortNote([withAddresses('a.test', [timedOut()]), withAddresses('b.test', [timedOut()])], 25), null);
});
