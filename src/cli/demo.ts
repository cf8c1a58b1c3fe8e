/**
 * `tlscheck demo`: start the built-in world on loopback (a DNS server and SMTP servers with
 * different TLS postures, from fixtures/scenarios/demo.json) and check every domain in it
 * through exactly the code path of a real run. Needs no network.
 */
import { join } from 'node:path';
import { createResolver } from '../dns/resolver.js';
import type { Timeouts } from '../model/limits.js';
import { DEFAULT_TIMEOUTS } from '../model/limits.js';
import { sharedProbe } from '../run/probe-cache.js';
import type { RunContext } from '../run/context.js';
import { probeAddress } from '../smtp/probe.js';
import { loadTrustStore } from '../tls/trust-store.js';
import { fixturesDir, loadScenario } from '../world/scenario.js';
import { startWorld } from '../world/world.js';
import type { Io } from './io.js';
import type { CliOptions } from './options.js';
import { runChecks } from './run.js';

/** Short deadlines: the demo's silent server should not keep a person waiting 30 s. */
const DEMO_TIMEOUTS: Timeouts = { ...DEFAULT_TIMEOUTS, phaseMs: 1_500, hostMs: 8_000, dnsQueryMs: 500, dnsAttempts: 2 };

export async function runDemo(options: CliOptions, io: Io): Promise<number> {
  const scenario = loadScenario(join(fixturesDir(), 'scenarios', 'demo.json'));
  const world = await startWorld(scenario);
  try {
    const ctx: RunContext = {
      resolver: createResolver({ servers: [world.dns], timeoutMs: DEMO_TIMEOUTS.dnsQueryMs, attempts: DEMO_TIMEOUTS.dnsAttempts }),
      probe: sharedProbe((target) => probeAddress(target, { helo: 'tlscheck.invalid', timeouts: DEMO_TIMEOUTS })),
      trust: loadTrustStore([world.caFile]),
      now: () => new Date(),
      port: world.smtpPort,
      families: new Set([4, 6]),
      timeouts: DEMO_TIMEOUTS,
    };
    if (options.format === 'table') {
      io.stderr.write(`demo world: DNS on ${world.dns.host}:${world.dns.port}, SMTP servers on 127.0.0.x and [::1] port ${world.smtpPort}, test root CA ${world.caFile}\n`);
    }
    return await runChecks(scenario.domains.map((entry) => entry.domain), ctx, options, io);
  } finally {
    await world.close();
  }
}
