/**
 * What the Email Log Files add to the verdicts, pure: totals over a set of results, where the log
 * and the probe disagree, and the run notes that say so. The log is what the platform did in the
 * period; the probe is what the receiver does today. The two can differ because something changed
 * or because the platform used another MX host than the one that answered the probe.
 */
import type { DomainResult } from '../model/report.js';
import { countVersion, versionRecord, type DomainTraffic, type LogReading, type TrafficSummary } from '../model/traffic.js';
import { formatCount, plural } from '../text/words.js';

export interface TrafficTotals {
  /** Results with traffic. */
  domains: number;
  deliveries: number;
  plaintext: number;
  /** Results with at least one plaintext delivery. */
  plaintextDomains: number;
  /** The latest plaintext delivery (ISO), or null. */
  lastPlaintext: string | null;
}

export function trafficTotals(results: readonly DomainResult[]): TrafficTotals {
  const totals: TrafficTotals = { domains: 0, deliveries: 0, plaintext: 0, plaintextDomains: 0, lastPlaintext: null };
  for (const { traffic } of results) {
    if (!traffic) continue;
    totals.domains += 1;
    totals.deliveries += traffic.deliveries;
    totals.plaintext += traffic.plaintext;
    if (traffic.plaintext > 0) totals.plaintextDomains += 1;
    if (traffic.lastPlaintext && (!totals.lastPlaintext || traffic.lastPlaintext > totals.lastPlaintext))
      totals.lastPlaintext = traffic.lastPlaintext;
  }
  return totals;
}

/**
 * The report's run-wide `traffic`: what was read, and every log domain's figures added up (the
 * domains of the logs, not the results: an interrupted run still reports the whole period).
 */
export function summarizeTraffic(domains: Iterable<DomainTraffic>, reading: LogReading): TrafficSummary {
  const summary: TrafficSummary = {
    ...reading,
    domains: 0,
    plaintextDomains: 0,
    deliveries: 0,
    tls: 0,
    verified: 0,
    unverified: 0,
    plaintext: 0,
    transientFailures: 0,
    permanentFailures: 0,
    tlsVersions: {},
    firstSeen: null,
    lastSeen: null,
    lastPlaintext: null,
  };
  const versions = new Map<string, number>();
  for (const traffic of domains) {
    summary.domains += 1;
    if (traffic.plaintext > 0) summary.plaintextDomains += 1;
    for (const key of COUNTS) summary[key] += traffic[key];
    for (const [version, count] of Object.entries(traffic.tlsVersions)) countVersion(versions, version, count);
    summary.firstSeen = earliest(summary.firstSeen, traffic.firstSeen);
    summary.lastSeen = latest(summary.lastSeen, traffic.lastSeen);
    summary.lastPlaintext = latest(summary.lastPlaintext, traffic.lastPlaintext);
  }
  summary.tlsVersions = versionRecord(versions);
  return summary;
}

const COUNTS = ['deliveries', 'tls', 'verified', 'unverified', 'plaintext', 'transientFailures', 'permanentFailures'] as const;

/** ISO times in UTC compare as strings. */
function earliest(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null || a <= b ? a : b;
}

function latest(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null || a >= b ? a : b;
}

/** Messages the log counts for a result (0 without traffic): the weight of a domain. */
export function messagesOf(result: Pick<DomainResult, 'traffic'>): number {
  return result.traffic?.deliveries ?? 0;
}

export function hasTraffic(results: readonly DomainResult[]): boolean {
  return results.some((result) => result.traffic !== null);
}

/** Every result is from --no-probe (invalid inputs aside). */
export function notProbed(results: readonly DomainResult[]): boolean {
  const judged = results.filter((result) => result.dns.outcome !== 'invalid-input');
  return judged.length > 0 && judged.every((result) => result.dns.outcome === 'not-probed');
}

export type Disagreement = 'log-plaintext-probe-tls' | 'log-tls-probe-no-tls';

/**
 * The log shows plaintext deliveries but the probe found TLS (mail would go through under
 * Required today), or the log shows only TLS but the probe found none (Required would stop it).
 */
export function disagreement(result: DomainResult): Disagreement | null {
  const { traffic } = result;
  if (!traffic || result.dns.outcome === 'not-probed') return null;
  const required = result.settings.required.deliverable;
  if (traffic.plaintext > 0 && required === true) return 'log-plaintext-probe-tls';
  if (traffic.tls > 0 && traffic.plaintext === 0 && required === false) return 'log-tls-probe-no-tls';
  return null;
}

/** "a.com (12 messages), b.org (3 messages)" for the first few, most messages first. */
function listed(results: DomainResult[], count: (result: DomainResult) => number): string {
  const sorted = [...results].sort((a, b) => count(b) - count(a));
  const shown = sorted.slice(0, 5).map((r) => `${r.domain ?? r.input}: ${plural(count(r), 'message')}`);
  return sorted.length > 5 ? `${shown.join(', ')} and ${formatCount(sorted.length - 5)} more` : shown.join(', ');
}

/** Run notes: --no-probe, and each kind of disagreement between the log and the probe. */
export function trafficNotes(results: readonly DomainResult[]): string[] {
  const notes: string[] = [];
  if (notProbed(results)) {
    const plain = results.filter((result) => (result.traffic?.plaintext ?? 0) > 0);
    notes.push(
      'no probe was made (--no-probe): no DNS query and no connection; every verdict is undetermined and the figures come from the Email Log Files alone. ' +
        (plain.length === 0
          ? 'No domain received mail in plaintext in the log period.'
          : `The domains that received mail in plaintext (${listed(plain, (r) => r.traffic!.plaintext)}) are exactly those a switch to Required puts at risk today.`),
    );
    return notes;
  }
  const plainButTls = results.filter((result) => disagreement(result) === 'log-plaintext-probe-tls');
  if (plainButTls.length > 0)
    notes.push(
      `the log and the probe disagree: ${listed(plainButTls, (r) => r.traffic!.plaintext)} received mail in plaintext in the log period, ` +
        'but the probe found TLS today: either the receiver added TLS since, or the platform used another MX host.',
    );
  const tlsButNone = results.filter((result) => disagreement(result) === 'log-tls-probe-no-tls');
  if (tlsButNone.length > 0)
    notes.push(
      `the log and the probe disagree: ${listed(tlsButNone, (r) => r.traffic!.tls)} received mail only over TLS in the log period, ` +
        'but the probe found no way to deliver under Required today: either the receiver changed, or the platform used another MX host.',
    );
  return notes;
}
