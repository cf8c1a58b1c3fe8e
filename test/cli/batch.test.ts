/**
 * Batch use through the built binary against the demo world: file and CSV input, every format
 * parsed back, the gate with --restrict, --baseline, --output, and an interrupted run.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseCsv } from '../../src/input/csv-parser.js';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { findAll, parseXml } from '../render/xml-check.js';
import { start, tlscheck, worldArgs } from './helpers.js';

interface JsonResult {
  input: string;
  domain: string | null;
  recipients: number;
  sources: string[];
  gateSetting: string | null;
  settings: Record<string, { deliverable: boolean | null; reasons: string[] }>;
}

describe('batch runs', () => {
  let world: World;
  let dir: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  before(async () => {
    world = await startWorld(loadScenario(join(fixturesDir(), 'scenarios', 'demo.json')));
    dir = mkdtempSync(join(tmpdir(), 'tlscheck-batch-'));
  });
  after(async () => {
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a file with comments, emails and duplicates, mixed with arguments: every entry accounted for once', async () => {
    const list = file(
      'domains.txt',
      '# customers\nvalid.test\nann@VALID.test\n\nnostarttls.test  # legacy host\nnot a domain\nvalid.test.\n',
    );
    const run = await tlscheck(worldArgs(world, '--format', 'json', '-f', list, 'selfsigned.test', 'jane@nostarttls.test'));
    assert.equal(run.code, 0, run.stderr);
    const results: JsonResult[] = JSON.parse(run.stdout).results;
    const byInput = Object.fromEntries(results.map((r) => [r.domain ?? r.input, r]));
    assert.deepEqual(
      results.map((r) => r.domain ?? r.input),
      ['selfsigned.test', 'nostarttls.test', 'valid.test', 'not a domain'],
    );
    assert.equal(byInput['valid.test']?.recipients, 3);
    assert.deepEqual(byInput['valid.test']?.sources, [`${list}:2`, `${list}:3`, `${list}:7`]);
    assert.equal(byInput['nostarttls.test']?.recipients, 2);
    assert.deepEqual(byInput['not a domain']?.sources, [`${list}:6`]);
    assert.deepEqual(byInput['not a domain']?.settings.required?.reasons, ['invalid-input']);
  });

  test('targets from stdin with -f -', async () => {
    const run = await tlscheck(worldArgs(world, '--format', 'ndjson', '-f', '-'), { stdin: 'valid.test\nwildcard.test\n' });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
        .filter((line) => line.type !== 'report')
        .map((line) => line.domain)
        .sort(),
      ['valid.test', 'wildcard.test'],
    );
  });

  test('a contacts CSV: recipients counted per domain, worst first in the impact line', async () => {
    const csv = file(
      'contacts.csv',
      'Name,Email\n"Doe, Jane",jane@nostarttls.test\nBob,bob@nostarttls.test\nAnn,ann@valid.test\n"Multi\nLine",kim@nostarttls.test\nLee,lee@selfsigned.test\n',
    );
    const run = await tlscheck(worldArgs(world, '-f', csv, '--column', 'email'));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Switching to required stops mail to 3 recipients at 1 domain/);
    const json = await tlscheck(worldArgs(world, '-f', csv, '--column', 'Email', '--format', 'json'));
    const results: JsonResult[] = JSON.parse(json.stdout).results;
    assert.deepEqual(
      results.map((r) => [r.domain, r.recipients]),
      [
        ['nostarttls.test', 3],
        ['valid.test', 1],
        ['selfsigned.test', 1],
      ],
    );
  });

  test('unreadable input: exit 2 with one line naming the problem', async () => {
    const missing = await tlscheck(['-f', join(dir, 'nope.txt'), '--resolver', '127.0.0.1:9']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.txt/);
    assert.equal(missing.stderr.trim().split('\n').length, 1);
    const noColumn = await tlscheck(['-f', file('c.csv', 'Name,Mail\nx,a@b.test\n'), '--column', 'Email', '--resolver', '127.0.0.1:9']);
    assert.equal(noColumn.code, 2);
    assert.match(noColumn.stderr, /Mail/);
    const empty = await tlscheck(['-f', file('empty.txt', '# nothing\n'), '--resolver', '127.0.0.1:9']);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /nothing to check/);
  });

  test('CSV output round-trips and no cell starts a formula', async () => {
    const run = await tlscheck(worldArgs(world, '--format', 'csv', 'valid.test', 'nostarttls.test'));
    const records = parseCsv(run.stdout, ',').map((record) => record.fields);
    assert.deepEqual(records[0]?.slice(0, 4), ['input', 'domain', 'recipients', 'setting']);
    assert.equal(records.length, 1 + 2 * 4);
    assert.ok(records.flat().every((cell) => !/^[=+\-@]/.test(cell)));
  });

  test('the CI gate in JUnit: one test case per domain, failures named, exit 1', async () => {
    const run = await tlscheck(
      worldArgs(world, '--require', 'required', '--format', 'junit', 'valid.test', 'nostarttls.test', 'tls10.test'),
    );
    assert.equal(run.code, 1);
    const suites = parseXml(run.stdout);
    const cases = findAll(suites, 'testcase');
    assert.equal(cases.length, 3);
    const failures = findAll(suites, 'failure');
    assert.equal(failures.length, 2);
    assert.deepEqual(failures.map((f) => f.attributes.type).sort(), ['starttls-not-supported', 'tls-version-unsupported']);
  });

  test('--restrict: only listed domains are held to the setting; the report says which applied', async () => {
    const args = ['--require', 'required', '--format', 'json', 'valid.test', 'nostarttls.test'];
    assert.equal((await tlscheck(worldArgs(world, ...args))).code, 1);
    const restricted = await tlscheck(worldArgs(world, ...args, '--restrict', 'valid.test, *.other.test'));
    assert.equal(restricted.code, 0);
    const results: JsonResult[] = JSON.parse(restricted.stdout).results;
    assert.deepEqual(
      results.map((r) => [r.domain, r.gateSetting]),
      [
        ['valid.test', 'required'],
        ['nostarttls.test', 'preferred'],
      ],
    );
    assert.equal((await tlscheck(worldArgs(world, ...args, '--restrict', '*.nostarttls.test,nostarttls.test'))).code, 1);
    assert.equal((await tlscheck(worldArgs(world, '--restrict', 'a.test', 'valid.test'))).code, 2, '--restrict needs --require');
  });

  test('--baseline: a domain whose verdict got worse is reported, and --fail-on-regression fails the run', async () => {
    const before = await tlscheck(worldArgs(world, '--format', 'json', 'valid.test'));
    const edited = JSON.parse(before.stdout);
    edited.results[0].input = 'nostarttls.test';
    edited.results[0].domain = 'nostarttls.test';
    const baseline = file('baseline.json', JSON.stringify(edited));
    const run = await tlscheck(worldArgs(world, '--baseline', baseline, 'nostarttls.test'));
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Changes since .*baseline\.json/);
    assert.match(
      run.stdout,
      /nostarttls\.test\s+required: delivered \(tls via mx\.valid\.test\) → not delivered \(starttls-not-supported\)/,
    );
    assert.equal((await tlscheck(worldArgs(world, '--baseline', baseline, '--fail-on-regression', 'nostarttls.test'))).code, 1);
    assert.equal((await tlscheck(worldArgs(world, '--baseline', file('bad.json', '{"x":1}'), 'valid.test'))).code, 2);
  });

  test('Ctrl-C: the lines already written stay valid, the run says how many were not checked, exit 130', async () => {
    const out = join(dir, 'partial.ndjson');
    const child = start(
      worldArgs(
        world,
        '--timeout',
        '20000',
        '--concurrency',
        '1',
        '--format',
        'ndjson',
        '--output',
        out,
        'valid.test',
        'silent.test',
        'wildcard.test',
      ),
    );
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    for (let i = 0; i < 200 && !safeRead(out).includes('\n'); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    assert.equal(code, 130);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    // The results written, then the report line saying the run was interrupted.
    assert.deepEqual(
      lines.map((line) => line.domain ?? line.type),
      ['valid.test', 'report'],
    );
    assert.deepEqual([lines[1].interrupted, lines[1].resultLines], [{ notChecked: 2 }, 1]);
    assert.match(stderr, /1 checked, 2 not checked/);
  });
});

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
