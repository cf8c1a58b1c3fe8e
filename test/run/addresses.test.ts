/**
 * MX hosts with several addresses (fixtures/scenarios/addresses.json), end to end: an address
 * that refuses connections next to one that answers, on the same host and on another host. A
 * sender uses the address that answers; so must the verdict, and the run must not wait out the
 * back-off meant for a host that is not there at all.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Chalk } from 'chalk';
import { DEFAULT_POLITENESS, DEFAULT_TIMEOUTS } from '../../src/model/limits.js';
import type { DomainResult, Report } from '../../src/model/report.js';
import { renderTable } from '../../src/render/table.js';
import { runBatch } from '../../src/run/batch.js';
import { politeProbe } from '../../src/run/polite-probe.js';
import type { ProbeTarget } from '../../src/run/run-context.js';
import { probeAddress } from '../../src/smtp/probe.js';
import { checkDomain, targetFromText } from '../../src/run/check-domain.js';
import { contextForWorld } from '../../src/world/world-context.js';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { REFUSED_ADDRESS, startWorld, type World } from '../../src/world/world.js';
import { assertExpected } from './expectations.js';

const TIMEOUTS = { ...DEFAULT_TIMEOUTS, phaseMs: 1_500, hostMs: 8_000, dnsQueryMs: 500, dnsAttempts: 2 };

describe('MX hosts with a refusing address, end to end', () => {
  const scenario = loadScenario(join(fixturesDir(), 'scenarios', 'addresses.json'));
  let world: World;
  const results = new Map<string, DomainResult>();

  before(async () => {
    world = await startWorld(scenario);
    const targets = scenario.domains.map((d, i) => targetFromText(d.domain, `argument ${i + 1}`, i));
    const checked = await runBatch(targets, contextForWorld(world, TIMEOUTS), { concurrency: 4 });
    assert.equal(checked.notChecked, 0);
    for (const result of checked.results) results.set(result.input, result);
  });
  after(() => world.close());

  const get = (domain: string): DomainResult => {
    const result = results.get(domain);
    assert.ok(result, `a result for ${domain}`);
    return result;
  };

  for (const entry of scenario.domains) {
    test(`${entry.domain}: ${entry.title ?? ''}`, () => assertExpected(get(entry.domain), entry.expect));
  }

  test('the refusing address is reported as refused at connect, the answering one carries the mail', () => {
    const [refused, answering] = get('twoaddr.test').mx[0]?.addresses ?? [];
    assert.deepEqual(
      [refused?.address, refused?.connected, refused?.failure?.phase, refused?.failure?.reason],
      [REFUSED_ADDRESS, false, 'connect', 'connection-refused'],
    );
    assert.equal(get('twoaddr.test').settings.required.viaAddress, answering?.address);
    assert.deepEqual(get('twoaddr.test').settings.required.reasons, ['connection-refused']);
  });

  /** The "why" cell of the table's row for a setting, its wrapped lines joined. */
  const why = (domain: string, setting: string): string => {
    const report: Report = {
      schemaVersion: 1,
      generatedAt: '',
      profile: 'salesforce',
      results: [get(domain)],
      notes: [],
      gate: null,
      interrupted: null,
      baseline: null,
      traffic: null,
      shard: null,
      merged: null,
    };
    const rows = renderTable(report, { paint: new Chalk({ level: 0 }) })
      .split('\n')
      .filter((line) => line.includes('│'))
      .map((line) => line.split('│').map((cell) => cell.trim()));
    const at = rows.findIndex((cells) => cells[1] === setting);
    assert.ok(at >= 0, `a ${setting} row for ${domain}`);
    const lines = [rows[at]!];
    for (let next = at + 1; rows[next]?.[1] === ''; next++) lines.push(rows[next]!);
    return lines.map((cells) => cells.at(-2)).join(' ');
  };

  test('the table says which candidate a sender passed over: another address of the same host, or another MX host', () => {
    assert.equal(why('twoaddr.test', 'required'), 'another address of the same host: connection refused (a sender would retry)');
    assert.equal(why('otherhost.test', 'required-verify'), 'another MX host: connection refused (a sender would retry)');
    assert.match(why('both.test', 'required'), /^other MX hosts and another address of the same host: STARTTLS not offered;/);
  });

  test('with the real back-off (5 s, twice), a refused address next to an answering one is dialled once, not retried', async () => {
    const attempts = new Map<string, number>();
    const counted = (target: ProbeTarget) => {
      attempts.set(target.address, (attempts.get(target.address) ?? 0) + 1);
      return probeAddress(target, { helo: 'tlscheck.invalid', timeouts: TIMEOUTS });
    };
    const ctx = { ...contextForWorld(world, TIMEOUTS), probe: politeProbe(counted, DEFAULT_POLITENESS) };
    const result = await checkDomain(targetFromText('twoaddr.test', 'argument 1', 0), ctx);
    assert.equal(result.settings.required.deliverable, true);
    assert.equal(attempts.get(REFUSED_ADDRESS), 1);
  });
});
