/**
 * The gate as a CI job meets it, through the built binary against the demo world: the line it
 * always ends with, --restrict as people type it, domains that get no mail anyway, several
 * outputs from one run.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { tlscheck, worldArgs } from './helpers.js';

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

describe('the gate in use', () => {
  let world: World;
  let dir: string;
  before(async () => {
    world = await startWorld(loadScenario(join(fixturesDir(), 'scenarios', 'demo.json')));
    dir = mkdtempSync(join(tmpdir(), 'tlscheck-gate-'));
  });
  after(async () => {
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a failing gate ends with one FAIL line on stderr naming the domains, whatever the format', async () => {
    for (const format of ['json', 'csv', 'junit']) {
      const run = await tlscheck(worldArgs(world, '--format', format, '--require', 'required', 'valid.test', 'nostarttls.test'));
      assert.equal(run.code, 1, run.stderr);
      assert.equal(lastLine(run.stderr), 'tlscheck: gate required: FAIL, mail stops for 1 of 2 domains (nostarttls.test)');
    }
  });

  test('PASS and UNDETERMINED lines agree with the exit code', async () => {
    const pass = await tlscheck(worldArgs(world, '--format', 'json', '--require', 'required', 'valid.test', 'selfsigned.test'));
    assert.equal(pass.code, 0, pass.stderr);
    assert.equal(lastLine(pass.stderr), 'tlscheck: gate required: PASS, 2 of 2 domains delivered');
    const unknown = await tlscheck(worldArgs(world, '--format', 'json', '--require', 'required', 'valid.test', 'servfail.test'));
    assert.equal(unknown.code, 3, unknown.stderr);
    assert.equal(lastLine(unknown.stderr), 'tlscheck: gate required: UNDETERMINED (1 domain: servfail.test)');
    const allowed = await tlscheck(
      worldArgs(world, '--format', 'json', '--require', 'required', '--allow-undetermined', 'valid.test', 'servfail.test'),
    );
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(lastLine(allowed.stderr), /PASS, 1 of 2 domains delivered; 1 domain undetermined, allowed$/);
  });

  test('the table and Markdown state the gate line too', async () => {
    for (const format of ['table', 'markdown']) {
      const run = await tlscheck(worldArgs(world, '--format', format, '--require', 'required', 'valid.test', 'nostarttls.test'));
      assert.match(run.stdout, /gate required: FAIL, mail stops for 1 of 2 domains/);
    }
  });

  test('domains that get no mail under any setting do not fail the gate unless --fail-on-no-mail', async () => {
    const args = ['--format', 'json', '--require', 'required', 'valid.test', 'nullmx.test', 'nxdomain.test'];
    const run = await tlscheck(worldArgs(world, ...args));
    assert.equal(run.code, 0, run.stderr);
    assert.match(lastLine(run.stderr), /PASS, 1 of 3 domains delivered; 2 domains get no mail under any setting \(not counted\)$/);
    const strict = await tlscheck(worldArgs(world, ...args, '--fail-on-no-mail'));
    assert.equal(strict.code, 1, strict.stderr);
    assert.match(lastLine(strict.stderr), /FAIL, 2 of 3 domains get no mail at all \(nullmx\.test, nxdomain\.test\)$/);
  });

  test('--restrict accepts semicolons and spaces; a pattern matching no checked domain is warned about', async () => {
    const run = await tlscheck(
      worldArgs(
        world,
        '--format',
        'json',
        '--require',
        'required',
        '--restrict',
        'nostarttls.test; valid.test other.example',
        'valid.test',
        'nostarttls.test',
      ),
    );
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /--restrict: "other\.example" matches none of the checked domains/);
    const report = JSON.parse(run.stdout) as { gate: { restrict: string[] }; notes: string[]; results: { gateSetting: string }[] };
    assert.deepEqual(report.gate.restrict, ['nostarttls.test', 'valid.test', 'other.example']);
    assert.deepEqual(
      report.results.map((result) => result.gateSetting),
      ['required', 'required'],
    );
    assert.ok(report.notes.some((note) => note.includes('"other.example" matches none')));
  });

  test('a mistyped --restrict that matches nothing refuses the run instead of passing the gate', async () => {
    const run = await tlscheck(worldArgs(world, '--require', 'required', '--restrict', 'nostarttls.tset', 'valid.test', 'nostarttls.test'));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--restrict: no pattern matches any of the 2 checked domains \(nostarttls\.tset\)/);
    assert.equal(run.stdout, '');
  });

  test('an invalid pattern is a usage error naming it', async () => {
    for (const bad of ['acme..com', '-acme.com', 'ac_me.com', 'a*.com']) {
      const run = await tlscheck(worldArgs(world, '--require', 'required', '--restrict', bad, 'valid.test'));
      assert.equal(run.code, 2, bad);
      assert.match(run.stderr, /is not a domain or \*\.domain pattern/, bad);
    }
  });

  test('one run writes several outputs: --output format:file, repeatable', async () => {
    const json = join(dir, 'report.json');
    const junit = join(dir, 'tls.xml');
    const summary = join(dir, 'summary.md');
    const run = await tlscheck(
      worldArgs(
        world,
        '--require',
        'required',
        '--output',
        `json:${json}`,
        '--output',
        `junit:${junit}`,
        '--output',
        `markdown:${summary}`,
        'valid.test',
        'nostarttls.test',
      ),
    );
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal((JSON.parse(readFileSync(json, 'utf8')) as { results: unknown[] }).results.length, 2);
    assert.match(readFileSync(junit, 'utf8'), /^<\?xml/);
    assert.match(readFileSync(summary, 'utf8'), /^# tlscheck report/);
  });
});
