/**
 * Options as a user types them: combinations that mean nothing are refused in one line, setting
 * names in the platform's own spelling.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { tlscheck, worldArgs } from './helpers.js';

/** Aims at a DNS server that never answers, briefly: a run that should not have started ends fast. */
const NOWHERE = ['--resolver', '127.0.0.1:9', '--dns-timeout', '50'];

describe('an option that needs another one', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--fail-on-regression', 'a.test'], /--fail-on-regression needs --baseline/],
    [['--allow-undetermined', 'a.test'], /--allow-undetermined needs --require/],
    [['--restrict', 'a.test', 'a.test'], /--restrict needs --require/],
    [['--column', 'Email', 'a.test'], /--column needs --file/],
    [['-4', '-6', 'a.test'], /--ipv4-only .*--ipv6-only/],
    [['demo', '--fail-on-regression'], /--fail-on-regression needs --baseline/],
  ];
  for (const [args, message] of cases) {
    test(`tlscheck ${args.join(' ')}: refused in one line, exit 2`, async () => {
      const run = await tlscheck([...NOWHERE, ...args]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.equal(run.stdout, '');
    });
  }
});

describe('setting names', () => {
  let world: World;
  before(async () => {
    world = await startWorld(loadScenario(join(fixturesDir(), 'scenarios', 'demo.json')));
  });
  after(() => world.close());

  for (const spelling of ['Required Verify', 'RequiredVerify', 'required_verify', 'REQUIRED-VERIFY', ' required-verify ']) {
    test(`--require "${spelling}" is required-verify`, async () => {
      const run = await tlscheck(worldArgs(world, '--require', spelling, '--format', 'json', 'valid.test', 'selfsigned.test'));
      assert.equal(run.code, 1, run.stderr);
      assert.equal(JSON.parse(run.stdout).gate.setting, 'required-verify');
    });
  }

  test('a setting that is none of them: exit 2, naming the choices', async () => {
    const run = await tlscheck([...NOWHERE, '--require', 'Required Verfy', 'a.test']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--require must be one of preferred, required, preferred-verify, required-verify, got "Required Verfy"/);
  });
});
