/**
 * Everything one run needs, passed explicitly: the resolver, the probe, the trust store, the
 * clock, the probe options and the gate. The CLI, the demo, the bench and the tests all build it
 * through `makeRunContext`, so they exercise exactly the code path of a real run.
 */
import { createResolver, type Resolver } from '../dns/resolver.js';
import { adBitTrusted } from '../dns/trust-ad.js';
import { DEFAULT_POLITENESS, LIMITS, type Politeness, type Timeouts } from '../model/limits.js';
import type { ProbeObservation } from '../model/observation.js';
import type { DomainTraffic, GateConfig } from '../model/report.js';
import { probeAddress, type ProbeTarget } from '../smtp/probe.js';
import { loadTrustStore, type TrustStore } from '../tls/trust-store.js';
import { DEFAULT_WARN_DAYS } from '../verdict/warnings.js';
import { KeyedLimiter } from './limiter.js';
import { politeProbe } from './polite-probe.js';

export type { ProbeTarget };

export type Probe = (target: ProbeTarget) => Promise<ProbeObservation>;

export interface RunContext {
  resolver: Resolver;
  /** Whether the resolver's AD bit (DNSSEC) is believed: all resolvers on loopback, or --trust-ad. */
  resolverTrusted: boolean;
  probe: Probe;
  trust: TrustStore;
  /** The clock certificates are judged against. */
  now: () => Date;
  /** The SMTP port dialled on every MX address (25 unless --port). */
  port: number;
  /** Address families this machine may use (a sending MTA without IPv6 skips AAAA addresses). */
  families: ReadonlySet<4 | 6>;
  timeouts: Timeouts;
  /** The CI gate (--require, --restrict), or null: each domain's gate setting comes from it. */
  gate: GateConfig | null;
  /** --show-addresses: results keep the input as typed; otherwise an e-mail address becomes its domain. */
  showAddresses: boolean;
  /** --warn-days: a certificate expiring sooner is warned about. */
  warnDays: number;
  /** false with --no-probe: no DNS query and no connection; every verdict is `not-probed`. */
  probing: boolean;
  /** What the Email Log Files say per normalised domain (--email-log); empty without logs. */
  traffic: ReadonlyMap<string, DomainTraffic>;
}

export interface ContextSettings {
  /** DNS servers to query. */
  servers: { host: string; port: number }[];
  /** --trust-ad: believe the AD bit of resolvers that are not on loopback. */
  trustAd?: boolean;
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
  showAddresses?: boolean;
  warnDays?: number;
  probing?: boolean;
  traffic?: ReadonlyMap<string, DomainTraffic>;
  /** DNS lookups in flight at once, run-wide (default LIMITS.dnsInFlight). */
  dnsInFlight?: number;
}

/** Throws `CaFileError` when a --ca-file cannot be read or parsed. */
export function makeRunContext(settings: ContextSettings): RunContext {
  const { timeouts, helo, signal } = settings;
  const trust = loadTrustStore(settings.caFiles);
  const probe = politeProbe(
    (target) => probeAddress(target, { helo, timeouts, signal, trust }),
    settings.politeness ?? DEFAULT_POLITENESS,
    signal,
  );
  // One key: a run-wide cap on lookups in flight, whatever the server.
  const dnsSlots = new KeyedLimiter(settings.dnsInFlight ?? LIMITS.dnsInFlight);
  return {
    resolver: createResolver({
      servers: settings.servers,
      timeoutMs: timeouts.dnsQueryMs,
      attempts: timeouts.dnsAttempts,
      schedule: (task) => dnsSlots.run('dns', task),
    }),
    resolverTrusted: adBitTrusted(settings.servers, settings.trustAd ?? false),
    probe,
    trust,
    now: settings.now ?? (() => new Date()),
    port: settings.port,
    families: settings.families,
    timeouts,
    gate: settings.gate ?? null,
    showAddresses: settings.showAddresses ?? false,
    warnDays: settings.warnDays ?? DEFAULT_WARN_DAYS,
    probing: settings.probing ?? true,
    traffic: settings.traffic ?? new Map(),
  };
}
