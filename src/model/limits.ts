/**
 * Every deadline and size cap, in one place. Deadlines are absolute per phase (an idle timeout
 * never fires against a server that drips a byte a second); caps bound memory against servers
 * that never stop talking.
 */

export interface Timeouts {
  /** Deadline of each SMTP/TLS phase (connect, banner, each reply, the handshake), ms. */
  phaseMs: number;
  /** Deadline of one whole probe of one address (all phases together), ms. */
  hostMs: number;
  /** Deadline of one DNS query attempt, ms. */
  dnsQueryMs: number;
  /** Attempts per DNS query (per server, round-robin) before giving up with dns-timeout. */
  dnsAttempts: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  // Postfix's smtp_helo_timeout is 300 s; postscreen greet delays are ~6-15 s. 30 s per phase is
  // patient enough for greet-delaying servers and still bounds a tarpit.
  phaseMs: 30_000,
  hostMs: 90_000,
  dnsQueryMs: 2_000,
  dnsAttempts: 3,
};

/**
 * How hard we lean on one server. Checkers that open many connections to one provider get
 * throttled (421, tarpits) and then misreport: the peers' biggest source of wrong results.
 */
export interface Politeness {
  /** Simultaneous connections to one MX address, across all domains of the run. */
  perAddressConnections: number;
  /** Extra attempts after a 421 or a refused connection, with exponential back-off. */
  retries: number;
  /** First back-off delay in ms (doubled each retry, with ±50 % jitter). */
  retryDelayMs: number;
}

export const DEFAULT_POLITENESS: Politeness = {
  // zgrab2 limits itself to ~20 connections/s per target IP; 2 at a time is gentler still.
  perAddressConnections: 2,
  retries: 2,
  retryDelayMs: 5_000,
};

export const LIMITS = {
  /** Longest SMTP reply line we buffer (RFC 5321 §4.5.3.1.5 says 512 octets incl. CRLF). */
  maxLineBytes: 4096,
  /** Most lines in one multi-line reply. */
  maxReplyLines: 200,
  /** Most certificates of a sent chain we keep. */
  maxChainLength: 10,
  /** Most MX records considered per domain. */
  maxMxHosts: 20,
  /** Most addresses probed per MX host. */
  maxAddressesPerHost: 8,
  /** CNAME chain length followed before giving up. */
  maxCnameChain: 8,
  /**
   * DNS lookups in flight at once, run-wide. A batch has up to --concurrency domains in flight,
   * each asking MX then A and AAAA of every host: uncapped, hundreds of questions at once reach a
   * home router or a system resolver, which drops them (and the domains time out).
   */
  dnsInFlight: 64,
  /** Settled DNS answers remembered (pending questions are always kept): provider hosts stay, the rest go. */
  dnsCachedAnswers: 10_000,
  /** Settled probe observations remembered (probes in flight are always kept); each holds a certificate chain. */
  probeCachedObservations: 2_000,
  /**
   * MX hosts remembered as having answered SMTP (a refused sibling address is then not retried):
   * the most recent ones, as many as the probe cache keeps observations.
   */
  answeredHostsRemembered: 2_000,
  /** Settled MTA-STS policy fetches remembered (fetches in flight are always kept): a batch names each domain once. */
  policyCachedFetches: 1_000,
} as const;

/** Domains checked at the same time (--concurrency). */
export const DEFAULT_CONCURRENCY = 64;
