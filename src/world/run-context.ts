/**
 * The run context for a started world: its DNS server as the only resolver, its SMTP port, its
 * test root CA added to the trust store (verification stays on). The demo and the integration
 * tests use this, so they exercise exactly the code path of a real run.
 */
import type { Timeouts } from '../model/limits.js';
import type { RunContext } from '../run/context.js';
import { makeContext } from '../run/make-context.js';
import type { World } from './world.js';

export function contextForWorld(world: World, timeouts: Timeouts, now?: () => Date): RunContext {
  return makeContext({
    servers: [world.dns],
    port: world.smtpPort,
    caFiles: [world.caFile],
    helo: 'tlscheck.invalid',
    timeouts,
    families: new Set([4, 6]),
    now,
  });
}
