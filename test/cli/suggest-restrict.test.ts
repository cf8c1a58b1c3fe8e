/**
 * `--suggest-restrict <setting>` through the built binary: stdout holds only the list (so
 * `tlscheck -f domains.txt --suggest-restrict required | pbcopy` works), notes go to stderr, the
 * report can still go to --output, the exit code is the gate's, and the list pasted back into
 * --restrict lets the gate pass.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OPTIONS, UsageError } from '../../src/cli/options.js';
import { fixturesDir, loadScenario, type Scenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { tlscheck, worldArgs } from './helpers.js';

/** The demo world plus families of subdomains: shop.test (all safe), mixed.test (one without STARTTLS), an IDN. */
function worldWithSubdomains(): Scenario {
  const scenario = loadScenario(join(fixturesDir(), 'scenarios', 'demo.json'));
  const mx = (name: string, exchange: string) => ({ name, type: 'MX' as const, data: { preference: 10, exchange } });
  scenario.dns.records.push(
    mx('shop.test', 'mx.valid.test'),
    mx('eu.shop.test', 'mx.valid.test'),
    mx('us.shop.test', 'mx.valid.test'),
    mx('a.mixed.test', 'mx.valid.test'),
    mx('b.mixed.test', 'mx.valid.test'),
    mx('c.mixed.test', 'mx.nostarttls.test'),
    mx('xn--bcher-kva.test', 'mx.valid.test'),
  );
  return scenario;
}

const DOMAINS = [
  'us.shop.test',
  'jane@eu.shop.test',
  'shop.test',
  'a.mixed.test',
  'b.mixed.test',
  'c.mixed.test',
  'bücher.test',
  'nostarttls.test',
  'valid.test',
  'us.shop.test',
];

describe('--suggest-restrict', () => {
  let world: World;
  let dir: string;
  before(async () => {
    world = await startWorld(worldWithSubdomains());
    dir = mkdtempSync(join(tmpdir(), 'tlscheck-suggest-'));
  });
  after(async () => {
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('stdout is the list alone: sorted, deduplicated, ASCII, a wildcard where a whole checked subtree is safe', async () => {
    const run = await tlscheck(worldArgs(world, '--suggest-restrict', 'required', ...DOMAINS));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'a.mixed.test,b.mixed.test,shop.test,*.shop.test,valid.test,xn--bcher-kva.test\n');
    assert.match(run.stderr, /suggest-restrict required: 6 entries \(1 wildcard\) for the 7 checked domains delivered under required/);
    assert.match(run.stderr, /not listed: 2 not delivered \(c\.mixed\.test, nostarttls\.test\)/);
    assert.match(run.stderr, /a wildcard also covers subdomains that were not checked: \*\.shop\.test/);
  });

  test('pasted into --restrict, the list lets the required gate pass; without it the gate fails', async () => {
    const list = (await tlscheck(worldArgs(world, '--suggest-restrict', 'required', ...DOMAINS))).stdout.trim();
    assert.equal((await tlscheck(worldArgs(world, '--require', 'required', ...DOMAINS))).code, 1);
    const gated = await tlscheck(worldArgs(world, '--require', 'required', '--restrict', list, '--format', 'json', ...DOMAINS));
    assert.equal(gated.code, 0, gated.stderr);
    const results: Array<{ domain: string; gateSetting: string }> = JSON.parse(gated.stdout).results;
    const preferred = results.filter((result) => result.gateSetting === 'preferred').map((result) => result.domain);
    assert.deepEqual(preferred.sort(), ['c.mixed.test', 'nostarttls.test']);
  });

  test('the report can still be written with --output; the exit code is the gate’s, not the list’s', async () => {
    const path = join(dir, 'report.json');
    const run = await tlscheck(
      worldArgs(world, '--require', 'required', '--suggest-restrict', 'required-verify', '--format', 'json', '--output', path, ...DOMAINS),
    );
    assert.equal(run.code, 1);
    assert.equal(run.stdout, 'a.mixed.test,b.mixed.test,shop.test,*.shop.test,valid.test,xn--bcher-kva.test\n');
    assert.equal(JSON.parse(readFileSync(path, 'utf8')).results.length, DOMAINS.length - 1);
  });

  test('nothing safe: an empty line on stdout, a warning on stderr, exit code unaffected', async () => {
    const run = await tlscheck(worldArgs(world, '--suggest-restrict', 'required', 'nostarttls.test', 'not a domain'));
    assert.equal(run.code, 0);
    assert.equal(run.stdout, '\n');
    assert.match(run.stderr, /list is empty\. Do not paste an empty list/);
    assert.match(run.stderr, /1 not delivered \(nostarttls\.test\); 1 input that is not a domain/);
  });

  test('usage: an unknown setting, or a machine format with nowhere to go, is exit 2 with one line', async () => {
    const bad = await tlscheck(['--suggest-restrict', 'sometimes', 'a.test']);
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /--suggest-restrict must be a setting of the salesforce profile: preferred, required, preferred-verify, required-verify; got "sometimes"/,
    );
    const json = await tlscheck(worldArgs(world, '--suggest-restrict', 'required', '--format', 'json', 'valid.test'));
    assert.equal(json.code, 2);
    assert.match(json.stderr, /--suggest-restrict writes the list to stdout: give --output <file> for the json report/);
    assert.equal(json.stdout, '');
  });
});

describe('--suggest-restrict spells settings as --require does', () => {
  const parser = (key: 'require' | 'suggestRestrict') => OPTIONS.find((spec) => spec.key === key)!.parse!;
  const outcome = (key: 'require' | 'suggestRestrict', value: string) => {
    try {
      return { value: parser(key)(value, undefined) };
    } catch (error) {
      assert.ok(error instanceof UsageError);
      return { error: error.message.replaceAll('--suggest-restrict', '--require') };
    }
  };

  test('the same values are accepted, the same refused with the same message (its own flag named)', () => {
    const spellings = [
      'preferred',
      'required',
      'preferred-verify',
      'required-verify',
      'Required Verify',
      'RequiredVerify',
      'REQUIRED',
      'x',
      '',
    ];
    for (const value of spellings) assert.deepEqual(outcome('suggestRestrict', value), outcome('require', value), value);
  });
});
