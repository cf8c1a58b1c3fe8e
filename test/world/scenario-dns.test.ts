/**
 * The DNS part of scenario files beyond plain records: per-name behaviours are validated with
 * every problem named, and reach the world's DNS zone.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { associationData } from '../../src/tls/tlsa-match.js';
import { pkiPath } from '../../src/world/fixtures.js';
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

describe('scenario DNSSEC and TLSA (DANE)', () => {
  const withDns = (dns: Record<string, unknown>): Record<string, unknown> => ({
    name: 't',
    servers: {},
    dns: { records: [], ...dns },
    domains: [],
  });

  test('TLSA data is hex or derived from a test certificate; _25._tcp. names move to the world SMTP port', () => {
    const scenario = parseScenario(
      withDns({
        records: [
          {
            name: '_25._tcp.mx.test',
            type: 'TLSA',
            data: { usage: 3, selector: 1, matchingType: 1, of: { certificate: 'wildcard', position: 0 } },
          },
          { name: 'keys.mx.test', type: 'TLSA', data: { usage: 2, selector: 0, matchingType: 0, certificate: 'abcd' } },
        ],
        signed: ['mx.test'],
        bogus: ['_25._tcp.mx.test'],
      }),
      'test',
    );
    const zone = zoneOf(scenario, {}, 2525);
    const leaf = new X509Certificate(readFileSync(pkiPath('wildcard.chain.pem'), 'utf8'));
    assert.deepEqual(zone.records, [
      {
        name: '_2525._tcp.mx.test',
        type: 'TLSA',
        data: { usage: 3, selector: 1, matchingType: 1, certificate: associationData(leaf.raw, 1, 1)!.toString('hex') },
      },
      { name: 'keys.mx.test', type: 'TLSA', data: { usage: 2, selector: 0, matchingType: 0, certificate: 'abcd' } },
    ]);
    assert.deepEqual([zone.signed, zone.bogus], [['mx.test'], ['_2525._tcp.mx.test']]);
  });

  test('every problem is named with its path', () => {
    assert.deepEqual(
      problemsOf(
        withDns({
          records: [
            { name: 'a.test', type: 'TLSA', data: { usage: 256, selector: 1, matchingType: 1, certificate: 'ABC' } },
            { name: 'b.test', type: 'TLSA', data: { usage: 3, selector: 1, matchingType: 1 } },
            { name: 'c.test', type: 'TLSA', data: { usage: 3, selector: 1, matchingType: 1, of: { certificate: 'x' } } },
          ],
          signed: 'a.test',
          bogus: [1],
        }),
      ),
      [
        'dns.records[0].data.usage: must be 0..255',
        'dns.records[0].data.certificate: must be lower-case hex',
        'dns.records[1].data: give either certificate or of',
        'dns.records[2].data.of: must be {"certificate": "<leaf id of fixtures/pki>", "position": n}',
        'dns.signed: must be an array of names',
        'dns.bogus: must be an array of names',
      ],
    );
  });
});
