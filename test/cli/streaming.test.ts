/**
 * A streamed run (ndjson, csv, csv-wide: every output streams) keeps no results, yet says what a
 * run that keeps them says: the same rows (csv in input order), the same gate line and exit code.
 * Checked through the built binary against the demo world, with the json report as the reference.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DomainResult, Report } from '../../src/model/report.js';
import { renderCsv } from '../../src/render/csv.js';
import { renderCsvWide } from '../../src/render/csv-wide.js';
import { listResults } from '../../src/verdict/only.js';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { tlscheck, worldArgs } from './helpers.js';

const DOMAINS = [
  'valid.test',
  'nostarttls.test',
  'selfsigned.test',
  'not a domain',
  'twomx.test',
  'nullmx.test',
  'refused.test',
  'wildcard.test',
];

/** durationMs differs from run to run; nothing else may. */
const withoutDurations = (result: DomainResult): unknown =>
  JSON.parse(JSON.stringify(result, (key, value: unknown) => (key === 'durationMs' ? 0 : value)));

describe('streamed runs say what a run keeping its results says', () => {
  let world: World;
  let dir: string;
  let list: string;
  before(async () => {
    world = await startWorld(loadScenario(join(fixturesDir(), 'scenarios', 'demo.json')));
    dir = mkdtempSync(join(tmpdir(), 'tlscheck-stream-'));
    list = join(dir, 'domains.txt');
    writeFileSync(list, `${DOMAINS.join('\n')}\n`);
  });
  after(async () => {
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const extra of [[], ['--only', 'failing'], ['--restrict', 'valid.test,selfsigned.test']]) {
    test(`--require required ${extra.join(' ')}: csv, csv-wide and ndjson files, gate line and exit code`, async () => {
      // A long deadline: the two runs are compared verdict for verdict, and a loaded machine must not make one time out.
      const args = (...rest: string[]) => worldArgs(world, '--timeout', '20000', '--require', 'required', ...extra, '-f', list, ...rest);
      // The reference keeps every result (--only would filter its list: the filter is applied here instead).
      const only = extra[0] === '--only';
      const whole = await tlscheck(
        only ? worldArgs(world, '--timeout', '20000', '--require', 'required', '-f', list, '--format', 'json') : args('--format', 'json'),
      );
      const reference = JSON.parse(whole.stdout) as Report;
      const shown = only ? listResults(reference, 'failing').results : reference.results;
      assert.equal(reference.results.length, DOMAINS.length);

      const files = { csv: join(dir, 'r.csv'), wide: join(dir, 'r.wide.csv'), ndjson: join(dir, 'r.ndjson') };
      const streamed = await tlscheck(
        args('--output', `csv:${files.csv}`, '--output', `csv-wide:${files.wide}`, '--output', `ndjson:${files.ndjson}`),
      );
      assert.equal(streamed.code, whole.code, streamed.stderr);
      assert.notEqual(streamed.code, 0, 'the gate fails (nostarttls.test), so the tally really decided');
      const gateLine = (stderr: string) => stderr.split('\n').find((line) => line.startsWith('tlscheck: gate '));
      assert.equal(gateLine(streamed.stderr), gateLine(whole.stderr));
      assert.ok(gateLine(streamed.stderr));

      const bom = '\ufeff';
      assert.equal(readFileSync(files.csv, 'utf8'), bom + renderCsv({ ...reference, results: shown }));
      assert.equal(readFileSync(files.wide, 'utf8'), bom + renderCsvWide({ ...reference, results: shown }));
      const all = readFileSync(files.ndjson, 'utf8').trim().split('\n').filter(Boolean);
      // The last line is the rest of the report: how many result lines came before it.
      const end = JSON.parse(all.at(-1)!) as { type: string; resultLines: number };
      assert.deepEqual([end.type, end.resultLines], ['report', shown.length]);
      const lines = all.slice(0, -1);
      const byInput = (a: DomainResult, b: DomainResult) => (a.input < b.input ? -1 : a.input > b.input ? 1 : 0);
      assert.deepEqual(
        lines
          .map((line) => JSON.parse(line) as DomainResult)
          .sort(byInput)
          .map(withoutDurations),
        [...shown].sort(byInput).map(withoutDurations),
      );
    });
  }
});
