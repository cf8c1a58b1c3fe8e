import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProbeObservation } from '../../src/model/observation.js';
import type { Reason } from '../../src/model/vocabulary.js';
import type { ProbeTarget } from '../../src/run/run-context.js';
import { KeyedLimiter } from '../../src/run/limiter.js';
import { politeProbe } from '../../src/run/polite-probe.js';
import { failure, probeObservation } from '../factories.js';

const target: ProbeTarget = { address: '192.0.2.1', family: 4, host: 'mx.example.test', port: 25 };

/** What the probe of `target` saw: the greeting, or a failure with `reason` there. */
function observation(reason: Reason | null): ProbeObservation {
  return reason ? probeObservation({ ...target, banner: null, failure: failure(reason, 'banner', '') }) : probeObservation(target);
}

test('a 421 is retried with back-off, and the later answer is kept', async () => {
  const answers: Array<Reason | null> = ['throttled', 'throttled', null];
  let calls = 0;
  const probe = politeProbe(async () => observation(answers[calls++] ?? null), { perAddressConnections: 1, retries: 2, retryDelayMs: 1 });
  const result = await probe(target);
  assert.equal(calls, 3);
  assert.equal(result.failure, null);
});

test('retries are bounded: still throttled after them, the address stays throttled (undetermined)', async () => {
  let calls = 0;
  const probe = politeProbe(async () => (calls++, observation('throttled')), { perAddressConnections: 1, retries: 2, retryDelayMs: 1 });
  assert.equal((await probe(target)).failure?.reason, 'throttled');
  assert.equal(calls, 3);
});

test('failures that a retry cannot fix are not retried', async () => {
  let calls = 0;
  const probe = politeProbe(async () => (calls++, observation('timeout')), { perAddressConnections: 1, retries: 5, retryDelayMs: 1 });
  await probe(target);
  assert.equal(calls, 1);
});

test('an abort during the back-off stops retrying at once', async () => {
  const interrupt = new AbortController();
  let calls = 0;
  const probe = politeProbe(
    async () => (calls++, observation('connection-refused')),
    { perAddressConnections: 1, retries: 3, retryDelayMs: 60_000 },
    interrupt.signal,
  );
  const pending = probe(target);
  setTimeout(() => interrupt.abort(), 20);
  assert.equal((await pending).failure?.reason, 'connection-refused');
  assert.equal(calls, 1);
});

test('the same (address, host, port) is probed once, concurrent callers share it', async () => {
  let calls = 0;
  const probe = politeProbe(async () => (calls++, observation(null)), { perAddressConnections: 1, retries: 0, retryDelayMs: 0 });
  await Promise.all([probe(target), probe(target), probe({ ...target })]);
  assert.equal(calls, 1);
  await probe({ ...target, host: 'other.example.test' });
  assert.equal(calls, 2);
});

test('keyed limiter: never more than the limit per key, other keys unaffected, all tasks run', async () => {
  const limiter = new KeyedLimiter(2);
  const running = new Map<string, number>();
  const peak = new Map<string, number>();
  const task = (key: string) =>
    limiter.run(key, async () => {
      running.set(key, (running.get(key) ?? 0) + 1);
      peak.set(key, Math.max(peak.get(key) ?? 0, running.get(key) ?? 0));
      await new Promise((resolve) => setTimeout(resolve, 2));
      running.set(key, (running.get(key) ?? 0) - 1);
      return key;
    });
  const results = await Promise.all([...Array.from({ length: 10 }, () => task('a')), ...Array.from({ length: 3 }, () => task('b'))]);
  assert.equal(results.length, 13);
  assert.equal(peak.get('a'), 2);
  assert.equal(peak.get('b'), 2);
});
