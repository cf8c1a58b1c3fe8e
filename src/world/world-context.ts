/**
 * The run context for a started world: its DNS server as the only resolver, its SMTP port, its
 * test root CA added to the trust store (verification stays on). The demo, the integration tests
 * and the bench use this, so they exercise exactly the code path of a real run.
 */
import type { Politeness, Timeouts } from '../model/limits.js';
import { makeRunContext, type ContextSettings, type RunContext } from '../run/run-context.js';
import type { World } from './world.js';

/** Loopback servers need no patience: one quick retry keeps the retry path exercised without slowing tests. */
export const WORLD_POLITENESS: Politeness = { perAddressConnections: 2, retries: 1, retryDelayMs: 50 };

export function contextForWorld(world: World, timeouts: Timeouts, extra: Partial<ContextSettings> = {}): RunContext {
  return makeRunContext({
    servers: [world.dns],
    port: world.smtpPort,
    caFiles: [world.caFile],
    helo: 'tlscheck.invalid',
    timeouts,
    families: new Set([4, 6]),
    politeness: WORLD_POLITENESS,
    policyPort: world.policyServer.port,
    ...extra,
  });
}
