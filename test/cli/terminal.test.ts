/**
 * The binary at a real terminal (a pseudo-terminal): keys typed while the progress display runs.
 * Each test bounds the run: a hang fails it instead of stalling the suite.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { worldArgs } from './helpers.js';
import { inTerminal, KEY, PTY_MISSING, type Terminal } from './pty.js';

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
});
