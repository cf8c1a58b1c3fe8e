/**
 * fixtures/scenarios/hostile-smtp.json loads, is internally consistent, and its expectations
 * follow the settings rules (the verdicts themselves are checked in test/run/hostile-smtp.test.ts).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SETTING_NAMES } from '../factories.js';
import { pkiPath } from '../../src/world/fixtures.js';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';

const scenario = loadScenario(join(fixturesDir(), 'scenarios', 'hostile-smtp.json'));

describe('the hostile-smtp scenario', () => {
  test('every server is reachable through DNS, every domain has an MX, every certificate exists', () => {
    const referenced = new Set(scenario.dns.records.flatMap((r) => ('server' in r ? [r.server] : [])));
    assert.deepEqual([...referenced].sort(), Object.keys(scenario.servers).sort());
    const mxOwners = new Set(scenario.dns.records.filter((r) => r.type === 'MX').map((r) => r.name));
    for (const { domain } of scenario.domains) assert.ok(mxOwners.has(domain), domain);
    for (const [name, server] of Object.entries(scenario.servers)) {
      const id = server.behaviour.certificate;
      if (id !== undefined) assert.ok(existsSync(pkiPath(`${id}.chain.pem`)), `${name}: ${id}`);
    }
  });

  test('expectations follow the settings rules', () => {
    for (const { domain, expect } of scenario.domains) {
      const [p, r, pv, rv] = SETTING_NAMES.map((name) => expect[name]);
      if (r === 'tls') assert.ok(p === 'tls' || p === 'plaintext', domain);
      if (rv === 'verified-tls') assert.equal(r, 'tls', domain);
      if (pv === 'verified-tls') assert.equal(rv, 'verified-tls', domain);
      if (p === 'undetermined') assert.deepEqual([r, pv, rv], ['undetermined', 'undetermined', 'undetermined'], domain);
      assert.equal(expect.via !== null && expect.via !== undefined, r === 'tls', domain);
    }
  });

  test('the raw replies hold the bytes they are about (the JSON \\u escapes survived)', () => {
    const raw = (server: string) => scenario.servers[server]?.behaviour.rawReplies ?? {};
    assert.ok(raw('nulbyte').banner?.includes('\u0000'));
    assert.ok(raw('badutf8').banner?.includes('\u00ff'));
    assert.ok(raw('barelf').ehlo?.includes('\n') && !raw('barelf').ehlo?.includes('\r'));
    assert.ok(raw('ansi').banner?.includes('\u001b[2J'));
  });
});
