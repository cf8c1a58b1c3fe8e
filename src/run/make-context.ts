/** Assembles a run context from plain settings; the CLI, the demo and the tests all come through here. */
import { createResolver } from '../dns/resolver.js';
import type { Timeouts } from '../model/limits.js';
import { probeAddress } from '../smtp/probe.js';
import { loadTrustStore } from '../tls/trust-store.js';
import type { RunContext } from './context.js';
import { sharedProbe } from './probe-cache.js';

export interface ContextSettings {
  /** DNS servers to query. */
  servers: { host: string; port: number }[];
  /** SMTP port on every MX address. */
  port: number;
  /** Extra trusted CA files, added to Node's bundled public roots. */
  caFiles: string[];
  helo: string;
  timeouts: Timeouts;
  families: ReadonlySet<4 | 6>;
  now?: () => Date;
}

export function makeContext(settings: ContextSettings): RunContext {
  const { timeouts, helo } = settings;
  return {
    resolver: createResolver({ servers: settings.servers, timeoutMs: timeouts.dnsQueryMs, attempts: timeouts.dnsAttempts }),
    probe: sharedProbe((target) => probeAddress(target, { helo, timeouts })),
    trust: loadTrustStore(settings.caFiles),
    now: settings.now ?? (() => new Date()),
    port: settings.port,
    families: settings.families,
    timeouts,
  };
}
