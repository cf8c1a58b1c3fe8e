/**
 * What the Email Log Files say, in words and tables for the human formats: one line per domain
 * (under its result), the run's totals (under the summary), and, with --no-probe, the traffic
 * table that takes the place of the verdicts (there are none). Every log text (a Delivery Stage,
 * a TLS version) is untrusted and goes through `sanitize`.
 */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { DomainResult, DomainTraffic, FailureReason, TrafficSummary } from '../model/report.js';
import { sanitize } from '../text/sanitize.js';
import { formatCount, plural } from '../text/words.js';
import { atRiskFirst } from '../verdict/delivery.js';
import { lastColumnWidth, type Width } from './layout.js';
import { COMPACT } from './table-style.js';

/** "2024-05-06 13:37 UTC" */
export function utcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** "4.1 %" */
export function percent(part: number, whole: number): string {
  return whole === 0 ? '0 %' : `${((100 * part) / whole).toFixed(1)} %`;
}

/** "TLSv1.2 40, TLSv1.3 2" */
export function versionsText(versions: Record<string, number>): string {
  return Object.entries(versions)
    .map(([version, count]) => `${sanitize(version, 16)} ${formatCount(count)}`)
    .join(', ');
}

/** "2 transient (during connect 2), 1 bounced (during MX lookup 1)" */
export function failuresText(traffic: Pick<DomainTraffic, 'transientFailures' | 'permanentFailures' | 'failureReasons'>): string {
  const parts: string[] = [];
  const of = (kind: FailureReason['kind']) =>
    traffic.failureReasons
      .filter((reason) => reason.kind === kind)
      .map((reason) => `${sanitize(reason.reason ?? 'stage not stated', 40)} ${formatCount(reason.count)}`)
      .join(', ');
  if (traffic.transientFailures > 0) parts.push(withReasons(`${formatCount(traffic.transientFailures)} transient`, of('transient')));
  if (traffic.permanentFailures > 0) parts.push(withReasons(`${formatCount(traffic.permanentFailures)} bounced`, of('permanent')));
  return parts.join(', ');
}

function withReasons(head: string, reasons: string): string {
  return reasons === '' ? head : `${head} (${reasons})`;
}

/**
 * One line under a domain's result: "log: 12 messages, 10 in plaintext (last 2024-05-06 13:37
 * UTC), 2 over TLS (TLSv1.2 2; 0 verified); 1 transient failure (during connect 1)".
 */
export function domainTrafficLine(traffic: DomainTraffic): string {
  const parts = [plural(traffic.deliveries, 'message')];
  if (traffic.plaintext > 0) parts.push(`${formatCount(traffic.plaintext)} in plaintext (last ${utcMinute(traffic.lastPlaintext!)})`);
  if (traffic.tls > 0)
    parts.push(`${formatCount(traffic.tls)} over TLS (${versionsText(traffic.tlsVersions)}; ${formatCount(traffic.verified)} verified)`);
  const failures = failuresText(traffic);
  const period = traffic.firstSeen && traffic.lastSeen ? ` from ${utcMinute(traffic.firstSeen)} to ${utcMinute(traffic.lastSeen)}` : '';
  return `log${period}: ${parts.join(', ')}${failures ? `; failures: ${failures}` : ''}`;
}

/**
 * The totals under the summary: "Email Log Files: 2 files, 500,000 rows read (3 not used, 120
 * warm-up), 2024-05-01 00:00 to 2024-05-07 23:59 UTC; 5,000 domains received 330,000 messages:
 * 297,000 over TLS (...), 33,000 in plaintext at 500 domains (the last 2024-05-07 23:50 UTC);
 * failures: 6,600 transient, 4,300 bounced."
 */
