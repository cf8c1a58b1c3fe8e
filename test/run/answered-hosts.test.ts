import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AnsweredHosts } from '../../src/run/answered-hosts.js';

test('answered hosts: bounded, the least recently answered forgotten first', () => {
  const hosts = new AnsweredHosts(3);
  for (let i = 1; i <= 1000; i += 1) hosts.add(`mx${i}.example.test|25`);
  assert.equal(hosts.size, 3, 'a run with a host per domain keeps no more than the capacity');
  assert.equal(hosts.has('mx1.example.test|25'), false);
  assert.deepEqual(
    [998, 999, 1000].map((i) => hosts.has(`mx${i}.example.test|25`)),
    [true, true, true],
  );
  hosts.add('mx998.example.test|25'); // answers again: now the most recent
  hosts.add('mx1001.example.test|25');
  assert.equal(hosts.has('mx998.example.test|25'), true);
  assert.equal(hosts.has('mx999.example.test|25'), false);
});

test('answered hosts: a waiter is woken when its host answers, even after many other hosts came and went', () => {
  const hosts = new AnsweredHosts(2);
  let woken = 0;
  hosts.onAnswer('slow.example.test|25', () => (woken += 1));
  for (let i = 1; i <= 100; i += 1) hosts.add(`mx${i}.example.test|25`);
  assert.equal(woken, 0);
  hosts.add('slow.example.test|25');
  assert.equal(woken, 1);
  hosts.add('slow.example.test|25');
  assert.equal(woken, 1, 'woken once');
});

test('answered hosts: an unregistered waiter is not woken; a host already answered wakes at once', () => {
  const hosts = new AnsweredHosts(10);
  let woken = 0;
  const unregister = hosts.onAnswer('a.example.test|25', () => (woken += 1));
  unregister();
  hosts.add('a.example.test|25');
  assert.equal(woken, 0);
  hosts.onAnswer('a.example.test|25', () => (woken += 1));
  assert.equal(woken, 1);
});
