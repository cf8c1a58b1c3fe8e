/**
 * The DNS part of scenario files beyond plain records: per-name behaviours are validated with
 * every problem named, and reach the world's DNS zone.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fixturesDir, loadScenario, parseScenario } from '../../src/world/scenario.js';
import { assignAddresses, zoneOf } from '../../src/world/world.js';
import { problemsOf } from './helpers.js';

function withBehaviours(behaviours: unknown): Record<string, unknown> {
  return {
    name: 't',
    servers: {},
    dns: { records: [{ name: 'a.test', type: 'A', data: '192.0.2.1' }], behaviours },
    domains: [],
  };
}

describe('scenario dns.behaviours', () => {
  test('valid behaviours pass and reach the zone the DNS server answers from', () => {
    const behaviours = { 'a.test': { truncate: true, wrongIdFirst: false, wrongQuestionFirst: true, delayMs: 25 } };
    const scenario = parseScenario(withBehaviours(behaviours), 'test');
    assert.deepEqual(zoneOf(scenario, assignAddresses(scenario)).behaviours, behaviours);
  });

  test('every problem is named with its path', () => {
    assert.deepEqual(problemsOf(withBehaviours(['a.test'])), ['dns.behaviours: must be an object of names']);
    assert.deepEqual(
      problemsOf(
        withBehaviours({ 'Bad..Name': { truncate: true }, 'b.test': 'slow', 'c.test': { truncate: 'yes', delayMs: 1.5, tc: true } }),
      ),
      [
        'dns.behaviours.Bad..Name (the name): must be a lower-case ASCII name without a trailing dot',
        'dns.behaviours.b.test: must be an object',
        'dns.behaviours.c.test.truncate: must be true or false',
        'dns.behaviours.c.test.delayMs: must be a whole number >= 0',
        'dns.behaviours.c.test.tc: unknown field (truncate, wrongIdFirst, wrongQuestionFirst, delayMs)',
      ],
    );
  });

  test('the hostile-dns scenario loads, and every name with a behaviour is asked by some domain', () => {
    const scenario = loadScenario(join(fixturesDir(), 'scenarios', 'hostile-dns.json'));
    const named = new Set(scenario.dns.records.flatMap((r) => [r.name, ...(r.type === 'MX' ? [r.data.exchange] : [])]));
    for (const name of Object.keys(scenario.dns.behaviours ?? {})) assert.ok(named.has(name), name);
  });
});
