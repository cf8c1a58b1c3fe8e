/**
 * The batch engine against real servers on loopback: per-address connection limit, one probe
 * per (address, MX host) shared by every domain, and an interrupted run.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_TIMEOUTS } from '../../src/model/limits.js';
import type { Target } from '../../src/model/target.js';
import { runBatch } from '../../src/run/batch.js';
import { targetFromText } from '../../src/run/check-domain.js';
import { contextForWorld } from '../../src/world/world-context.js';
import type { Scenario, ScenarioRecord } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';

const TIMEOUTS = { ...DEFAULT_TIMEOUTS, phaseMs: 2_000, hostMs: 10_000, dnsQueryMs: 500, dnsAttempts: 2 };
const OWN_MX = 30;
const SHARED = 40;

/** OWN_MX domains each with its own MX host name on one server; SHARED domains on one provider host. */
function scenario(): Scenario {
  const records: ScenarioRecord[] = [];
  for (let i = 0; i < OWN_MX; i++) {
    records.push({ name: `own${i}.test`, type: 'MX', data: { preference: 10, exchange: `mx.own${i}.test` } });
    records.push({ name: `mx.own${i}.test`, type: 'A', server: 'busy' });
  }
  for (let i = 0; i < SHARED; i++)
    records.push({ name: `shared${i}.test`, type: 'MX', data: { preference: 10, exchange: 'mx.provider.test' } });
  records.push({ name: 'mx.provider.test', type: 'A', server: 'provider' });
  const slowBanner = { bannerChunkBytes: 4, bannerChunkDelayMs: 5 };
  return {
    name: 'batch',
    servers: {
      busy: { family: 4, behaviour: { extensions: ['PIPELINING'], ...slowBanner } },
      provider: { family: 4, behaviour: { extensions: ['PIPELINING'] } },
    },
    dns: { records },
    domains: [],
  };
}

const targets = (prefix: string, count: number): Target[] =>
  Array.from({ length: count }, (_, i) => targetFromText(`${prefix}${i}.test`, `argument ${i + 1}`, i));

describe('batch engine', () => {
  let world: World;
  before(async () => {
    world = await startWorld(scenario());
  });
  after(() => world.close());

  test('at most --per-address connections to one MX address at a time, whatever the domain concurrency', async () => {
    const ctx = contextForWorld(world, TIMEOUTS, { politeness: { perAddressConnections: 3, retries: 0, retryDelayMs: 0 } });
    const outcome = await runBatch(targets('own', OWN_MX), ctx, { concurrency: 64 });
    assert.equal(outcome.results.length, OWN_MX);
    const stats = world.servers.busy?.stats;
    assert.equal(stats?.connections, OWN_MX, 'each distinct MX host name is its own probe');
    assert.ok((stats?.maxConcurrent ?? 0) <= 3, `max concurrent ${stats?.maxConcurrent}`);
    assert.ok((stats?.maxConcurrent ?? 0) >= 2, 'the limit is a limit, not serialisation');
    assert.ok(outcome.results.every((r) => r.settings.preferred.transport === 'plaintext'));
  });

  test('domains sharing one provider cost one probe, and every domain still gets its result', async () => {
    const ctx = contextForWorld(world, TIMEOUTS);
    const outcome = await runBatch(targets('shared', SHARED), ctx, { concurrency: 16 });
    assert.equal(outcome.results.length, SHARED);
    assert.equal(world.servers.provider?.stats.connections, 1);
    assert.deepEqual(
      outcome.results.map((r) => r.input),
      targets('shared', SHARED).map((t) => t.input),
      'results come back in input order',
    );
  });

  test('an interrupted run stops starting domains, keeps what completed, and counts the rest', async () => {
    const interrupt = new AbortController();
    const streamed: string[] = [];
    const ctx = contextForWorld(world, TIMEOUTS, { signal: interrupt.signal });
    const outcome = await runBatch(targets('own', OWN_MX), ctx, {
      concurrency: 2,
      signal: interrupt.signal,
      onResult: (result) => {
        streamed.push(result.input);
        if (streamed.length === 3) interrupt.abort();
      },
    });
    assert.equal(outcome.results.length, 3);
    assert.equal(outcome.notChecked, OWN_MX - 3);
    assert.deepEqual(outcome.results.map((r) => r.input).sort(), [...streamed].sort());
  });
});
