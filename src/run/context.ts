/**
 * Everything one run needs, passed explicitly: the resolver, the probe, the trust store, the
 * clock and the probe options. Tests and the demo build the same context as a real run.
 */
import type { Resolver } from '../dns/resolver.js';
import type { Timeouts } from '../model/limits.js';
import type { SettingName } from '../model/settings.js';
import type { ProbeObservation } from '../model/observation.js';
import type { ProbeTarget } from '../smtp/probe.js';
import type { TrustStore } from '../tls/trust-store.js';

export type { ProbeTarget };

export type Probe = (target: ProbeTarget) => Promise<ProbeObservation>;

export interface RunContext {
  resolver: Resolver;
  probe: Probe;
  trust: TrustStore;
  /** The clock certificates are judged against. */
  now: () => Date;
  /** The SMTP port dialled on every MX address (25 unless --port). */
  port: number;
  /** Address families this machine may use (a sending MTA without IPv6 skips AAAA addresses). */
  families: ReadonlySet<4 | 6>;
  timeouts: Timeouts;
  /** The setting the gate judges a domain under (--require, narrowed by --restrict); null without a gate. */
  gateSettingFor: (domain: string | null) => SettingName | null;
}
