/** Assembles a run context from plain settings; the CLI, the demo, the bench and the tests all come through here. */
import { createResolver } from '../dns/resolver.js';
import { DEFAULT_POLITENESS, type Politeness, type Timeouts } from '../model/limits.js';
import type { GateConfig } from '../model/report.js';
import { probeAddress } from '../smtp/probe.js';
import { gateSettingFor } from '../verdict/restrict.js';
import { loadTrustStore } from '../tls/trust-store.js';
import type { RunContext } from './context.js';
import { politeProbe } from './polite-probe.js';

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
  politeness?: Politeness;
  /** The CI gate (--require, --restrict), or null. */
  gate?: GateConfig | null;
  /** Aborts every probe in flight (Ctrl-C). */
  signal?: AbortSignal;
  now?: () => Date;
}

export function makeContext(settings: ContextSettings): RunContext {
  const { timeouts, helo, signal } = settings;
  const trust = loadTrustStore(settings.caFiles);
  const probe = politeProbe(
    (target) => probeAddress(target, { helo, timeouts, signal, trust }),
    settings.politeness ?? DEFAULT_POLITENESS,
    signal,
  );
  return {
    resolver: createResolver({ servers: settings.servers, timeoutMs: timeouts.dnsQueryMs, attempts: timeouts.dnsAttempts }),
    probe,
    trust,
    now: settings.now ?? (() => new Date()),
    port: settings.port,
    families: settings.families,
    timeouts,
    gateSettingFor: (domain) => gateSettingFor(domain, settings.gate ?? null),
  };
}
