/**
 * Do these shard reports belong together? One run split into n shards: every report is a shard's
 * (not a whole run, not filtered with --only, none of its results skipped as malformed), all
 * read the same input with the same verdict-changing options, and each shard is there exactly
 * once. Every refusal is one line that names the file or the shard. Pure.
 */
import type { LoadedBaseline } from '../baseline/load.js';
import { shardOf } from '../input/shard.js';
import type { DomainResult, GateConfig, RunProfile, ShardInfo } from '../model/report.js';
import { plural } from '../text/words.js';

/** A shard report as read, with the file it came from (as the user named it, sanitised). */
export interface ShardFile {
  file: string;
  loaded: LoadedBaseline;
}

export interface CheckedShard extends ShardFile {
  shard: ShardInfo;
}

export class MergeError extends Error {
  override name = 'MergeError';
}

export interface ShardSet {
  /** Ascending by shard index. */
  shards: CheckedShard[];
  count: number;
  /** Shard numbers not given, ascending. */
  missing: number[];
}

/** `allowPartial`: a missing or interrupted shard is accepted (the caller says so in the report). */
export function checkShardSet(files: readonly ShardFile[], allowPartial: boolean): ShardSet {
  if (files.length === 0) throw new MergeError('no report to merge');
  const shards = files.map(asShard).sort((a, b) => a.shard.index - b.shard.index);
  const first = shards[0]!;
  for (const other of shards.slice(1)) agree(first, other);
  shards.forEach(belongs);
  const { count } = first.shard;
  for (let i = 1; i < shards.length; i += 1) {
    const [a, b] = [shards[i - 1]!, shards[i]!];
    if (a.shard.index === b.shard.index) throw new MergeError(`shard ${b.shard.index} of ${count} is given twice: ${a.file} and ${b.file}`);
  }
  const present = new Set(shards.map((entry) => entry.shard.index));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !present.has(index));
  if (missing.length > 0 && !allowPartial)
    throw new MergeError(
      `${missing.length === 1 ? 'shard' : 'shards'} ${listNumbers(missing)} of ${count} ${missing.length === 1 ? 'is' : 'are'} missing ` +
        "(give every shard's report, or --allow-partial to merge without)",
    );
  for (const entry of shards) {
    const interrupted = entry.loaded.report.interrupted;
    if (interrupted && !allowPartial)
      throw new MergeError(
        `shard ${entry.shard.index} of ${count} (${entry.file}) was interrupted: ${plural(interrupted.notChecked, 'target')} not checked ` +
          '(run it again, or --allow-partial to merge what it checked)',
      );
  }
  return { shards, count, missing };
}

/** The shards' common gate, for a merge that names none; a refusal when they differ. */
export function commonGate(shards: readonly CheckedShard[]): GateConfig | null {
  const gates = shards.map((entry) => JSON.stringify(entry.loaded.report.gate));
  const other = gates.findIndex((gate) => gate !== gates[0]);
  if (other !== -1)
    throw new MergeError(
      `${shards[0]!.file} and ${shards[other]!.file} were run with different gates (--require, --restrict, ...): give --require to the merge to choose`,
    );
  return shards[0]!.loaded.report.gate;
}

function asShard(entry: ShardFile): CheckedShard {
  const { report, skipped, problems, listed } = entry.loaded;
  if (report.merged) throw new MergeError(`${entry.file} is already a merged report; merge the shards' own reports`);
  if (!report.shard) throw new MergeError(`${entry.file} is not the report of a shard (it was made without --shard)`);
  if (listed) throw new MergeError(`${entry.file} was made with --only: it lists some domains only (write shard reports without --only)`);
  if (skipped > 0) throw new MergeError(`${entry.file}: ${plural(skipped, 'malformed result')} (${problems.join('; ')})`);
  return { ...entry, shard: report.shard };
}

/** Each result is in the shard its domain hashes to (else the file was edited, or made another way). */
function belongs({ file, loaded, shard }: CheckedShard): void {
  for (const result of loaded.report.results) checkHome(file, result, shard);
}

export function checkHome(file: string, result: DomainResult, shard: ShardInfo): void {
  const home = shardOf(result.domain, shard.count);
  if (home !== shard.index)
    throw new MergeError(
      `${file}: ${result.domain ?? result.input} belongs to shard ${home} of ${shard.count}, not to shard ${shard.index}`,
    );
}

/** Same number of shards, same input, same options that change verdicts. */
function agree(a: CheckedShard, b: CheckedShard): void {
  const pair = `${a.file} and ${b.file}`;
  if (a.shard.count !== b.shard.count)
    throw new MergeError(
      `${pair} belong to different splits: shard ${a.shard.index}/${a.shard.count} and ${b.shard.index}/${b.shard.count}`,
    );
  if (a.shard.input !== b.shard.input || a.shard.targets !== b.shard.targets)
    throw new MergeError(
      `${pair} read different inputs (${plural(a.shard.targets, 'target')} and ${plural(b.shard.targets, 'target')}, or other entries): ` +
        'every shard must read the same files',
    );
  const differences = profileDifferences(a.shard.profile, b.shard.profile);
  if (differences.length > 0) throw new MergeError(`${pair} were run with different options: ${differences.join(', ')}`);
}

/** What `--option` each profile field is, for the message. */
const PROFILE_OPTIONS: Record<keyof RunProfile, string> = {
  port: '--port',
  families: '-4/-6',
  timeouts: '--timeout/--host-timeout/--dns-timeout',
  warnDays: '--warn-days',
  probing: '--no-probe',
  showAddresses: '--show-addresses',
  trustAnchors: 'the trusted roots (--ca-file, or another Node.js version)',
  sender: '--profile/--min-tls/--tls-domain',
};

function profileDifferences(a: RunProfile, b: RunProfile): string[] {
  return (Object.keys(PROFILE_OPTIONS) as (keyof RunProfile)[])
    .filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]))
    .map((key) =>
      key === 'trustAnchors' ? PROFILE_OPTIONS[key] : `${PROFILE_OPTIONS[key]} (${JSON.stringify(a[key])} and ${JSON.stringify(b[key])})`,
    );
}

/** "3", "2 and 4", "1, 2 and 5" */
export function listNumbers(numbers: readonly number[]): string {
  return numbers.length === 1 ? String(numbers[0]) : `${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}
