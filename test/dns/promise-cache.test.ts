import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PromiseCache } from '../../src/dns/promise-cache.js';

/** A promise and the hand that settles it. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets queued promise callbacks (the cache's own bookkeeping) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('a pending question is shared, and kept however many answers settle meanwhile', async () => {
  const cache = new PromiseCache<string>(2);
  const slow = deferred<string>();
  let made = 0;
  const first = cache.get('slow', () => (made++, slow.promise));
  for (let i = 0; i < 10; i += 1) await cache.get(`quick${i}`, async () => `answer ${i}`);
  await settle();
  assert.equal(
    cache.get('slow', () => (made++, Promise.resolve('again'))),
    first,
    'the same promise, not a second question',
  );
  assert.equal(made, 1);
  assert.deepEqual(cache.size, { pending: 1, settled: 2 });
  slow.resolve('slow answer');
  assert.equal(await first, 'slow answer');
});

test('settled answers: the least recently used is evicted first, and a use keeps an answer', async () => {
  const cache = new PromiseCache<number>(2);
  const asked: string[] = [];
  const ask = (key: string) => cache.get(key, async () => (asked.push(key), asked.length));
  await ask('a');
  await ask('b');
  await settle();
  await ask('a'); // a is now the most recently used
  await ask('c'); // evicts b
  await settle();
  await ask('a');
  await ask('b'); // asked again
  assert.deepEqual(asked, ['a', 'b', 'c', 'b']);
});

test('capacity 0 remembers nothing once settled; a rejected promise is forgotten like an answer', async () => {
  const cache = new PromiseCache<string>(0);
  let made = 0;
  const failing = cache.get('x', () => (made++, Promise.reject(new Error('no'))));
  await assert.rejects(failing);
  await settle();
  await cache.get('x', async () => (made++, 'yes'));
  assert.equal(made, 2);
  assert.deepEqual(cache.size, { pending: 0, settled: 0 });
});
