/**
 * The built binary, spawned as a user would run it: exit codes, usage errors, JSON output and
 * the gate, against a world started in this process.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { tlscheck, worldArgs } from './helpers.js';

describe('usage', () => {
  test('--help explains the tool, its options and exit codes', async () => {
    const run = await tlscheck(['--help']);
    assert.equal(run.code, 0);
    for (const text of ['--require <setting>', '--format <format>', '--resolver', 'Exit codes', 'demo'])
      assert.ok(run.stdout.includes(text), text);
  });

  test('no target: one-line message, exit 2', async () => {
    const run = await tlscheck([]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /no domain given/);
  });

  test('bad option values: exit 2 with the reason', async () => {
    assert.equal((await tlscheck(['--require', 'sometimes', 'a.test'])).code, 2);
    const port = await tlscheck(['--port', 'x', 'a.test']);
    assert.equal(port.code, 2);
    assert.match(port.stderr, /--port must be a whole number/);
    const ca = await tlscheck(['--ca-file', '/nonexistent.pem', '--resolver', '127.0.0.1:9', 'a.test']);
    assert.equal(ca.code, 2);
    assert.match(ca.stderr, /nonexistent\.pem/);
  });
});

describe('against a world', () => {
  let world: World;
  before(async () => {
    world = await startWorld(loadScenario(join(fixturesDir(), 'scenarios', 'demo.json')));
  });
  after(() => world.close());

  const args = (...rest: string[]) => worldArgs(world, ...rest);

  test('contact addresses stay out of every report unless --show-addresses', async () => {
    for (const format of ['table', 'json', 'ndjson', 'csv', 'junit', 'markdown']) {
      const run = await tlscheck(args('--format', format, '--require', 'required', 'carol.smith@valid.test', 'dave@@nostarttls.test'));
      assert.doesNotMatch(run.stdout, /carol|dave/, format);
      assert.match(run.stdout, /valid\.test/, format);
    }
    const shown = await tlscheck(args('--format', 'json', '--show-addresses', 'carol.smith@valid.test'));
    assert.match(shown.stdout, /carol\.smith@valid\.test/);
  });

  test('JSON: schemaVersion 1, one entry per input in input order, absent parts null', async () => {
    const run = await tlscheck(args('--format', 'json', '--show-addresses', 'user@Valid.test', 'nostarttls.test', 'not a domain'));
    assert.equal(run.code, 0);
    const report = JSON.parse(run.stdout);
    assert.equal(report.schemaVersion, 1);
    assert.deepEqual(
      report.results.map((r: { input: string }) => r.input),
      ['user@Valid.test', 'nostarttls.test', 'not a domain'],
    );
    const [valid, plain, invalid] = report.results;
    assert.equal(valid.domain, 'valid.test');
    assert.deepEqual(valid.settings['required-verify'], {
      deliverable: true,
      transport: 'verified-tls',
      via: 'mx.valid.test',
      viaAddress: valid.mx[0].addresses[0].address,
      reasons: [],
    });
    assert.equal(valid.mx[0].addresses[0].certificate.trusted, true);
    assert.equal(plain.mx[0].addresses[0].certificate, null);
    assert.equal(plain.mx[0].addresses[0].tls, null);
    assert.deepEqual(plain.settings.required.reasons, ['starttls-not-supported']);
    assert.equal(invalid.domain, null);
    assert.deepEqual(invalid.settings.preferred.reasons, ['invalid-input']);
  });

  test('gate: exit 0 when every domain holds, 1 when one would stop, 3 when one is undetermined', async () => {
    assert.equal((await tlscheck(args('--require', 'required', 'valid.test', 'selfsigned.test'))).code, 0);
    assert.equal((await tlscheck(args('--require', 'required-verify', 'valid.test', 'selfsigned.test'))).code, 1);
    assert.equal((await tlscheck(args('--require', 'required', 'valid.test', 'nostarttls.test'))).code, 1);
    assert.equal((await tlscheck(args('--require', 'required', 'valid.test', 'silent.test'))).code, 3);
    assert.equal((await tlscheck(args('--require', 'required', '--allow-undetermined', 'valid.test', 'silent.test'))).code, 0);
  });

  test('table: the headline says whether Required breaks the domain, without colour when NO_COLOR is set', async () => {
    const run = await tlscheck(args('nostarttls.test', 'valid.test'));
    assert.equal(run.code, 0);
    assert.match(run.stdout, /nostarttls\.test {2}✘ mail stops under Required: STARTTLS not offered/);
    assert.match(run.stdout, /valid\.test {2}✔ safe/);
    assert.doesNotMatch(run.stdout, /\u001b\[/);
  });
});

describe('demo', () => {
  test('runs the built-in world with no network and shows every verdict kind', async () => {
    const run = await tlscheck(['demo', '--format', 'json']);
    assert.equal(run.code, 0);
    const report = JSON.parse(run.stdout);
    const kinds = new Set<string>();
    for (const result of report.results) {
      for (const verdict of Object.values(result.settings) as Array<{ deliverable: boolean | null; transport: string | null }>) {
        kinds.add(verdict.deliverable === null ? 'undetermined' : verdict.deliverable ? (verdict.transport ?? '') : 'not-delivered');
      }
    }
    assert.deepEqual([...kinds].sort(), ['not-delivered', 'plaintext', 'tls', 'undetermined', 'verified-tls']);
  });
});
