/**
 * `tlscheck merge` of NDJSON shards whose results are never all in memory: the files are read
 * twice, a result at a time. The first reading checks every result (well-formed, in the shard its
 * domain hashes to) and learns what the report's head needs (the count, the port-25 note, which
 * CSV columns there are); the second hands the results to the outputs in input order, taking
 * from each shard in turn whichever result comes first (a shard's file is in completion order,
 * which stays close to input order, so little waits).
 */
import { ndjsonResults, type NdjsonReport } from '../baseline/report-stream.js';
import type { DomainResult } from '../model/report.js';
import { UnmatchedPatterns } from '../verdict/gate.js';
import { PortTally } from '../verdict/run-notes.js';
import type { StreamedResults } from './merge-shards.js';
import { checkHome, type ShardSet } from './shard-set.js';

export interface StreamedFirstReading extends StreamedResults {
  /** Some result had its policies looked up / carries Email Log File traffic (the CSV's columns). */
  policies: boolean;
  traffic: boolean;
  /** The gate's --restrict patterns that no domain matched, and how many domains there were. */
  unmatched: string[];
  domains: number;
}

/** The NDJSON report of each shard of the set, by file. */
export type ShardReports = ReadonlyMap<string, NdjsonReport>;

/** `restrict`: the merge's gate's patterns (null: none). */
export async function readShardsOnce(
  set: ShardSet,
  reports: ShardReports,
  restrict: readonly string[] | null,
): Promise<StreamedFirstReading> {
  const all = new PortTally();
  const ownBlocked = new Map<string, string | null>();
  const unmatched = new UnmatchedPatterns(restrict ?? []);
  let count = 0;
  let policies = false;
  let traffic = false;
  for (const { file, shard } of set.shards) {
    const own = new PortTally();
    for await (const result of ndjsonResults(reports.get(file)!)) {
      checkHome(file, result, shard);
      count += 1;
      all.add(result);
      own.add(result);
      policies ||= result.policy !== null;
      traffic ||= result.traffic !== null;
      if (result.domain !== null) unmatched.see(result.domain);
    }
    ownBlocked.set(file, own.note(shard.profile.port));
  }
  const port = set.shards[0]!.shard.profile.port;
  return { count, blocked: all.note(port), ownBlocked, policies, traffic, unmatched: unmatched.list(), domains: unmatched.domains };
}

/** Every result of the shards, in input order as nearly as the files allow (see above). */
export async function* inInputOrder(set: ShardSet, reports: ShardReports): AsyncGenerator<DomainResult> {
  const sources = set.shards.map(({ file }) => ndjsonResults(reports.get(file)!));
  try {
    const heads = await Promise.all(sources.map((source) => source.next()));
    for (;;) {
      let first = -1;
      heads.forEach((head, i) => {
        if (!head.done && (first === -1 || head.value.position < (heads[first]!.value as DomainResult).position)) first = i;
      });
      if (first === -1) return;
      yield heads[first]!.value as DomainResult;
      heads[first] = await sources[first]!.next();
    }
  } finally {
    // Stopped early (a bad line in one file): the other files are closed too.
    await Promise.all(sources.map((source) => source.return(undefined)));
  }
}
