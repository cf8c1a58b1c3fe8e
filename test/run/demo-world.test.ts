/**
 * The whole pipeline (our DNS client -> SMTP probe -> TLS judgement -> verdict) against the demo
 * world on loopback. Each scenario domain states its expected verdict per setting in
 * fixtures/scenarios/demo.json; this test holds the code to them.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_TIMEOUTS } from '../../src/model/limits.js';
import type { DomainResult } from '../../src/model/report.js';
import { runBatch } from '../../src/run/batch.js';
import { targetFromText } from '../../src/run/check-domain.js';
import { contextForWorld } from '../../src/world/world-context.js';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { assertExpected } from './expectations.js';

// Generous for loopback: the multi-line banner arrives in 7-byte pieces and must not time out on a loaded CI machine.
const TIMEOUTS = { ...DEFAULT_TIMEOUTS, phaseMs: 1_500, hostMs: 8_000, dnsQueryMs: 500, dnsAttempts: 2 };

describe('demo world, end to end', () => {
  const scenario = loadScenario(join(fixturesDir(), 'scenarios', 'demo.json'));
  let world: World;
  const results = new Map<string, DomainResult>();

  before(async () => {
    world = await startWorld(scenario);
    const targets = scenario.domains.map((d, i) => targetFromText(d.domain, `argument ${i + 1}`, i));
    const checked = await runBatch(targets, contextForWorld(world, TIMEOUTS), { concurrency: 8 });
    assert.equal(checked.notChecked, 0);
    for (const result of checked.results) results.set(result.input, result);
  });
  after(() => world.close());

  for (const entry of scenario.domains) {
    test(`${entry.domain}: ${entry.title ?? ''}`, () => {
      const result = results.get(entry.domain);
      assert.ok(result, 'a result for every input');
      assertExpected(result, entry.expect);
    });
  }

  const address = (domain: string) => results.get(domain)?.mx[0]?.addresses[0];

  test('certificate details: incomplete chain is named as such, not just "untrusted"', () => {
    assert.equal(address('incomplete.test')?.certificate?.trustError, 'incomplete-chain');
    assert.deepEqual(results.get('incomplete.test')?.settings['required-verify'].reasons, ['certificate-incomplete-chain']);
  });

  test('certificate details: a name matching only the recipient domain verifies', () => {
    const cert = address('domainonly.test')?.certificate;
    assert.equal(cert?.matchesMx, false);
    assert.equal(cert?.matchesDomain, true);
  });

  test('failures carry their phase: silent server times out at the banner, refused at connect', () => {
    assert.deepEqual([address('silent.test')?.failure?.phase, address('silent.test')?.failure?.reason], ['banner', 'timeout']);
    assert.deepEqual(
      [address('refused.test')?.failure?.phase, address('refused.test')?.failure?.reason],
      ['connect', 'connection-refused'],
    );
  });

  test('a TLS 1.0-only server is found out and its version named', () => {
    const tls10 = address('tls10.test');
    assert.equal(tls10?.failure?.reason, 'tls-version-unsupported');
    assert.deepEqual(tls10?.legacyProtocols, ['TLSv1']);
  });

  test('the IPv6-only MX is probed on ::1', () => {
    assert.equal(address('ipv6.test')?.family, 6);
    assert.equal(address('ipv6.test')?.tls !== null, true);
  });

  test('the tool never sends mail: no MAIL/RCPT/DATA reached any server, and sessions end with QUIT', () => {
    const commands = Object.values(world.servers).flatMap((server) => server.stats.commands);
    assert.ok(commands.length > 0);
    assert.equal(commands.filter((line) => /^(MAIL|RCPT|DATA)\b/i.test(line)).length, 0);
    assert.ok(commands.some((line) => /^QUIT$/i.test(line)));
  });
});
