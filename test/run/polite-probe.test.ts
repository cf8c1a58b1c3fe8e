import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProbeObservation } from '../../src/model/observation.js';
import type { Reason } from '../../src/model/vocabulary.js';
import type { ProbeTarget } from '../../src/run/run-context.js';
import { KeyedLimiter } from '../../src/run/limiter.js';
import { politeProbe } from '../../src/run/polite-probe.js';
import { failure, probeObservation } from '../factories.js';

const target: ProbeTarget = { address: '192.0.2.1', family: 4, host: 'mx.example.test', port: 25 };

/** What the probe of `target` (or `at`) saw: the greeting, or a failure with `reason` there (a 421 greeting for throttling). */
function observation(reason: Reason | null, at: ProbeTarget = target): ProbeObservation {
  return probeObservation({
    ...at,
    banner: reason && reason !== 'throttled' ? null : { code: reason ? 421 : 220, lines: ['hi'] },
    failure: reason ? failure(reason, 'banner', '') : null,
  });
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

/** Two addresses of one MX host, and an address of another host. */
const first: ProbeTarget = { address: '192.0.2.1', family: 4, host: 'mx.example.test', port: 25 };
const second: ProbeTarget = { ...first, address: '192.0.2.2' };
const elsewhere: ProbeTarget = { ...first, address: '192.0.2.3', host: 'mx2.example.test' };

/** A fake probe answering per address (after `delayMs`), counting calls per address. */
function scripted(answers: Record<string, { reason: Reason | null; delayMs?: number }>) {
  const calls = new Map<string, number>();
  const probe = async (at: ProbeTarget): Promise<ProbeObservation> => {
    calls.set(at.address, (calls.get(at.address) ?? 0) + 1);
    const answer = answers[at.address]!;
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    return observation(answer.reason, at);
  };
  return { probe, calls };
}

/** Settles with 'settled', or with 'still waiting' after `ms`. */
function within<T>(pending: Promise<T>, ms: number): Promise<'settled' | 'still waiting'> {
  return Promise.race([
    pending.then(() => 'settled' as const),
    new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), ms)),
  ]);
}

test('a refused address is not retried once another address of the same MX host has answered', async () => {
  const { probe, calls } = scripted({ [first.address]: { reason: 'connection-refused' }, [second.address]: { reason: null } });
  const polite = politeProbe(probe, { perAddressConnections: 1, retries: 2, retryDelayMs: 1 });
  await polite(second);
  assert.equal((await polite(first)).failure?.reason, 'connection-refused');
  assert.equal(calls.get(first.address), 1);
});

test('a refused address stops its back-off as soon as another address of the same MX host answers', async () => {
  const interrupt = new AbortController();
  const { probe, calls } = scripted({ [first.address]: { reason: 'connection-refused' }, [second.address]: { reason: null, delayMs: 30 } });
  const polite = politeProbe(probe, { perAddressConnections: 1, retries: 2, retryDelayMs: 60_000 }, interrupt.signal);
  try {
    const refused = polite(first);
    await polite(second);
    assert.equal(await within(refused, 2_000), 'settled', 'the back-off of 60 s ended when the other address answered');
    assert.equal((await refused).failure?.reason, 'connection-refused');
    assert.equal(calls.get(first.address), 1);
  } finally {
    interrupt.abort(); // ends a back-off left running by a failed assertion
  }
});

test('every address of the host refusing: each is still retried with back-off', async () => {
  const { probe, calls } = scripted({
    [first.address]: { reason: 'connection-refused' },
    [second.address]: { reason: 'connection-refused' },
  });
  const polite = politeProbe(probe, { perAddressConnections: 1, retries: 2, retryDelayMs: 1 });
  await Promise.all([polite(first), polite(second)]);
  assert.deepEqual([calls.get(first.address), calls.get(second.address)], [3, 3]);
});

test('a 421 is still retried when another address of the same host answered', async () => {
  const { probe, calls } = scripted({ [first.address]: { reason: 'throttled' }, [second.address]: { reason: null } });
  const polite = politeProbe(probe, { perAddressConnections: 1, retries: 2, retryDelayMs: 1 });
  await polite(second);
  await polite(first);
  assert.equal(calls.get(first.address), 3);
});

test('an answer from another MX host, or a throttling sibling, does not end the retries of a refused address', async () => {
  const { probe, calls } = scripted({
    [first.address]: { reason: 'connection-refused' },
    [second.address]: { reason: 'throttled' },
    [elsewhere.address]: { reason: null },
  });
  const polite = politeProbe(probe, { perAddressConnections: 1, retries: 2, retryDelayMs: 1 });
  await Promise.all([polite(elsewhere), polite(second)]);
  await polite(first);
  assert.equal(calls.get(first.address), 3);
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
