import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockedPortNote, silentResolverNote } from '../../src/verdict/run-notes.js';
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

test('a resolver that answered no query at all: one note naming it', () => {
  const note = silentResolverNote([{ server: '127.0.0.1:5999', answered: 0, unanswered: 12 }]);
  assert.match(note ?? '', /^your DNS server 127\.0\.0\.1:5999 did not answer any query \(12 sent\)/);
  const both = silentResolverNote([
    { server: '192.0.2.53:53', answered: 0, unanswered: 3 },
    { server: '[2001:db8::53]:53', answered: 0, unanswered: 3 },
  ]);
  assert.match(both ?? '', /^your DNS servers 192\.0\.2\.53:53 and \[2001:db8::53\]:53 did not answer any query \(6 sent\)/);
});

test('one answer from any server, or no query yet, is no silent resolver (a slow domain is not)', () => {
  assert.equal(silentResolverNote([{ server: '127.0.0.1:53', answered: 1, unanswered: 40 }]), null);
  assert.equal(
    silentResolverNote([
      { server: '192.0.2.53:53', answered: 0, unanswered: 3 },
      { server: '192.0.2.54:53', answered: 5, unanswered: 0 },
    ]),
    null,
  );
  assert.equal(silentResolverNote([{ server: '127.0.0.1:53', answered: 0, unanswered: 0 }]), null, 'nothing asked, or all still in flight');
});
