/**
 * The merge, pure: shard reports built with the factories (each result in the shard its domain
 * hashes to), merged, and the cases the CLI test does not reach: interrupted shards, joined
 * baseline comparisons, the gate given to the merge, shards with different gates.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shardOf } from '../../src/input/shard.js';
import type { DomainResult, Report } from '../../src/model/report.js';
import { MergeError, mergeShards, type ShardFile } from '../../src/run/merge-shards.js';
import { baselineChange, baselineComparison, gateConfig, noStarttls, report, safe, shardInfo, slow } from '../factories.js';

const COUNT = 3;
const RESULTS: DomainResult[] = [
  safe('a.test'),
  noStarttls('b.test'),
  slow('c.test'),
  safe('d.test'),
  noStarttls('e.test'),
  safe('f.test'),
  safe('g.test'),
].map((result, position) => ({ ...result, position }));

/** The shard reports of RESULTS: shard i holds the results that hash to it. */
function shards(overrides: (index: number) => Partial<Report> = () => ({})): ShardFile[] {
  return Array.from({ length: COUNT }, (_, i) => {
    const index = i + 1;
    const results = RESULTS.filter((result) => shardOf(result.domain, COUNT) === index);
    const shard = report(results, { shard: shardInfo(index, COUNT, RESULTS.length), ...overrides(index) });
    return { file: `shard-${index}.json`, loaded: { report: shard, skipped: 0, problems: [], listed: false } };
  });
}

const merge = (reports: ShardFile[], extra: { allowPartial?: boolean; gate?: Report['gate'] } = {}) =>
  mergeShards({ reports, allowPartial: extra.allowPartial ?? false, gate: extra.gate, baseline: null });

describe('mergeShards', () => {
  test('every shard has results here, and the merge restores the input order', () => {
    const reports = shards();
    assert.ok(
      reports.every((entry) => entry.loaded.report.results.length > 0),
      'the fixture spreads over all shards',
    );
    const { report: merged } = merge([...reports].reverse());
    assert.deepEqual(merged.results, RESULTS);
    assert.deepEqual(merged.notes, ['preferred-verify: judged strictly']);
    assert.deepEqual([merged.shard, merged.interrupted, merged.merged?.shards], [null, null, [1, 2, 3]]);
  });

  test('an interrupted shard is refused; --allow-partial merges what it checked and counts the rest', () => {
    const interrupted = (index: number) => (index === 2 ? { interrupted: { notChecked: 1 } } : {});
    const reports = shards(interrupted);
    reports[1]!.loaded.report.results.pop();
    assert.throws(
      () => merge(reports),
      (error: unknown) =>
        error instanceof MergeError && /shard 2 of 3 \(shard-2\.json\) was interrupted: 1 target not checked/.test(error.message),
    );
    const { report: merged, alerts } = merge(reports, { allowPartial: true });
    assert.equal(merged.merged?.notChecked, 1);
    assert.deepEqual(merged.merged?.missing, []);
    assert.match(alerts[0]!, /^partial merge \(--allow-partial\) of 3 of 3 shards: shard 2 interrupted; 1 of 7 targets not checked/);
  });

  test("the gate given to the merge replaces the shards', and each domain's gate setting follows it", () => {
    const gate = gateConfig({ setting: 'required', restrict: ['a.test'] });
    const { report: merged } = merge(shards(), { gate });
    assert.deepEqual(merged.gate, gate);
    assert.deepEqual(
      merged.results.map((result) => result.gateSetting),
      ['required', 'preferred', 'preferred', 'preferred', 'preferred', 'preferred', 'preferred'],
    );
  });

  test('shards with different gates need the merge to choose one', () => {
    const reports = shards((index) => ({ gate: index === 3 ? gateConfig() : null }));
    assert.throws(() => merge(reports), /were run with different gates .*give --require to the merge/);
    assert.equal(merge(reports, { gate: null }).report.gate, null);
  });

  test("the shards' comparisons with one baseline are joined; with different baselines the merge needs its own", () => {
    const change = (domain: string) => baselineChange({ domain, kind: 'starttls-lost', host: `mx.${domain}` });
    const joined = merge(shards((index) => ({ baseline: baselineComparison([change(`s${index}.test`)]) }))).report.baseline;
    assert.deepEqual(joined?.changes.map((c) => c.domain).sort(), ['s1.test', 's2.test', 's3.test']);
    const mixed = shards((index) => ({ baseline: index === 1 ? null : baselineComparison([]) }));
    assert.throws(() => merge(mixed), /not all compared with the same --baseline/);
  });

  test('a result in the wrong shard, another split or other options are refused, naming the files', () => {
    const wrong = shards();
    wrong[0]!.loaded.report.results.push(wrong[1]!.loaded.report.results[0]!);
    assert.throws(() => merge(wrong), /shard-1\.json: .* belongs to shard 2 of 3, not to shard 1/);
    const split = shards((index) => (index === 2 ? { shard: shardInfo(2, 4, 7) } : {}));
    assert.throws(() => merge(split), /shard-1\.json and shard-2\.json belong to different splits: shard 1\/3 and 2\/4/);
    const input = shards((index) => (index === 3 ? { shard: shardInfo(3, 3, 8) } : {}));
    assert.throws(() => merge(input), /shard-1\.json and shard-3\.json read different inputs \(7 targets and 8 targets/);
    const roots = shards((index) =>
      index === 2 ? { shard: shardInfo(2, 3, 7, { profile: { ...shardInfo(2, 3, 7).profile, trustAnchors: 'c'.repeat(64) } }) } : {},
    );
    assert.throws(() => merge(roots), /were run with different options: the trusted roots \(--ca-file, or another Node\.js version\)/);
  });
});
