/**
 * Options as a user types them: combinations that mean nothing are refused in one line, setting
 * names in the platform's own spelling, --version, `help`, a hint for piped stdin, and colour as
 * chalk documents FORCE_COLOR.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { BIN, tlscheck, worldArgs } from './helpers.js';
import { inTerminal, PTY_MISSING } from './pty.js';

/** Aims at a DNS server that never answers, briefly: a run that should not have started ends fast. */
const NOWHERE = ['--resolver', '127.0.0.1:9', '--dns-timeout', '50'];
const ESCAPE = /\u001b\[/;

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
    assert.match(
      run.stderr,
      /--require must be a setting of the salesforce profile: preferred, required, preferred-verify, required-verify; got "Required Verfy"/,
    );
  });

  test('FORCE_COLOR=1 colours the table in a pipe; FORCE_COLOR=0 and NO_COLOR do not', async () => {
    const args = worldArgs(world, 'valid.test');
    assert.match((await tlscheck(args, { env: { NO_COLOR: '', FORCE_COLOR: '1' } })).stdout, ESCAPE);
    assert.match((await tlscheck(args, { env: { NO_COLOR: '1', FORCE_COLOR: '1' } })).stdout, ESCAPE, 'FORCE_COLOR overrides');
    assert.doesNotMatch((await tlscheck(args, { env: { NO_COLOR: '', FORCE_COLOR: '0' } })).stdout, ESCAPE);
    assert.doesNotMatch((await tlscheck(args, { env: { NO_COLOR: '' } })).stdout, ESCAPE, 'a pipe by default');
  });

  test('FORCE_COLOR=1 never colours an --output file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlscheck-colour-'));
    try {
      const out = join(dir, 'report.txt');
      const run = await tlscheck(worldArgs(world, '--output', out, 'valid.test'), { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(readFileSync(out, 'utf8'), ESCAPE);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('at a terminal: colour by default; FORCE_COLOR=0 or NO_COLOR turn it off', { skip: PTY_MISSING }, async () => {
    const report = async (env: Record<string, string>) => {
      // Only stdout on the screen: the report, not the spinner.
      const tty = inTerminal(worldArgs(world, 'valid.test'), { cols: 100, env, shell: 'echo tlscheck-pid=$$; exec $TLSCHECK 2>/dev/null' });
      try {
        assert.equal(await tty.exit(), 0);
        return tty.output();
      } finally {
        tty.kill();
      }
    };
    assert.match(await report({ NO_COLOR: '' }), ESCAPE);
    assert.doesNotMatch(await report({ NO_COLOR: '', FORCE_COLOR: '0' }), ESCAPE);
    assert.doesNotMatch(await report({ NO_COLOR: '1' }), ESCAPE);
  });
});

describe('help, version and stdin', () => {
  test('--version and -V print the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(BIN, '..', '..', 'package.json'), 'utf8'));
    for (const flag of ['--version', '-V']) {
      const run = await tlscheck([flag]);
      assert.equal(run.code, 0);
      assert.equal(run.stdout, `${version}\n`);
    }
  });

  test('`tlscheck help` shows the help instead of checking a domain called "help"', async () => {
    const run = await tlscheck(['help', ...NOWHERE]);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: tlscheck /);
    assert.match(run.stdout, /--require <setting>/);
  });

  test('`tlscheck help demo` shows the demo command', async () => {
    const run = await tlscheck(['help', 'demo']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: tlscheck demo/);
  });

  test('data piped into stdin without -f -: a one-line hint next to the usage error', async () => {
    const run = await tlscheck([], { stdin: 'acme.com\n' });
    assert.equal(run.code, 2);
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 2, run.stderr);
    assert.match(run.stderr, /no domain given/);
    assert.match(run.stderr, /-f -/);
  });

  test('an empty stdin gets no hint', async () => {
    const run = await tlscheck([]);
    assert.equal(run.code, 2);
    assert.doesNotMatch(run.stderr, /-f -/);
  });
});
