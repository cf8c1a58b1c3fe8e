/**
 * `tlscheck demo`: start the built-in world on loopback (a DNS server and SMTP servers with
 * different TLS postures, from fixtures/scenarios/demo.json) and check every domain in it
 * through exactly the code path of a real run. Needs no network.
 */
import { join } from 'node:path';
import { DEFAULT_TIMEOUTS, type Timeouts } from '../model/limits.js';
import { targetFromText } from '../run/check-domain.js';
import { contextForWorld } from '../world/world-context.js';
import { fixturesDir, loadScenario } from '../world/scenario.js';
import { startWorld } from '../world/world.js';
import type { Io } from './io.js';
import type { CliOptions } from './options.js';
import { gateFromOptions } from './context-from-options.js';
import { runChecks } from './run.js';

/** Short deadlines: the demo's silent server should not keep a person waiting 30 s. */
const DEMO_TIMEOUTS: Timeouts = { ...DEFAULT_TIMEOUTS, phaseMs: 1_500, hostMs: 8_000, dnsQueryMs: 500, dnsAttempts: 2 };

export async function runDemo(options: CliOptions, io: Io, signal?: AbortSignal): Promise<number> {
  const scenario = loadScenario(join(fixturesDir(), 'scenarios', 'demo.json'));
  const world = await startWorld(scenario);
  try {
    const ctx = contextForWorld(world, DEMO_TIMEOUTS, { gate: gateFromOptions(options), policies: options.policies, signal });
    if (options.format === 'table' && options.output.length === 0) {
      io.stderr.write(
        `demo world: DNS on ${world.dns.host}:${world.dns.port}, SMTP servers on 127.0.0.x and [::1] port ${world.smtpPort}, test root CA ${world.caFile}\n`,
      );
    }
    const targets = scenario.domains.map((entry, index) => targetFromText(entry.domain, `demo.json domain ${index + 1}`));
    return await runChecks({ targets, warnings: [], traffic: new Map() }, ctx, options, io, signal);
  } finally {
    await world.close();
  }
}
