/**
 * What the platform's Email Log Files say it did for one recipient domain in the log period.
 * Each delivery is one (Internal Message ID, recipient) pair, judged by its external hop (the D
 * row whose TLS_Cipher is not `None`); an internal hand-off between the platform's own servers is
 * no delivery. JSON contract: times are ISO 8601 in UTC; absent ones are null.
 */
export interface DomainTraffic {
  /** Messages delivered to the domain's servers (one per message and recipient). */
  deliveries: number;
  /** Of those, over TLS (a `version:cipher` TLS_Cipher). */
  tls: number;
  /** Of the TLS ones, TLS_Verified said `Verified` (meaningful only under a Verify setting). */
  verified: number;
  /** Of the TLS ones, TLS_Verified said `Unverified`. */
  unverified: number;
  /** Of the deliveries, in plaintext (TLS_Cipher `:`). */
  plaintext: number;
  /** Messages (per recipient) with at least one T row: a transient failure, retried for 24 hours. */
  transientFailures: number;
  /** Messages (per recipient) with a P row: bounced. */
  permanentFailures: number;
  /** First and last row for the domain in the logs. */
  firstSeen: string | null;
  lastSeen: string | null;
  /** The latest plaintext delivery; null when there was none. */
  lastPlaintext: string | null;
  /**
   * TLS deliveries per protocol version as TLS_Cipher named it (`{"TLSv1.2": 40, "TLSv1.3": 2}`);
   * a name that is not a plain version word counts under `other`.
   */
  tlsVersions: Record<string, number>;
  /** Failures by kind and Delivery Stage, most first; at most MAX_FAILURE_REASONS entries. */
  failureReasons: FailureReason[];
}

/** Distinct failure reasons kept per domain: a log of odd stage texts must not fill memory. */
export const MAX_FAILURE_REASONS = 6;
/** Distinct TLS versions kept per domain (and run); the rest count under `other`. */
export const MAX_TLS_VERSIONS = 6;
/** The reason under which the failures beyond MAX_FAILURE_REASONS - 1 distinct ones are counted. */
export const OTHER_REASONS = '(other reasons)';

export const FAILURE_KINDS = ['transient', 'permanent'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface FailureReason {
  /** `transient` (a T row: retried for 24 hours) or `permanent` (a P row: bounced). */
  kind: FailureKind;
  /**
   * The Delivery Stage of the failure as the log wrote it (untrusted text, e.g. "during RCPT TO"),
   * null when the log did not say; `(other reasons)` for those beyond the kept ones.
   */
  reason: string | null;
  /** Messages (per recipient) that failed so. */
  count: number;
}

/**
 * The run-wide totals of the Email Log Files (the report's top-level `traffic`; null without
 * --email-log): what was read, and the figures of every domain in the logs added up.
 */
export interface TrafficSummary {
  /** Files read (the same file given twice counts once). */
  files: number;
  /** Data rows read (header rows and blank lines aside), used or not. */
  rowsRead: number;
  /** Rows that could not be used (a broken quote, an unknown Mail Event, ...): each reported with its line. */
  rowsSkipped: number;
  /** Rows to the platform's own warm-up address: not customer mail, left out. */
  warmUpRows: number;
  /** Recipient domains in the logs. */
  domains: number;
  /** Of those, domains that received at least one message in plaintext. */
  plaintextDomains: number;
  deliveries: number;
  tls: number;
  verified: number;
  unverified: number;
  plaintext: number;
  transientFailures: number;
  permanentFailures: number;
  tlsVersions: Record<string, number>;
  /** The log period: the first and last row of customer mail. */
  firstSeen: string | null;
  lastSeen: string | null;
  lastPlaintext: string | null;
}

/** What reading the files gave besides the per-domain figures (part of TrafficSummary). */
export type LogReading = Pick<TrafficSummary, 'files' | 'rowsRead' | 'rowsSkipped' | 'warmUpRows'>;

/** Adds `count` deliveries of `version`; a version beyond the kept ones counts under `other`. */
export function countVersion(versions: Map<string, number>, version: string, count = 1): void {
  const key = versions.has(version) || versions.size < MAX_TLS_VERSIONS - 1 ? version : 'other';
  versions.set(key, (versions.get(key) ?? 0) + count);
}

/** `{"TLSv1.2": 3, "TLSv1.3": 1}`, versions in name order (`other` last) so the JSON is stable. */
export function versionRecord(versions: ReadonlyMap<string, number>): Record<string, number> {
  const names = [...versions.keys()].sort((a, b) => (a === 'other' ? 1 : b === 'other' ? -1 : a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(names.map((name) => [name, versions.get(name)!]));
}
