/**
 * The sender-profile table: every profile's settings against one receiver per case (no STARTTLS,
 * self-signed, expired, wrong name, a name for the recipient domain only, a name under it, TLS 1.0
 * only, MTA-STS enforce with a bad certificate, DANE-EE matching and stale, a wildcard over two
 * labels), through the whole pipeline on loopback. The expected cells are in
 * fixtures/scenarios/profiles.json, written from each platform's documentation (README "Sender
 * profiles"), not from this code's output.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_TIMEOUTS } from '../../src/model/limits.js';
import { PROFILES, SALESFORCE } from '../../src/model/profiles/index.js';
import type { DomainResult } from '../../src/model/report.js';
import { settingNames } from '../../src/model/settings.js';
import { runBatch } from '../../src/run/batch.js';
import { targetFromText } from '../../src/run/check-domain.js';
import { contextForWorld } from '../../src/world/world-context.js';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { outcome } from './expectations.js';

const TIMEOUTS = { ...DEFAULT_TIMEOUTS, phaseMs: 1_500, hostMs: 8_000, dnsQueryMs: 500, dnsAttempts: 2 };

describe('sender profiles against the profile world', () => {
  const scenario = loadScenario(join(fixturesDir(), 'scenarios', 'profiles.json'));
  let world: World;
  const results = new Map<string, Map<string, DomainResult>>();

  before(async () => {
    world = await startWorld(scenario);
    const targets = scenario.domains.map((d, i) => targetFromText(d.domain, `argument ${i + 1}`, i));
    for (const profile of PROFILES) {
      const checked = await runBatch(targets, contextForWorld(world, TIMEOUTS, { profile }), { concurrency: 8 });
      assert.equal(checked.notChecked, 0);
      results.set(profile.name, new Map(checked.results.map((result) => [result.input, result])));
    }
  });
  after(() => world.close());

  test('every profile is in the table, for every domain', () => {
    for (const entry of scenario.domains) {
      assert.deepEqual(
        Object.keys(entry.profiles ?? {}).sort(),
        PROFILES.filter((p) => p !== SALESFORCE)
          .map((p) => p.name)
          .sort(),
      );
    }
  });

  for (const profile of PROFILES) {
    describe(profile.name, () => {
      for (const entry of scenario.domains) {
        test(`${entry.domain}: ${entry.title ?? ''}`, () => {
          const result = results.get(profile.name)?.get(entry.domain);
          assert.ok(result, 'a result for every input');
          const expected = profile === SALESFORCE ? entry.expect : entry.profiles![profile.name]!;
          const names = settingNames(profile);
          assert.deepEqual(Object.keys(result.settings), names, 'settings in the profile order');
          const got = Object.fromEntries(names.map((name) => [name, outcome(result.settings[name]!)]));
          const want = Object.fromEntries(names.map((name) => [name, expected[name]]));
          assert.deepEqual(got, want);
        });
      }
    });
  }
});
