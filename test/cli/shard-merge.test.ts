/**
 * Sharded runs through the built binary against the demo world: the shards' reports, merged,
 * give what one run over the same input gives (per-domain results, the gate's exit code and
 * line, the notes, the table with its summary), whatever format each shard wrote; and a merge
 * refuses shards that do not belong together, naming the file or the shard.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DomainResult, Report } from '../../src/model/report.js';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { tlscheck, worldArgs, type Run } from './helpers.js';

/** A report without what differs between any two runs: wall times and the start time. */
function timeless(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(timeless);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'durationMs' && key !== 'generatedAt')
      .map(([key, inner]) => [key, timeless(inner)]),
  );
}

const SHARDS = 3;

describe('--shard and tlscheck merge', () => {
  let world: World;
  let dir: string;
  let list: string;
  let single: { run: Run; report: Report; table: string };
  const path = (name: string) => join(dir, name);
  const read = (name: string) => readFileSync(path(name), 'utf8');
  /**
   * The input and options of every run here. The deadline is longer than the other CLI tests': a
   * timeout under load in one run and not in the other would be a difference of the machine.
   */
  const input = (...rest: string[]) => worldArgs(world, '--timeout', '3000', '-f', list, 'Jane <jane@valid.test>', ...rest);
  /** One shard of the list, with the same options as the single run but its own report file. */
  const shard = (index: number, output: string, ...extra: string[]) =>
    tlscheck(input('--shard', `${index}/${SHARDS}`, '--output', output, ...extra));

  before(async () => {
    world = await startWorld(loadScenario(join(fixturesDir(), 'scenarios', 'demo.json')));
    dir = mkdtempSync(join(tmpdir(), 'tlscheck-shard-'));
    const domains = loadScenario(join(fixturesDir(), 'scenarios', 'demo.json')).domains.map((entry) => entry.domain);
    // Duplicates, an address, and lines that name no domain: every line must land in one shard.
    list = path('domains.txt');
    writeFileSync(
      list,
      [...domains, 'ann@NOSTARTTLS.test', 'not a domain', 'valid.test.', 'carol@@bad', ...domains.slice(0, 3)].join('\n'),
    );
    const run = await tlscheck(
      input('--require', 'required', '--output', `json:${path('single.json')}`, '--output', `table:${path('single.txt')}`),
    );
    single = { run, report: JSON.parse(read('single.json')) as Report, table: read('single.txt') };
    // Shard 2 writes NDJSON: a merge reads both forms.
    const runs = await Promise.all(
      Array.from({ length: SHARDS }, (_, i) =>
        shard(i + 1, i === 1 ? `ndjson:${path('shard-2.ndjson')}` : `json:${path(`shard-${i + 1}.json`)}`),
      ),
    );
    for (const shardRun of runs) assert.ok([0, 1, 3].includes(shardRun.code), shardRun.stderr);
  });
  after(async () => {
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every input entry is in exactly one shard, and a domain in one only', () => {
    const reports = [1, 3].map((i) => JSON.parse(read(`shard-${i}.json`)) as Report);
    const results: DomainResult[] = [...reports.flatMap((report) => report.results), ...ndjsonResults(read('shard-2.ndjson'))];
    const keys = results.map((result) => result.domain ?? result.input);
    assert.equal(new Set(keys).size, keys.length, 'no domain in two shards');
    assert.equal(
      results.reduce((sum, result) => sum + result.recipients, 0),
      single.report.results.reduce((sum, result) => sum + result.recipients, 0),
    );
    assert.deepEqual(keys.sort(), single.report.results.map((result) => result.domain ?? result.input).sort());
    // Entries that name no domain all go to shard 1.
    assert.ok(reports[0]!.results.filter((result) => result.domain === null).length === 2);
    for (const report of reports)
      assert.deepEqual(
        { ...report.shard, profile: undefined, index: undefined },
        { ...reports[0]!.shard, profile: undefined, index: undefined },
      );
    assert.ok(reports.every((report) => report.results.length > 0 && report.results.length < single.report.results.length));
  });

  test('the merge equals the single run: results in input order, notes, gate exit code and line, the table with its summary', async () => {
    const merged = await tlscheck([
      'merge',
      path('shard-*.json'),
      path('shard-2.ndjson'),
      '--require',
      'required',
      '--output',
      `json:${path('merged.json')}`,
      '--output',
      `table:${path('merged.txt')}`,
    ]);
    assert.equal(merged.code, single.run.code, merged.stderr);
    assert.ok(single.run.code === 1, 'the demo world fails the required gate');
    assert.equal(gateLine(merged.stderr), gateLine(single.run.stderr));
    const report = JSON.parse(read('merged.json')) as Report;
    assert.deepEqual(timeless(report.results), timeless(single.report.results));
    assert.deepEqual(report.notes, single.report.notes);
    assert.deepEqual(report.gate, single.report.gate);
    assert.deepEqual(
      { ...report.merged, profile: undefined },
      { count: SHARDS, shards: [1, 2, 3], missing: [], notChecked: 0, targets: single.report.results.length, profile: undefined },
    );
    assert.equal(report.shard, null);
    assert.equal(read('merged.txt'), single.table);
  });

  test('merge --baseline compares as a single run would, and renders any format', async () => {
    const merged = await tlscheck([
      'merge',
      path('shard-*'),
      '--baseline',
      path('single.json'),
      '--fail-on-regression',
      '--format',
      'ndjson',
    ]);
    assert.equal(merged.code, 0, merged.stderr);
    const lines = merged.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const end = lines.at(-1)!;
    assert.equal(end.type, 'report');
    assert.equal(end.resultLines, single.report.results.length);
    assert.deepEqual((end.baseline as Report['baseline'])?.changes, []);
  });

  test('a missing shard is an error naming it; --allow-partial merges and says so', async () => {
    const missing = await tlscheck(['merge', path('shard-1.json'), path('shard-2.ndjson'), '--format', 'json']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^tlscheck: merge: shard 3 of 3 is missing \(give every shard's report, or --allow-partial/m);
    const partial = await tlscheck(['merge', path('shard-1.json'), path('shard-2.ndjson'), '--allow-partial', '--format', 'json']);
    assert.equal(partial.code, 0, partial.stderr);
    const report = JSON.parse(partial.stdout) as Report;
    const shard3 = (JSON.parse(read('shard-3.json')) as Report).results.length;
    assert.deepEqual(report.merged?.missing, [3]);
    assert.equal(report.merged?.notChecked, shard3);
    assert.match(report.notes[0]!, /^partial merge \(--allow-partial\) of 2 of 3 shards: shard 3 missing; \d+ of \d+ targets not checked/);
    assert.match(partial.stderr, /tlscheck: partial merge/);
  });

  test('shards that do not belong together are refused, naming the files', async () => {
    const twice = await tlscheck([
      'merge',
      path('shard-1.json'),
      path('shard-2.ndjson'),
      path('shard-3.json'),
      path('shard-1.json'),
      join(dir, '.', 'shard-1.json'),
    ]);
    assert.equal(twice.code, 0, 'one file named twice is one report');
    writeFileSync(path('copy.json'), read('shard-1.json'));
    const duplicate = await tlscheck(['merge', path('shard-*.json'), path('shard-2.ndjson'), path('copy.json')]);
    assert.equal(duplicate.code, 2);
    assert.match(duplicate.stderr, /merge: shard 1 of 3 is given twice: .*(shard-1|copy)\.json and .*(copy|shard-1)\.json/);

    const other = await shard(3, `json:${path('other-3.json')}`, '--warn-days', '5');
    assert.ok([0, 1, 3].includes(other.code), other.stderr);
    const options = await tlscheck(['merge', path('shard-1.json'), path('shard-2.ndjson'), path('other-3.json')]);
    assert.equal(options.code, 2);
    assert.match(options.stderr, /shard-1\.json and .*other-3\.json were run with different options: --warn-days \(21 and 5\)/);

    const whole = await tlscheck(['merge', path('single.json')]);
    assert.match(whole.stderr, /single\.json is not the report of a shard \(it was made without --shard\)/);

    writeFileSync(path('cut.ndjson'), read('shard-2.ndjson').split('\n').slice(0, 2).join('\n'));
    const cut = await tlscheck(['merge', path('shard-1.json'), path('cut.ndjson'), path('shard-3.json')]);
    assert.equal(cut.code, 2);
    assert.match(cut.stderr, /report .*cut\.ndjson has no report line at its end: the run did not finish/);

    const probeOption = await tlscheck(['merge', path('shard-*.json'), '--port', '25']);
    assert.equal(probeOption.code, 2);
    assert.match(probeOption.stderr, /merge: --port means nothing to a merge/);

    const nothing = await tlscheck(['merge', path('nothing-*.json')]);
    assert.match(nothing.stderr, /merge: no file matches .*nothing-\*\.json/);
  });

  describe('shards in NDJSON merged to streaming formats: read a result at a time, twice, none kept', () => {
    let streamedSingle: Run;
    before(async () => {
      // The single run streams too (every output streams): what the merge must equal.
      streamedSingle = await tlscheck(
        input('--require', 'required', '--output', `ndjson:${path('single-s.ndjson')}`, '--output', `csv:${path('single-s.csv')}`),
      );
      const runs = await Promise.all(
        Array.from({ length: SHARDS }, (_, i) => shard(i + 1, `ndjson:${path(`stream-${i + 1}.ndjson`)}`, '--require', 'required')),
      );
      for (const shardRun of runs) assert.ok([0, 1, 3].includes(shardRun.code), shardRun.stderr);
    });

    test('the CSV, every result line, the report line, the gate line and exit code of the single run', async () => {
      const merged = await tlscheck([
        'merge',
        path('stream-*.ndjson'),
        '--output',
        `ndjson:${path('merged-s.ndjson')}`,
        '--output',
        `csv:${path('merged-s.csv')}`,
      ]);
      assert.equal(merged.code, streamedSingle.code, merged.stderr);
      assert.equal(gateLine(merged.stderr), gateLine(streamedSingle.stderr));
      assert.equal(read('merged-s.csv'), read('single-s.csv'));
      const byPosition = (text: string) => ndjsonResults(text).sort((a, b) => a.position - b.position);
      assert.deepEqual(timeless(byPosition(read('merged-s.ndjson'))), timeless(byPosition(read('single-s.ndjson'))));
      const end = (text: string) => JSON.parse(text.trimEnd().split('\n').at(-1)!) as Record<string, unknown>;
      const [mergedEnd, singleEnd] = [end(read('merged-s.ndjson')), end(read('single-s.ndjson'))];
      for (const key of ['notes', 'gate', 'interrupted', 'baseline', 'traffic', 'resultLines'])
        assert.deepEqual(mergedEnd[key], singleEnd[key], key);
      assert.deepEqual((mergedEnd.merged as Report['merged'])?.shards, [1, 2, 3]);
    });

    test('--restrict given to the merge: a pattern matching nothing is warned about, none matching refuses', async () => {
      const some = await tlscheck([
        'merge',
        path('stream-*.ndjson'),
        '--require',
        'required',
        '--restrict',
        'valid.test,*.nowhere.example',
        '--format',
        'ndjson',
      ]);
      assert.equal(some.code, 3, `undetermined domains among valid.test's matches: ${some.stderr}`);
      assert.match(some.stderr, /tlscheck: --restrict: "\*\.nowhere\.example" matches none of the checked domains/);
      const end = JSON.parse(some.stdout.trimEnd().split('\n').at(-1)!) as Report;
      assert.ok(end.notes.some((note) => note.includes('"*.nowhere.example" matches none')));
      const none = await tlscheck([
        'merge',
        path('stream-*.ndjson'),
        '--require',
        'required',
        '--restrict',
        '*.nowhere.example',
        '--format',
        'csv',
      ]);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /--restrict: no pattern matches any of the \d+ checked domains/);
      assert.equal(none.stdout, '', 'refused before anything is written');
    });

    test('a malformed result deep in a shard is refused, naming the file and line, before anything is written', async () => {
      const lines = read('stream-2.ndjson').split('\n');
      lines[1] = JSON.stringify({ ...JSON.parse(lines[1]!), mx: 'not a list' });
      writeFileSync(path('bad-2.ndjson'), lines.join('\n'));
      const bad = await tlscheck([
        'merge',
        path('stream-1.ndjson'),
        path('bad-2.ndjson'),
        path('stream-3.ndjson'),
        '--output',
        `ndjson:${path('never.ndjson')}`,
      ]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /merge: report .*bad-2\.ndjson: line 2 is a malformed result \(results\[1\]\.mx/);
      assert.equal(existsSync(path('never.ndjson')), false);
      const missing = await tlscheck(['merge', path('stream-1.ndjson'), path('gone.ndjson'), '--format', 'ndjson']);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /merge: report file not found: .*gone\.ndjson/);
    });
  });

  test("--shard auto reads the job engine's 0-based index; a clear usage error without one", async () => {
    const auto = await tlscheck(input('--shard', 'auto', '--shards', String(SHARDS), '--format', 'json'), {
      env: { JOB_COMPLETION_INDEX: '2' },
    });
    const report = JSON.parse(auto.stdout) as Report;
    assert.deepEqual([report.shard?.index, report.shard?.count], [3, SHARDS]);
    assert.deepEqual(timeless(report.results), timeless((JSON.parse(read('shard-3.json')) as Report).results));

    const aws = await tlscheck(['--shard', 'auto', '--no-probe', '--email-log', '/dev/null', 'a.example', '--format', 'json'], {
      env: { AWS_BATCH_JOB_ARRAY_INDEX: '0', AWS_BATCH_JOB_ARRAY_SIZE: '2' },
    });
    assert.deepEqual((JSON.parse(aws.stdout) as Report).shard?.count, 2);

    const none = await tlscheck(['--shard', 'auto', 'a.example'], { env: { JOB_COMPLETION_INDEX: '', AWS_BATCH_JOB_ARRAY_INDEX: '' } });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^tlscheck: --shard auto: neither JOB_COMPLETION_INDEX nor AWS_BATCH_JOB_ARRAY_INDEX is set/m);
    const noCount = await tlscheck(['--shard', 'auto', 'a.example'], { env: { JOB_COMPLETION_INDEX: '1' } });
    assert.match(noCount.stderr, /give --shards <n>/);
    const bad = await tlscheck(['--shard', '0/3', 'a.example']);
    assert.match(bad.stderr, /--shard must be <i>\/<n> with 1 <= i <= n/);
  });
});

function ndjsonResults(text: string): DomainResult[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as DomainResult & { type?: string })
    .filter((line) => line.type === undefined);
}

function gateLine(stderr: string): string | undefined {
  return stderr.split('\n').find((line) => line.startsWith('tlscheck: gate '));
}
