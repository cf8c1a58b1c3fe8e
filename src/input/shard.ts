/**
 * The split of a run's targets into shards (`--shard i/n`), stable whatever the input order or the
 * other inputs: a domain's shard is a hash of its normalised name, so the same domain lands in the
 * same shard in every run and, merged into one target however many inputs name it, in one shard
 * only. Entries that name no domain have nothing to hash: they all go to shard 1, so every input
 * line is accounted for in exactly one shard.
 */
import { createHash } from 'node:crypto';
import type { ShardSpec } from '../model/shard.js';
import type { Target } from '../model/target.js';
import { canonicalDomain } from '../text/names.js';

/** The 1-based shard of a domain (null: an invalid entry) among `count`. */
export function shardOf(domain: string | null, count: number): number {
  if (domain === null) return 1;
  // SHA-256 rather than a string hash of our own: the same on every machine, Node version and
  // engine, and evenly spread; 48 bits modulo count leave no bias worth naming.
  const digest = createHash('sha256').update(canonicalDomain(domain)).digest();
  return (digest.readUIntBE(0, 6) % count) + 1;
}

export interface ShardShare {
  /** This shard's targets, in input order (each keeps its position in the whole input). */
  targets: Target[];
  /** Targets of the whole input. */
  total: number;
  /** Fingerprint of the whole input: every shard of one run computes the same. */
  input: string;
}

export function takeShard(targets: readonly Target[], spec: ShardSpec): ShardShare {
  return {
    targets: targets.filter((target) => shardOf(target.domain, spec.count) === spec.index),
    total: targets.length,
    input: inputFingerprint(targets),
  };
}

/** Hex SHA-256 of the targets in order (domain or invalid entry, and how many entries named it). */
export function inputFingerprint(targets: readonly Target[]): string {
  const hash = createHash('sha256');
  for (const target of targets) hash.update(`${target.domain ?? `!${target.input}`}\t${target.recipients}\n`);
  return hash.digest('hex');
}
