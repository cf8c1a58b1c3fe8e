/**
 * `tlscheck demo`: start the built-in world on loopback (a DNS server and SMTP servers with
 * different TLS postures, from fixtures/scenarios/demo.json) and check every domain in it
 * through exactly the code path of a real run. Needs no network.
 *
 * With --email-log, the demo joins the log with its world as a real run joins a log with the
 * internet: the log's recipient domains are the targets. The world knows only its own domains, so
 * those of the log outside it are left out with a warning (and a log that names none of them is a
 * usage error): probing gmail.com in a world of *.test names would report a fiction.
 */
import { join } from 'node:path';
import { DEFAULT_TIMEOUTS, type Timeouts } from '../model/limits.js';
import { targetFromText } from '../run/check-domain.js';
import { contextForWorld } from '../world/world-context.js';
import { fixturesDir, loadScenario, type Scenario } from '../world/scenario.js';
import { startWorld } from '../world/world.js';
import { formatCount, plural } from '../text/words.js';
import { sanitize } from '../text/sanitize.js';
import type { Io } from './io.js';
import { parseRelayTarget } from '../input/relay-target.js';
import { UsageError, type CliOptions } from './options.js';
import { gateFromOptions } from './context-from-options.js';
import { runRelay, type RelayCliOptions } from './relay.js';
import { loadInputs, runChecks, type RunInputs } from './run.js';
import { runFacts } from './run-facts.js';

/** Short deadlines: the demo's silent server should not keep a person waiting 30 s. */
const DEMO_TIMEOUTS: Timeouts = { ...DEFAULT_TIMEOUTS, phaseMs: 1_500, hostMs: 8_000, dnsQueryMs: 500, dnsAttempts: 2 };

/** Log domains outside the world named in the warning; the rest are counted. */
const NAMED_OUTSIDE = 5;

export async function runDemo(options: CliOptions, io: Io, signal?: AbortSignal): Promise<number> {
  if (!options.probe && options.emailLog.length === 0)
    throw new UsageError('--no-probe reports from the Email Log Files alone: give at least one --email-log');
  const scenario = loadScenario(join(fixturesDir(), 'scenarios', 'demo.json'));
  // The log is read before the world starts: a log that cannot be joined costs no servers.
  const inputs = options.emailLog.length > 0 ? await logInputs(scenario, options, io) : demoInputs(scenario);
  const world = await startWorld(scenario);
  try {
    const ctx = contextForWorld(world, DEMO_TIMEOUTS, {
      gate: gateFromOptions(options),
      policies: options.policies,
      profile: options.profile,
      tlsDomain: options.tlsDomain,
      minTls: options.minTls,
      signal,
    });
    if (options.format === 'table' && options.output.length === 0) {
      io.stderr.write(
        `demo world: DNS on ${world.dns.host}:${world.dns.port}, SMTP servers on 127.0.0.x and [::1] port ${world.smtpPort}, test root CA ${world.caFile}\n`,
      );
    }
    return await runChecks(inputs, ctx, options, io, signal, { facts: runFacts(options, 'demo') });
  } finally {
    await world.close();
  }
}

function demoInputs(scenario: Scenario): RunInputs {
  const targets = scenario.domains.map((entry, index) => targetFromText(entry.domain, `demo.json domain ${index + 1}`, index));
  return { targets, warnings: [], traffic: new Map(), logReading: null };
}

/** The log's domains that are in the demo world, with their traffic; the others left out, said. */
async function logInputs(scenario: Scenario, options: CliOptions, io: Io): Promise<RunInputs> {
  const inputs = await loadInputs([], { ...options, file: [] }, io);
  const world = new Set(scenario.domains.map((entry) => entry.domain));
  const inside = inputs.targets.filter((target) => target.domain !== null && world.has(target.domain));
  const outside = inputs.targets.filter((target) => !inside.includes(target));
  if (inside.length === 0)
    throw new UsageError(
      `tlscheck demo --email-log joins a log with the demo world, and none of the log's ${plural(inputs.targets.length, 'domain')} is in it ` +
        `(the world's domains: ${[...world].slice(0, 4).join(', ')}, ...; see fixtures/email-logs/demo.csv); ` +
        'to probe the domains of your own log, run tlscheck --email-log <file> without demo',
    );
  const warnings = [...inputs.warnings];
  if (outside.length > 0) {
    const named = outside.slice(0, NAMED_OUTSIDE).map((target) => sanitize(target.domain ?? target.input, 80));
    const more = outside.length > NAMED_OUTSIDE ? ` and ${formatCount(outside.length - NAMED_OUTSIDE)} more` : '';
    warnings.push(
      `demo: ${plural(outside.length, 'log domain')} not in the demo world left out (${named.join(', ')}${more}); ` +
        'their traffic still counts in the log totals',
    );
  }
  return { ...inputs, targets: inside, warnings };
}

/**
 * `tlscheck demo relay`: the demo world's relay (the first of demo.json's `relays`) checked as
 * `tlscheck relay` would. Its server listens on the world's loopback port, not 25 or 587, so the
 * report carries the port warning a real relay on such a port would get.
 */
export async function runRelayDemo(options: CliOptions, relay: RelayCliOptions, io: Io, signal?: AbortSignal): Promise<number> {
  const scenario = loadScenario(join(fixturesDir(), 'scenarios', 'demo.json'));
  const entry = scenario.relays?.[0];
  const parsed = entry ? parseRelayTarget(entry.relay) : null;
  if (!parsed?.ok) throw new UsageError('the demo world has no relay');
  const world = await startWorld(scenario);
  try {
    const ctx = contextForWorld(world, DEMO_TIMEOUTS, { signal });
    if (options.format === 'table' && options.output.length === 0) {
      io.stderr.write(
        `demo world: relay ${parsed.target.host} on loopback port ${world.smtpPort} (a real relay listens on 25, 587, 10025 or 11025), DNS on ${world.dns.host}:${world.dns.port}, test root CA ${world.caFile}\n`,
      );
    }
    return await runRelay(parsed.target, world.smtpPort, { auth: relay.auth || entry?.auth === true }, ctx, options, io, signal);
  } finally {
    await world.close();
  }
}
