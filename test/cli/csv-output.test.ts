/**
 * CSV for Excel through the built binary: a file written with --output starts with a UTF-8 BOM
 * (Excel then reads non-ASCII names as UTF-8), stdout has none, and the file reads back.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseCsv } from '../../src/input/csv-parser.js';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { tlscheck, worldArgs } from './helpers.js';

const BOM = '\ufeff';

describe('CSV output for spreadsheets', () => {
  let world: World;
  let dir: string;
  let list: string;
  before(async () => {
    world = await startWorld(loadScenario(join(fixturesDir(), 'scenarios', 'demo.json')));
    dir = mkdtempSync(join(tmpdir(), 'tlscheck-csv-'));
    list = join(dir, 'contacts.txt');
    writeFileSync(list, 'Jürgen Groß <jürgen@valid.test>\nnostarttls.test\n');
  });
  after(async () => {
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const format of ['csv', 'csv-wide']) {
    test(`--format ${format} --output: BOM first, non-ASCII input kept; stdout: no BOM`, async () => {
      const path = join(dir, `report.${format}.csv`);
      const toFile = await tlscheck(worldArgs(world, '--format', format, '--output', path, '--show-addresses', '-f', list));
      assert.equal(toFile.code, 0, toFile.stderr);
      assert.equal(toFile.stdout, '');
      const text = readFileSync(path, 'utf8');
      assert.ok(text.startsWith(BOM), 'the file starts with a UTF-8 BOM');
      const records = parseCsv(text.slice(1), ',');
      assert.equal(records[1]!.fields[0], 'Jürgen Groß <jürgen@valid.test>');

      const toStdout = await tlscheck(worldArgs(world, '--format', format, '--show-addresses', '-f', list));
      assert.ok(!toStdout.stdout.startsWith(BOM), 'stdout has no BOM');
      assert.equal(toStdout.stdout, text.slice(1), 'otherwise the same bytes');
    });
  }

  test('the file reads back as tlscheck input (--column domain): the BOM is no problem', async () => {
    const path = join(dir, 'wide.csv');
    assert.equal((await tlscheck(worldArgs(world, '--format', 'csv-wide', '--output', path, '-f', list))).code, 0);
    const again = await tlscheck(worldArgs(world, '--format', 'json', '-f', path, '--column', 'domain'));
    assert.equal(again.code, 0, again.stderr);
    const results: Array<{ domain: string }> = JSON.parse(again.stdout).results;
    assert.deepEqual(
      results.map((result) => result.domain),
      ['valid.test', 'nostarttls.test'],
    );
  });

  test('JSON to a file has no BOM (only the spreadsheet formats get one)', async () => {
    const path = join(dir, 'report.json');
    assert.equal((await tlscheck(worldArgs(world, '--format', 'json', '--output', path, 'valid.test'))).code, 0);
    assert.equal(readFileSync(path, 'utf8')[0], '{');
  });
});
