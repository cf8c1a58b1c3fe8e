/**
 * The shipped code cache is one V8 accepts when bin/tlscheck.js starts (a rejected cache costs a
 * one-domain run ~35 ms of compiling): same Node, and Node's own V8 flags both when the build made
 * it and when bin/tlscheck.js reads it (the CLI's heap flags are set after compiling).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixturesDir } from '../../src/world/scenario.js';

const loader = join(fixturesDir(), '..', 'bin', 'bundle-loader.js');

test('a fresh process compiling the bundle as bin/tlscheck.js does has its code cache accepted', () => {
  const script = `import(${JSON.stringify(loader)}).then(({ compileBundle }) => process.stdout.write(String(compileBundle().cachedDataRejected)))`;
  assert.equal(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }), 'false');
});