export function trafficSummaryLine(summary: TrafficSummary): string {
  const read = [summary.rowsSkipped === 0 ? 'all used' : `${plural(summary.rowsSkipped, 'row')} not used`];
  if (summary.warmUpRows > 0) read.push(`${formatCount(summary.warmUpRows)} warm-up`);
  const period = summary.firstSeen && summary.lastSeen ? `, ${utcMinute(summary.firstSeen)} to ${utcMinute(summary.lastSeen)}` : '';
  const head = `Email Log Files: ${plural(summary.files, 'file')}, ${plural(summary.rowsRead, 'row')} read (${read.join(', ')})${period}`;
  const versions = versionsText(summary.tlsVersions);
  const tls = `${formatCount(summary.tls)} over TLS (${percent(summary.tls, summary.deliveries)}${versions ? `; ${versions}` : ''}; ${formatCount(summary.verified)} verified)`;
  const plain =
    summary.plaintext > 0
      ? `${formatCount(summary.plaintext)} in plaintext at ${plural(summary.plaintextDomains, 'domain')} (the last ${utcMinute(summary.lastPlaintext!)})`
      : 'none in plaintext';
  const failures =
    summary.transientFailures + summary.permanentFailures > 0
      ? `; failures: ${formatCount(summary.transientFailures)} transient, ${formatCount(summary.permanentFailures)} bounced`
      : '';
  return `${head}; ${plural(summary.domains, 'domain')} in the logs, ${plural(summary.deliveries, 'message')} delivered: ${tls}, ${plain}${failures}.`;
}

/** The first line of a --no-probe report: what it is, and what the red rows mean. */
export function noProbeHeading(results: readonly DomainResult[], paint: ChalkInstance): string {
  const plain = results.filter((result) => (result.traffic?.plaintext ?? 0) > 0).length;
  const risk =
    plain === 0
      ? 'No domain received mail in plaintext: a switch to Required puts none at risk on this evidence.'
      : `The first ${plural(plain, 'domain')} listed received mail in plaintext: exactly those a switch to Required puts at risk today.`;
  return paint.bold(
    `No probe was made (--no-probe): no DNS query, no connection; what the Email Log Files say per recipient domain. ${risk}`,
  );
}

/** Below this many columns, the failures column leaves the table. */
const MIN_FAILURES_COLUMN = 14;

/**
 * --no-probe: one line per domain of what the logs say, the domains that received plaintext
 * first (most messages first), then the others by messages.
 */
export function renderTrafficTable(results: readonly DomainResult[], paint: ChalkInstance, width: Width): string {
  const ordered = atRiskFirst(results, () => 'required');
  const head = ['domain', 'messages', 'TLS', 'verified', 'plaintext', 'last plaintext', 'TLS versions', 'failures'];
  const rows = ordered.map(trafficRow);
  const fixed = [
    Math.max(6, ...rows.map((row) => row[0]!.length)),
    ...[8, 7, 8, 9, 20].map((least, i) => Math.max(least, ...rows.map((row) => (row[i + 1] ?? '').length))),
    Math.max(12, ...rows.map((row) => row[6]!.length)),
  ];
  const room = lastColumnWidth(width, fixed, 0);
  const showFailures = room === undefined || room >= MIN_FAILURES_COLUMN;
  const table = new Table({
    head: (showFailures ? head : head.slice(0, -1)).map((h) => paint.bold(h)),
    style: { head: [], border: [] },
    chars: COMPACT,
    ...(room === undefined || !showFailures ? {} : { wordWrap: true, colWidths: [...fixed.map((w) => w + 2), room + 2] }),
  });
  ordered.forEach((result, i) => {
    // Painted after measuring: colour codes take no room on the screen.
    const row = (result.traffic?.plaintext ?? 0) > 0 ? rows[i]!.map((cell, c) => (c === 0 || c === 4 ? paint.red(cell) : cell)) : rows[i]!;
    table.push(showFailures ? row : row.slice(0, -1));
  });
  return table.toString();
}

function trafficRow(result: DomainResult): string[] {
  const name = sanitize(result.domain ?? result.input, 60);
  const t = result.traffic;
  if (!t) return [name, '', '', '', '', '', '', 'not in the logs'];
  return [
    name,
    formatCount(t.deliveries),
    t.deliveries === 0 ? '' : percent(t.tls, t.deliveries),
    formatCount(t.verified),
    formatCount(t.plaintext),
    t.lastPlaintext ? utcMinute(t.lastPlaintext) : '',
    versionsText(t.tlsVersions),
    failuresText(t),
  ];
}
