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
}
