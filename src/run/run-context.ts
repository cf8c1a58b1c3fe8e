/**
 * Everything one run needs, passed explicitly: the resolver, the probe, the trust store, the
 * clock, the probe options and the gate. The CLI, the demo, the bench and the tests all build it
 * through `makeRunContext`, so they exercise exactly the code path of a real run.
 */
import { DEFAULT_PROFILE } from '../model/profiles/index.js';
import { withMinTls, type Profile, type TlsVersion } from '../model/settings.js';
import { createResolver, type Resolver } from '../dns/resolver.js';
import { PromiseCache } from '../dns/promise-cache.js';
import { adBitTrusted } from '../dns/trust-ad.js';
import { DEFAULT_POLITENESS, LIMITS, type Politeness, type Timeouts } from '../model/limits.js';
import type { ProbeObservation } from '../model/observation.js';
import type { DomainTraffic, GateConfig } from '../model/report.js';
import { fetchStsPolicy, type PolicyFetch } from '../policy/sts-fetch.js';
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
  /** false with --no-policies: no MTA-STS, DANE or TLS-RPT lookups; every result's `policy` is null. */
  policies: boolean;
  /** The sender whose settings the verdicts are for (--profile, --min-tls). */
  profile: Profile;
  /** --tls-domain: the name a `configured` verification matches (Microsoft 365's TlsDomain); null when not given. */
  tlsDomain: string | null;
  /** --min-tls, already applied to `profile`; null when not given. */
  minTls: TlsVersion | null;
  /** The MTA-STS policy fetch of a domain, made once per run and shared (see sharedPolicyFetch). */
  fetchPolicy: (domain: string) => Promise<PolicyFetch>;
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
  /** false: --no-policies. */
  policies?: boolean;
  /** Default: salesforce. */
  profile?: Profile;
  tlsDomain?: string | null;
  minTls?: TlsVersion | null;
  /** Where MTA-STS policy hosts are dialled: 443, except in the test world (one loopback HTTPS server). */
  policyPort?: number;
}

/** RFC 8461 §3.3: the policy is fetched over HTTPS on its standard port. */
export const POLICY_HTTPS_PORT = 443;

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
  // Many domains share one MTA-STS hosting provider: their fetches queue per address like probes.
  const policyLimiter = new KeyedLimiter((settings.politeness ?? DEFAULT_POLITENESS).perAddressConnections);
  const resolver = createResolver({
    servers: settings.servers,
    timeoutMs: timeouts.dnsQueryMs,
    attempts: timeouts.dnsAttempts,
    schedule: (task) => dnsSlots.run('dns', task),
  });
  const now = settings.now ?? (() => new Date());
  const fetchPolicy = sharedPolicyFetch((domain) =>
    fetchStsPolicy(domain, {
      resolver,
      trust,
      now,
      port: settings.policyPort ?? POLICY_HTTPS_PORT,
      families: settings.families,
      // One phase's patience for the whole fetch: a policy host is a web server, not a tarpit.
      deadlineMs: timeouts.phaseMs,
      signal,
      perAddress: (address, connect) => policyLimiter.run(address, connect),
    }),
  );
  return {
    resolver,
    resolverTrusted: adBitTrusted(settings.servers, settings.trustAd ?? false),
    probe,
    trust,
    now,
    port: settings.port,
    families: settings.families,
    timeouts,
    gate: settings.gate ?? null,
    showAddresses: settings.showAddresses ?? false,
    warnDays: settings.warnDays ?? DEFAULT_WARN_DAYS,
    probing: settings.probing ?? true,
    traffic: settings.traffic ?? new Map(),
    policies: settings.policies ?? true,
    fetchPolicy,
    profile: settings.minTls ? withMinTls(settings.profile ?? DEFAULT_PROFILE, settings.minTls) : (settings.profile ?? DEFAULT_PROFILE),
    tlsDomain: settings.tlsDomain ?? null,
    minTls: settings.minTls ?? null,
  };
}

/** One fetch per domain per run (RFC 8461 §3.3 asks senders to cache, and a batch may name a domain twice). */
function sharedPolicyFetch(fetch: (domain: string) => Promise<PolicyFetch>): (domain: string) => Promise<PolicyFetch> {
  // Bounded like the DNS and probe caches: a run of 100,000 domains must not keep 100,000 policies.
  const fetched = new PromiseCache<PolicyFetch>(LIMITS.policyCachedFetches);
  return (domain) => fetched.get(domain, () => fetch(domain));
}
