/**
 * What `npm pack` ships: what a user runs (the built CLI, the demo's scenario and the test PKI
 * files the demo serves), and nothing only the tests or the bench use.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';

const repo = join(fixturesDir(), '..');

function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repo, encoding: 'utf8' });
  const [pack] = JSON.parse(out) as { files: { path: string }[] }[];
  return (pack?.files ?? []).map((file) => file.path);
}

test('npm pack ships the CLI and what the demo needs, and no bench, tests or test-only fixtures', () => {
  const files = packedFiles();
  assert.ok(files.includes('bin/tlscheck.js'));
  assert.ok(files.includes('dist/src/cli/main.js'));
  // What bin/tlscheck.js loads (bin/bundle-loader.js): the bundle, V8's code cache of it, and the index of the bundled roots beside it.
  assert.ok(files.includes('dist/bundle/tlscheck.cjs'));
  assert.ok(files.includes('dist/bundle/tlscheck.cjs.cache'));
  assert.ok(files.includes('dist/bundle/roots-index.json'));
  assert.ok(files.includes('fixtures/scenarios/demo.json'));
  assert.ok(files.includes('fixtures/pki/root.pem'));
  const demo = loadScenario(join(fixturesDir(), 'scenarios', 'demo.json'));
  for (const server of Object.values(demo.servers)) {
    const id = server.behaviour.certificate;
    if (id === undefined) continue;
    assert.ok(files.includes(`fixtures/pki/${id}.key.pem`), `${id}.key.pem is shipped`);
    assert.ok(files.includes(`fixtures/pki/${id}.chain.pem`), `${id}.chain.pem is shipped`);
  }
  const unwanted = files.filter((file) => /(^|\/)(bench|test|hostile[^/]*|rogue-root[^/]*|generate\.mjs)(\/|$|\.)/.test(file));
  assert.deepEqual(unwanted, []);
  assert.deepEqual(
    files.filter((file) => !/^(bin\/|dist\/(src|bundle)\/|fixtures\/(pki|scenarios)\/|README\.md$|package\.json$|LICENSE)/.test(file)),
    [],
  );
});
