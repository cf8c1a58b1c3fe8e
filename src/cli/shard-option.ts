/**
 * `--shard <i>/<n>` and `--shard auto`: which shard of the targets this run checks. We count
 * shards from 1 (1/4 … 4/4, as a GitHub Actions matrix lists them); the job engines count their
 * array index from 0, so `auto` maps index k to shard k + 1.
 */
import type { ShardSpec } from '../model/shard.js';
import { MAX_SHARDS, UsageError, type ShardOption } from './options.js';

/** 0-based array index variables of the engines, in the order they are looked at. */
export const INDEX_VARIABLES = ['JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX'] as const;
/** The engines that also say how many there are (a Kubernetes Indexed Job does not: give --shards). */
const COUNT_VARIABLES: Record<(typeof INDEX_VARIABLES)[number], string | null> = {
  JOB_COMPLETION_INDEX: null,
  AWS_BATCH_JOB_ARRAY_INDEX: 'AWS_BATCH_JOB_ARRAY_SIZE',
};

/** The shard of this run, or null when not sharded; `auto` reads the engine's variables. */
export function resolveShard(option: ShardOption | null, shards: number | null, env: NodeJS.ProcessEnv): ShardSpec | null {
  if (option === null) return null;
  if (option !== 'auto') {
    if (shards !== null && shards !== option.count)
      throw new UsageError(`--shards ${shards} contradicts --shard ${option.index}/${option.count}`);
    return option;
  }
  const variable = INDEX_VARIABLES.find((name) => (env[name] ?? '') !== '');
  if (!variable)
    throw new UsageError(
      `--shard auto: neither ${INDEX_VARIABLES.join(' nor ')} is set (run it as a Kubernetes Indexed Job or an AWS Batch array job, or give --shard <i>/<n>)`,
    );
  const raw = env[variable]!;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--shard auto: ${variable} must be a whole number, got "${raw}"`);
  const countVariable = COUNT_VARIABLES[variable];
  const fromEngine = countVariable ? env[countVariable] : undefined;
  let count = shards;
  if (count === null && fromEngine !== undefined && fromEngine !== '') {
    if (!/^\d+$/.test(fromEngine)) throw new UsageError(`--shard auto: ${countVariable} must be a whole number, got "${fromEngine}"`);
    count = Number(fromEngine);
  }
  if (count === null)
    throw new UsageError(
      `--shard auto: how many shards? ${variable} is set, but not their number: give --shards <n> (the Job's completions)`,
    );
  const index = Number(raw) + 1;
  if (count < 1 || count > MAX_SHARDS || index > count)
    throw new UsageError(`--shard auto: ${variable}=${raw} is shard ${index}, but there are ${count} shards`);
  return { index, count };
}
