/**
 * Traffic per recipient domain, aggregated as the log rows stream by (pure, no I/O). A delivery
 * counts once per (Internal Message ID, recipient), judged by its external hop, however many
 * platform servers it crossed and however many files (overlapping periods) repeat it.
 *
 * Memory is bounded: per domain a few counters, and per (message, recipient) pair only a 52-bit
 * hash and three flags, for the last `window` pairs (first seen first forgotten). A file holds at
 * most 500,000 rows, so the default window (1,000,000 pairs, about 50 MB) spans two whole files:
 * the overlap of two consecutive downloads is caught in whichever order they are given. A pair
 * seen again after it was forgotten would count twice; `forgotten` says whether that could happen.
 */
import {
  MAX_FAILURE_REASONS,
  OTHER_REASONS,
  countVersion,
  versionRecord,
  type DomainTraffic,
  type FailureKind,
  type FailureReason,
} from '../model/traffic.js';
import type { LogRow } from './email-log-row.js';

export const DEFAULT_DEDUP_WINDOW = 1_000_000;

const DELIVERED = 1;
const TRANSIENT = 2;
const PERMANENT = 4;

export interface DomainTally {
  deliveries: number;
  tls: number;
  verified: number;
  unverified: number;
  plaintext: number;
  /** D rows whose external hop had an empty or unreadable TLS_Cipher: delivered, transport unknown. */
  unknownTransport: number;
  transientFailures: number;
  permanentFailures: number;
  firstSeen: number;
  lastSeen: number;
  lastPlaintext: number | null;
  /** Deliveries per TLS version ("TLSv1.2"), at most MAX_TLS_VERSIONS keys (then `other`). */
  versions: Map<string, number>;
  /** Failures per kind and Delivery Stage, at most MAX_FAILURE_REASONS keys (then OTHER_REASONS). */
  reasons: Map<string, FailureReason>;
}

export interface TallyCounts {
  /** Rows used (R, D, T, P for customer mail). */
  rows: number;
  /** D rows of an internal hand-off (`None`). */
  internalHops: number;
  /** Rows to the platform's warm-up address. */
  warmUp: number;
  /** Rows that repeat a delivery or failure already counted (more hops, overlapping files). */
  repeated: number;
  /** Pairs dropped from the de-duplication window. */
  forgotten: number;
}

export class TrafficTally {
  private readonly domains = new Map<string, DomainTally>();
  private readonly seen = new Map<number, number>();
  readonly counts: TallyCounts = { rows: 0, internalHops: 0, warmUp: 0, repeated: 0, forgotten: 0 };

  constructor(private readonly window = DEFAULT_DEDUP_WINDOW) {}

  /** A row whose recipient domain is `domain` (normalised by the caller). */
  add(row: LogRow, domain: string): void {
    this.counts.rows += 1;
    const tally = this.domainTally(domain, row.time);
    if (row.time < tally.firstSeen) tally.firstSeen = row.time;
    if (row.time > tally.lastSeen) tally.lastSeen = row.time;
    if (row.event === 'R') return;
    if (row.hop?.kind === 'internal') {
      this.counts.internalHops += 1;
      return;
    }
    const flag = row.event === 'D' ? DELIVERED : row.event === 'T' ? TRANSIENT : PERMANENT;
    if (!this.firstTime(pairHash(row.messageId, row.recipient), flag)) {
      this.counts.repeated += 1;
      return;
    }
    if (row.event === 'T') {
      tally.transientFailures += 1;
      countReason(tally.reasons, 'transient', row.stage);
    } else if (row.event === 'P') {
      tally.permanentFailures += 1;
      countReason(tally.reasons, 'permanent', row.stage);
    } else this.delivery(tally, row);
  }

  /** A platform row that is not customer mail (warm-up). */
  addWarmUp(): void {
    this.counts.warmUp += 1;
  }

  /** Every domain seen, in order of first appearance. */
  entries(): IterableIterator<[string, DomainTally]> {
    return this.domains.entries();
  }

