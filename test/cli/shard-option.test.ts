import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError, parseShardOption } from '../../src/cli/options.js';
import { resolveShard } from '../../src/cli/shard-option.js';

const usage = (fn: () => unknown, message: RegExp) =>
  assert.throws(fn, (error: unknown) => error instanceof UsageError && message.test(error.message));

test('--shard i/n is 1-based; anything else is a usage error', () => {
  assert.deepEqual(parseShardOption('1/4'), { index: 1, count: 4 });
  assert.deepEqual(parseShardOption('4/4'), { index: 4, count: 4 });
  assert.equal(parseShardOption('auto'), 'auto');
  for (const bad of ['0/4', '5/4', '1/0', '1', 'a/b', '1/4/2', '-1/4', '1/100001'])
    usage(() => parseShardOption(bad), /--shard must be <i>\/<n> with 1 <= i <= n/);
});

test('--shard auto: the engines count from 0, we from 1', () => {
  assert.deepEqual(resolveShard('auto', 4, { JOB_COMPLETION_INDEX: '0' }), { index: 1, count: 4 });
  assert.deepEqual(resolveShard('auto', 4, { JOB_COMPLETION_INDEX: '3' }), { index: 4, count: 4 });
  assert.deepEqual(resolveShard('auto', null, { AWS_BATCH_JOB_ARRAY_INDEX: '2', AWS_BATCH_JOB_ARRAY_SIZE: '10' }), { index: 3, count: 10 });
  // --shards wins over the engine's size.
  assert.deepEqual(resolveShard('auto', 3, { AWS_BATCH_JOB_ARRAY_INDEX: '2', AWS_BATCH_JOB_ARRAY_SIZE: '10' }), { index: 3, count: 3 });
  assert.equal(resolveShard(null, null, { JOB_COMPLETION_INDEX: '1' }), null);
  assert.deepEqual(resolveShard({ index: 2, count: 3 }, null, { JOB_COMPLETION_INDEX: '0' }), { index: 2, count: 3 });
});

test('--shard auto: clear usage errors', () => {
  usage(() => resolveShard('auto', 4, {}), /neither JOB_COMPLETION_INDEX nor AWS_BATCH_JOB_ARRAY_INDEX is set/);
  usage(
    () => resolveShard('auto', null, { JOB_COMPLETION_INDEX: '1' }),
    /JOB_COMPLETION_INDEX is set, but not their number: give --shards <n>/,
  );
  usage(() => resolveShard('auto', 4, { JOB_COMPLETION_INDEX: '4' }), /JOB_COMPLETION_INDEX=4 is shard 5, but there are 4 shards/);
  usage(() => resolveShard('auto', 4, { JOB_COMPLETION_INDEX: 'x' }), /must be a whole number, got "x"/);
  usage(() => resolveShard({ index: 1, count: 4 }, 3, {}), /--shards 3 contradicts --shard 1\/4/);
});
