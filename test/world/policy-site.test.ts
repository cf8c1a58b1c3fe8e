/** A scenario's policySites: every problem named, and the A records the world adds for them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validatePolicySites } from '../../src/world/policy-site.js';
import { parseScenario, ScenarioError } from '../../src/world/scenario.js';
import { POLICY_ADDRESS, zoneOf } from '../../src/world/world.js';

test('a valid site passes; each bad field is named', () => {
  assert.deepEqual(
    validatePolicySites(
      { 'mta-sts.a.test': { certificate: 'mta-sts', status: 301, location: 'https://x.test/', padBytes: 10 } },
      'policySites',
    ),
    [],
  );
  const problems = validatePolicySites(
    {
      'MTA-STS.A.TEST': { certificate: 'mta-sts' },
      'mta-sts.b.test': { certificate: '../root', status: 99, contentType: 3, body: 1, delayMs: -1, extra: true },
      'mta-sts.c.test': 'text',
    },
    'policySites',
  );
  for (const expected of [
    /MTA-STS\.A\.TEST: the key must be a lower-case host name/,
    /mta-sts\.b\.test\.certificate: must be a leaf id/,
    /mta-sts\.b\.test\.status: must be an HTTP status/,
    /mta-sts\.b\.test\.contentType: must be a string or null/,
    /mta-sts\.b\.test\.body: must be a string/,
    /mta-sts\.b\.test\.delayMs: must be a whole number/,
    /mta-sts\.b\.test\.extra: unknown field/,
    /mta-sts\.c\.test: must be an object/,
  ]) {
    assert.ok(
      problems.some((p) => expected.test(p)),
      `${expected} in ${problems.join(' / ')}`,
    );
  }
});

test('a scenario with bad policySites is refused; a good one gets an A record per site unless it gives one', () => {
  const base = { name: 'x', servers: {}, dns: { records: [{ name: 'mta-sts.own.test', type: 'A', data: '127.0.0.9' }] }, domains: [] };
  assert.throws(() => parseScenario({ ...base, policySites: { 'mta-sts.a.test': {} } }, 'x.json'), ScenarioError);
  const scenario = parseScenario(
    { ...base, policySites: { 'mta-sts.a.test': { certificate: 'mta-sts' }, 'mta-sts.own.test': { certificate: 'mta-sts' } } },
    'x.json',
  );
  const zone = zoneOf(scenario, {});
  assert.deepEqual(
    zone.records.filter((r) => r.type === 'A'),
    [
      { name: 'mta-sts.own.test', type: 'A', data: '127.0.0.9' },
      { name: 'mta-sts.a.test', type: 'A', data: POLICY_ADDRESS },
    ],
  );
});