  get(domain: string): DomainTally | undefined {
    return this.domains.get(domain);
  }

  private delivery(tally: DomainTally, row: LogRow): void {
    tally.deliveries += 1;
    const hop = row.hop!;
    if (hop.kind === 'plaintext') {
      tally.plaintext += 1;
      if (tally.lastPlaintext === null || row.time > tally.lastPlaintext) tally.lastPlaintext = row.time;
    } else if (hop.kind === 'tls') {
      tally.tls += 1;
      if (row.verified === true) tally.verified += 1;
      else if (row.verified === false) tally.unverified += 1;
      countVersion(tally.versions, hop.version);
    } else tally.unknownTransport += 1;
  }

  /** Whether this pair had no row of this kind yet; remembers that it has now. */
  private firstTime(key: number, flag: number): boolean {
    const flags = this.seen.get(key);
    if (flags !== undefined) {
      if (flags & flag) return false;
      this.seen.set(key, flags | flag);
      return true;
    }
    if (this.seen.size >= this.window) {
      this.seen.delete(this.seen.keys().next().value!);
      this.counts.forgotten += 1;
    }
    this.seen.set(key, flag);
    return true;
  }

  private domainTally(domain: string, time: number): DomainTally {
    let tally = this.domains.get(domain);
    if (!tally) {
      tally = {
        deliveries: 0,
        tls: 0,
        verified: 0,
        unverified: 0,
        plaintext: 0,
        unknownTransport: 0,
        transientFailures: 0,
        permanentFailures: 0,
        firstSeen: time,
        lastSeen: time,
        lastPlaintext: null,
        versions: new Map(),
        reasons: new Map(),
      };
      this.domains.set(domain, tally);
    }
    return tally;
  }
}

/** The JSON contract's view of a domain's tally. */
export function toDomainTraffic(tally: DomainTally): DomainTraffic {
  return {
    deliveries: tally.deliveries,
    tls: tally.tls,
    verified: tally.verified,
    unverified: tally.unverified,
    plaintext: tally.plaintext,
    transientFailures: tally.transientFailures,
    permanentFailures: tally.permanentFailures,
    firstSeen: new Date(tally.firstSeen).toISOString(),
    lastSeen: new Date(tally.lastSeen).toISOString(),
    lastPlaintext: tally.lastPlaintext === null ? null : new Date(tally.lastPlaintext).toISOString(),
    tlsVersions: versionRecord(tally.versions),
    failureReasons: [...tally.reasons.values()].map((reason) => ({ ...reason })).sort(mostFirst),
  };
}

function countReason(reasons: Map<string, FailureReason>, kind: FailureKind, stage: string | null): void {
  let key = `${kind}\u0000${stage ?? ''}`;
  let reason = stage;
  if (!reasons.has(key) && reasons.size >= MAX_FAILURE_REASONS - 1) {
    key = `${kind}\u0000\u0000other`;
    reason = OTHER_REASONS;
  }
  const entry = reasons.get(key);
  if (entry) entry.count += 1;
  else reasons.set(key, { kind, reason, count: 1 });
}

/** Most failures first; transient before permanent on a tie, then by reason. */
function mostFirst(a: FailureReason, b: FailureReason): number {
  if (a.count !== b.count) return b.count - a.count;
  if (a.kind !== b.kind) return a.kind === 'transient' ? -1 : 1;
  const [x, y] = [a.reason ?? '', b.reason ?? ''];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * A 52-bit hash of (message ID, recipient), recipient case-insensitive: two 32-bit FNV-1a with
 * different offsets, one cut to 20 bits. Among a million pairs a collision (two deliveries counted
 * as one) has a chance of about one in ten thousand.
 */
export function pairHash(messageId: string, recipient: string): number {
  const text = `${messageId}\u0000${recipient.toLowerCase()}`;
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0) * 0x100000 + ((b >>> 0) & 0xfffff);
}
