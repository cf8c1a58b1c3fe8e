/**
 * `tlscheck relay` as a user runs it: the built binary against the relays world on loopback
 * (fixtures/scenarios/relays.json), the relay's port typed as host:port. Exit codes, the gate
 * with --require and --auth, the usage errors, and every format.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EXIT } from '../../src/model/exit-codes.js';
import { FORMATS } from '../../src/render/index.js';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { tlscheck } from './helpers.js';

describe('tlscheck relay', () => {
  let world: World;
  before(async () => {
    world = await startWorld(loadScenario(join(fixturesDir(), 'scenarios', 'relays.json')));
  });
  after(() => world.close());

  const relay = (host: string, ...rest: string[]) =>
    tlscheck([
      'relay',
      `${host}:${world.smtpPort}`,
      '--resolver',
      `${world.dns.host}:${world.dns.port}`,
      '--ca-file',
      world.caFile,
      '--timeout',
      '1000',
      '--retry-delay',
      '10',
      ...rest,
    ]);

  test('the table answers "can the relay be set to X?" in its headline, and lists the five settings', async () => {
    const run = await relay('wrong.corp.test', '--require', 'required');
    assert.equal(run.code, EXIT.ok, run.stderr);
    assert.match(run.stdout, /can the relay be set to required\? yes: TLS via wrong\.corp\.test/);
    for (const name of ['off', 'preferred', 'required', 'preferred-verify', 'required-verify'])
      assert.match(run.stdout, new RegExp(`│ ${name} `));
    assert.match(run.stderr, /gate required: PASS, the relay wrong\.corp\.test:\d+ takes mail under required/);
  });

  test('--require required-verify fails (exit 1) on a certificate that names neither host', async () => {
    const run = await relay('wrong.corp.test', '--require', 'Required Verify');
    assert.equal(run.code, EXIT.gateFailed);
    assert.match(run.stdout, /can the relay be set to required-verify\? no: .*the strictest setting that works: required/);
    assert.match(run.stderr, /gate required-verify: FAIL, the relay wrong\.corp\.test:\d+ would not take mail under required-verify/);
  });

  test('--require off passes for a relay without STARTTLS; --require required fails', async () => {
    assert.equal((await relay('plain.corp.test', '--require', 'off')).code, EXIT.ok);
    assert.equal((await relay('plain.corp.test', '--require', 'required')).code, EXIT.gateFailed);
  });

  test('--auth gates on required-verify with PLAIN or LOGIN after TLS', async () => {
    const ok = await relay('submission.wildcard.test', '--auth');
    assert.equal(ok.code, EXIT.ok, ok.stderr);
    assert.match(ok.stdout, /AUTH before STARTTLS: none {3}after STARTTLS: PLAIN LOGIN/);
    const cram = await relay('cram.wildcard.test', '--auth');
    assert.equal(cram.code, EXIT.gateFailed);
    assert.match(cram.stdout, /with SMTP authentication\? no: SMTP authentication: neither AUTH PLAIN nor AUTH LOGIN/);
  });

  test('the JSON entry: kind relay, port, resolvedVia, auth, five settings; one element of results', async () => {
    const run = await relay('127.0.0.2', '--format', 'json');
    assert.equal(run.code, EXIT.ok, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.results.length, 1);
    const [result] = report.results;
    assert.equal(result.kind, 'relay');
    assert.equal(result.domain, '127.0.0.2');
    assert.equal(result.port, world.smtpPort);
    assert.equal(result.resolvedVia, 'ip-literal');
    assert.deepEqual(result.auth, { before: [], after: ['PLAIN', 'LOGIN'], required: false });
    assert.deepEqual(Object.keys(result.settings), ['off', 'preferred', 'required', 'preferred-verify', 'required-verify']);
    assert.deepEqual(result.settings['required-verify'].reasons, ['relay-ip-literal']);
  });

  test('every format renders the relay', async () => {
    for (const format of FORMATS) {
      const run = await relay('authbefore.wildcard.test', '--format', format);
      assert.equal(run.code, EXIT.ok, `${format}: ${run.stderr}`);
      assert.match(run.stdout, /authbefore\.wildcard\.test/, format);
    }
    const ndjson = await relay('authbefore.wildcard.test', '--format', 'ndjson');
    const [line, end] = ndjson.stdout
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text));
    assert.equal(line.kind, 'relay');
    assert.equal(line.warnings[0].kind, 'auth-before-tls');
    assert.equal(end.type, 'report');
    assert.equal(end.resultLines, 1);

    // The HTML page answers for the relay in its own section, not with the recipient-domain answer.
    const html = (await relay('authbefore.wildcard.test', '--format', 'html')).stdout;
    assert.match(html, /<h2 id="relay-title">The Email Relay<\/h2>/);
    assert.match(html, /can the relay be set to required-verify\? yes/);
    for (const name of ['off', 'preferred', 'required', 'preferred-verify', 'required-verify'])
      assert.match(html, new RegExp(`<th scope="row">${name}</th>`), name);
    assert.match(html, /AUTH before STARTTLS: PLAIN LOGIN; after STARTTLS: PLAIN LOGIN/);
    assert.ok(!html.includes('id="domains-section"'), 'no recipient-domain rows in a relay report');
  });

  test('usage errors (exit 2): --require off for domains, --auth against another --require, domain-only options, a bad port', async () => {
    const off = await tlscheck(['--require', 'off', 'example.test']);
    assert.equal(off.code, EXIT.usage);
    assert.match(off.stderr, /--require off is a setting of the Email Relay hop only/);
    const contradiction = await relay('submission.wildcard.test', '--auth', '--require', 'required');
    assert.equal(contradiction.code, EXIT.usage);
    assert.match(contradiction.stderr, /forces required-verify/);
    assert.equal((await relay('submission.wildcard.test', '--restrict', 'a.test', '--require', 'required')).code, EXIT.usage);
    const port = await tlscheck(['relay', 'smtp.example.test:70000']);
    assert.equal(port.code, EXIT.usage);
    assert.match(port.stderr, /relay port must be a whole number/);
    const auth = await tlscheck(['--auth', 'example.test']);
    assert.equal(auth.code, EXIT.usage);
  });
});

describe('tlscheck demo relay', () => {
  test('checks the demo world relay: all five settings work, AUTH only after TLS', async () => {
    const run = await tlscheck(['demo', 'relay', '--require', 'required-verify']);
    assert.equal(run.code, EXIT.ok, run.stderr);
    assert.match(
      run.stdout,
      /relay relay\.wildcard\.test:\d+ {2}✔ can the relay be set to required-verify\? yes: verified TLS via smtp\.wildcard\.test/,
    );
    assert.match(run.stdout, /Web-to-Lead/);
  });
});
