/**
 * The binary at a real terminal (a pseudo-terminal): keys typed while the progress display runs,
 * any window size (0 columns is what `script`, `docker run -t` and some CI agents report),
 * signals, and a pipe whose reader leaves. Each test bounds the run: a hang fails it instead of
 * stalling the suite.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { start, worldArgs } from './helpers.js';
import { inTerminal, KEY, PTY_MISSING, type Terminal } from './pty.js';

/** Far more than a run writes to the terminal; the 0-column bug wrote megabytes a second. */
const SANE_OUTPUT = 200_000;

let world: World;
before(async () => {
  world = await startWorld(loadScenario(join(fixturesDir(), 'scenarios', 'demo.json')));
});
after(() => world.close());

/** valid.test answers at once, silent.test never does: the run waits on it for 20 s. */
const slowRun = (...extra: string[]) => worldArgs(world, '--timeout', '20000', '--concurrency', '1', ...extra, 'valid.test', 'silent.test');

describe('at a terminal', { skip: PTY_MISSING }, () => {
  const open: Terminal[] = [];
  afterEach(() => {
    for (const terminal of open.splice(0)) terminal.kill();
  });
  const terminal = (args: string[], options: Parameters<typeof inTerminal>[1]) => {
    const opened = inTerminal(args, options);
    open.push(opened);
    return opened;
  };

  test('Ctrl-C typed while the spinner runs stops the run: the partial report, exit 130', async () => {
    const tty = terminal(slowRun(), { cols: 80 });
    await tty.waitFor(/1\/2 checked/);
    tty.type(KEY.ctrlC);
    assert.equal(await tty.exit(5_000), 130);
    assert.match(tty.output(), /valid\.test {2}✔ safe/);
    assert.match(tty.output(), /Interrupted: 1 target\(s\) not checked/);
    assert.match(tty.output(), /interrupted: 1 checked, 1 not checked/);
  });

  test('Ctrl-\\ typed while the spinner runs quits at once (SIGQUIT)', async () => {
    const tty = terminal(slowRun(), { cols: 80 });
    await tty.waitFor(/1\/2 checked/);
    tty.type(KEY.ctrlBackslash);
    assert.equal(await tty.exit(5_000), 131);
  });

  test('the terminal keeps its line discipline while the spinner runs, so Ctrl-Z suspends as usual', async () => {
    // Raw mode would clear isig (no Ctrl-C, Ctrl-Z, Ctrl-\ signals) and icanon.
    const tty = terminal(slowRun(), {
      cols: 80,
      shell: '$TLSCHECK </dev/tty & echo tlscheck-pid=$!; sleep 2; stty -a; kill -INT $!; wait $!',
    });
    assert.equal(await tty.exit(8_000), 130);
    const settings = tty.output().slice(tty.output().indexOf('speed'));
    assert.match(settings, /(^|\s)isig(\s|$)/);
    assert.match(settings, /(^|\s)icanon(\s|$)/);
  });

  test('Ctrl-C while targets are read from the terminal (-f -) stops at once, exit 130', async () => {
    const tty = terminal(worldArgs(world, '-f', '-'), { cols: 80 });
    await tty.waitFor(/end with Ctrl-D/);
    tty.type(KEY.ctrlC);
    assert.equal(await tty.exit(3_000), 130);
  });

  for (const cols of [0, 1, 80]) {
    test(`a ${cols}-column terminal: the run completes with its report and a sane amount of output`, async () => {
      const tty = terminal(worldArgs(world, 'valid.test', 'nostarttls.test', 'selfsigned.test'), { cols, rows: cols === 0 ? 0 : 24 });
      assert.equal(await tty.exit(15_000), 0);
      assert.ok(tty.output().length < SANE_OUTPUT, `${tty.output().length} characters`);
      assert.match(tty.output(), /valid\.test {2}✔ safe/);
    });
  }

  test('the window shrinks to 0 and then 1 column mid-run: no runaway output, Ctrl-C still works', async () => {
    const tty = terminal(slowRun(), {
      cols: 80,
      shell: '$TLSCHECK & echo tlscheck-pid=$!; sleep 1.5; stty cols 0; sleep 0.5; stty cols 1; sleep 0.5; kill -INT $!; wait $!',
    });
    assert.equal(await tty.exit(8_000), 130);
    assert.ok(tty.output().length < SANE_OUTPUT, `${tty.output().length} characters`);
    // Broken to the narrowest width laid out (40 columns), as every tlscheck line on stderr.
    assert.match(tty.output(), /interrupted:\s+1\s+checked,\s+1\s+not\s+checked/);
  });

  test('SIGTERM ends a run at a 0-column terminal promptly: the partial report, exit 143', async () => {
    const tty = terminal(slowRun(), {
      cols: 0,
      rows: 0,
      shell: '$TLSCHECK & echo tlscheck-pid=$!; sleep 1.5; kill -TERM $!; wait $!',
    });
    assert.equal(await tty.exit(6_000), 143);
    assert.match(tty.output(), /interrupted: \d checked, \d not checked/);
  });
});

test('SIGTERM without a terminal (timeout, docker stop, a cancelled CI job): the partial report, exit 143', async () => {
  const child = start(slowRun('--format', 'json'));
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const started = Date.now();
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  assert.equal(code, 143, stderr);
  assert.ok(Date.now() - started < 3_000);
  assert.deepEqual(JSON.parse(stdout).interrupted, { notChecked: 1 });
});

test('the reader of a pipe goes away (tlscheck … | head): exit 141 without a stack trace', async () => {
  const child = start(worldArgs(world, 'valid.test'));
  child.stdout?.destroy();
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const [code] = await once(child, 'exit');
  assert.equal(code, 141, stderr);
  assert.doesNotMatch(stderr, /EPIPE|\n\s+at /);
});
