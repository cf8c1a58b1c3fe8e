/**
 * `tlscheck relay` end to end on loopback: our DNS client -> SMTP probe on the relay's port ->
 * TLS judgement -> the five relay settings, against fixtures/scenarios/relays.json. Each relay
 * entry states its expected verdict per relay setting; this test holds the code to them, then
 * checks what the entries cannot say (AUTH seen, resolution, names matched, notes).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseRelayTarget } from '../../src/input/relay-target.js';
import { DEFAULT_TIMEOUTS } from '../../src/model/limits.js';
import type { RelayResult } from '../../src/model/relay.js';
import type { Report } from '../../src/model/report.js';
import { RELAY_SETTING_NAMES } from '../factories.js';
import { checkRelayRun } from '../../src/run/check-relay.js';
import { contextForWorld } from '../../src/world/world-context.js';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { outcome } from './expectations.js';

const TIMEOUTS = { ...DEFAULT_TIMEOUTS, phaseMs: 1_500, hostMs: 8_000, dnsQueryMs: 500, dnsAttempts: 2 };

describe('Email Relays, end to end', () => {
  const scenario = loadScenario(join(fixturesDir(), 'scenarios', 'relays.json'));
  let world: World;
  const reports = new Map<string, Report>();
  const key = (relay: string, auth: boolean) => `${relay}${auth ? ' --auth' : ''}`;

  before(async () => {
    world = await startWorld(scenario);
    // The relay's port is the one the world got (port 0), passed as the admin would type host:port.
    for (const entry of scenario.relays ?? []) {
      const parsed = parseRelayTarget(`${entry.relay}:${world.smtpPort}`);
      assert.ok(parsed.ok);
      const auth = entry.auth ?? false;
      const run = await checkRelayRun({ target: parsed.target, port: parsed.target.port ?? 25, auth }, contextForWorld(world, TIMEOUTS));
      reports.set(key(entry.relay, auth), run.report);
    }
  });
  after(() => world.close());

  const relay = (name: string, auth = false) => {
    const result = reports.get(key(name, auth))?.results[0];
    assert.ok(result && result.kind === 'relay', `a relay result for ${name}`);
    return result as RelayResult;
  };

  for (const entry of scenario.relays ?? []) {
    test(`${key(entry.relay, entry.auth ?? false)}: ${entry.title ?? ''}`, () => {
      const result = relay(entry.relay, entry.auth);
      const got = Object.fromEntries(RELAY_SETTING_NAMES.map((name) => [name, outcome(result.settings[name])]));
      assert.deepEqual(got, entry.expect);
      assert.equal(result.port, world.smtpPort);
    });
  }

  test('off sends plaintext although STARTTLS is offered; preferred uses it', () => {
    const result = relay('submission.wildcard.test');
    assert.equal(result.mx[0]?.addresses[0]?.starttls, true);
    assert.equal(result.settings.off.transport, 'plaintext');
    assert.equal(result.settings.preferred.transport, 'tls');
  });

  test('submission-style relay: AUTH seen only after STARTTLS, resolved by its A record', () => {
    const result = relay('submission.wildcard.test');
    assert.deepEqual(result.auth, { before: [], after: ['PLAIN', 'LOGIN'], required: false });
    assert.equal(result.resolvedVia, 'a');
    assert.deepEqual(result.warnings, []);
  });

  test('AUTH before STARTTLS is a warning naming the mechanisms and the address', () => {
    const result = relay('authbefore.wildcard.test');
    assert.deepEqual(result.auth.before, ['PLAIN', 'LOGIN']);
    assert.deepEqual(
      result.warnings.map((warning) => [warning.kind, warning.address]),
      [['auth-before-tls', '127.0.0.3']],
    );
  });

  test('--auth without PLAIN or LOGIN after TLS: required-verify fails with auth-not-offered', () => {
    const result = relay('cram.wildcard.test', true);
    assert.deepEqual(result.auth, { before: [], after: ['CRAM-MD5'], required: true });
    assert.deepEqual(result.settings['required-verify'].reasons, ['auth-not-offered']);
    assert.equal(result.gateSetting, null);
  });

  test('a relay name with MX records: resolved via mx; either name passing verifies', () => {
    const byMx = relay('relay.corp.test').mx[0]?.addresses[0]?.certificate;
    assert.equal(relay('relay.corp.test').resolvedVia, 'mx');
    assert.deepEqual([byMx?.matchesMx, byMx?.matchesDomain], [true, false]);
    const byName = relay('domainonly.test').mx[0]?.addresses[0]?.certificate;
    assert.deepEqual([byName?.matchesMx, byName?.matchesDomain], [false, true]);
    assert.deepEqual(relay('wrong.corp.test').settings['required-verify'].reasons, ['certificate-host-mismatch']);
  });

  test('a relay given by IP: relay-ip-literal, and a note suggesting the names of its certificate', () => {
    const result = relay('127.0.0.2');
    assert.equal(result.resolvedVia, 'ip-literal');
    assert.deepEqual(result.settings['required-verify'].reasons, ['relay-ip-literal']);
    const notes = reports.get(key('127.0.0.2', false))?.notes ?? [];
    assert.ok(
      notes.some((note) => note.includes('IP address') && note.includes('*.wildcard.test')),
      notes.join('\n'),
    );
  });

  test('AAAA: the IPv6 address is probed and shown, and said not to be used', () => {
    const result = relay('v6.corp.test');
    const families = result.mx[0]?.addresses.map((address) => [address.family, address.tls !== null]);
    assert.deepEqual(families, [
      [4, false],
      [6, true],
    ]);
    const notes = reports.get(key('v6.corp.test', false))?.notes ?? [];
    assert.ok(
      notes.some((note) => note.includes('::1') && note.includes('not used by Salesforce')),
      notes.join('\n'),
    );
  });

  test('every relay report says that some mail bypasses the relay, and how to check it', () => {
    for (const report of reports.values())
      assert.ok(report.notes.some((note) => note.includes('Web-to-Lead') && note.includes('tlscheck --require')));
  });

  test('a port outside the platform picklist is warned about', () => {
    const notes = reports.get(key('plain.corp.test', false))?.notes ?? [];
    assert.equal(notes.filter((note) => note.includes(`port ${world.smtpPort} is not one the platform offers`)).length, 1);
  });
});
