/** --only and --markdown-limit through the binary: the list is filtered, the exit code is not. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { tlscheck, worldArgs } from './helpers.js';

describe('--only', () => {
  let world: World;
  before(async () => {
    world = await startWorld(loadScenario(join(fixturesDir(), 'scenarios', 'demo.json')));
  });
  after(() => world.close());

  const args = (...rest: string[]) => worldArgs(world, ...rest);

  test('the gate fails whatever is listed: same exit code, JSON lists the failing domain and says it is filtered', async () => {
    const targets = ['valid.test', 'nostarttls.test', 'silent.test'];
    const all = await tlscheck(args('--require', 'required', '--format', 'json', ...targets));
    const failing = await tlscheck(args('--require', 'required', '--format', 'json', '--only', 'failing', ...targets));
    assert.equal(all.code, 1);
    assert.equal(failing.code, all.code);
    const report = JSON.parse(failing.stdout);
    assert.deepEqual(
      report.results.map((result: { domain: string }) => result.domain),
      ['nostarttls.test'],
    );
    assert.deepEqual(report.listing, { only: 'failing', setting: 'required', shown: 1, total: 3 });
    assert.equal(JSON.parse(all.stdout).listing, undefined);
  });

  test('undetermined only: nothing failing is listed, and the run still exits 3', async () => {
    const run = await tlscheck(args('--require', 'required', '--only', 'failing', 'valid.test', 'silent.test'));
    assert.equal(run.code, 3);
    assert.match(run.stdout, /Showing 0 of 2 domains \(--only failing\)/);
    assert.doesNotMatch(run.stdout, /^valid\.test/m);
  });

  test('ndjson streams only the listed domains', async () => {
    const run = await tlscheck(args('--format', 'ndjson', '--only', 'at-risk', 'valid.test', 'nostarttls.test', 'silent.test'));
    assert.equal(run.code, 0);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const end = lines.pop();
    assert.deepEqual(lines.map((line) => line.domain).sort(), ['nostarttls.test', 'silent.test']);
    // The report line counts the listed lines and says what was listed of how many.
    assert.deepEqual([end.type, end.resultLines, end.listing?.shown, end.listing?.total], ['report', 2, 2, 3]);
  });

  test('values are checked: a usage error names them', async () => {
    const bad = await tlscheck(['--only', 'broken', 'a.test']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--only must be one of failing, undetermined, at-risk, got "broken"/);
    const small = await tlscheck(['--format', 'markdown', '--markdown-limit', '100', 'a.test']);
    assert.equal(small.code, 2);
    assert.match(small.stderr, /--markdown-limit must be a whole number from 5000/);
  });
});
