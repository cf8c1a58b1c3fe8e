/**
 * What the Email Log Files say, in words and tables for the human formats: one line per domain
 * (under its result), the run's totals (under the summary), and, with --no-probe, the traffic
 * table that takes the place of the verdicts (there are none). Every log text (a Delivery Stage,
 * a TLS version) is untrusted and goes through `sanitize`.
 */
import type { ChalkInstance } from 'chalk';
import type { DomainResult, DomainTraffic, FailureReason, TrafficSummary } from '../model/report.js';
import { sanitize } from '../text/sanitize.js';
import { formatCount, plural } from '../text/words.js';
import { atRiskFirst } from '../verdict/delivery.js';
import { lastColumnWidth, type Width } from './layout.js';

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
 * first (most messages first), then the others by messages. Drawn here rather than by cli-table3,
 * in the same look: a log names thousands of domains, and cli-table3 takes seconds for that many
 * rows. Cells are laid out by their length (sanitised log text, ASCII domain names).
 */
export function renderTrafficTable(results: readonly DomainResult[], paint: ChalkInstance, width: Width): string {
  const ordered = atRiskFirst(results, () => 'required');
  const head = ['domain', 'messages', 'TLS', 'verified', 'plaintext', 'last plaintext', 'TLS versions', 'failures'];
  const rows = ordered.map(trafficRow);
  const widths = head.map((title, c) => Math.max(title.length, ...rows.map((row) => length(row[c]!))));
  // cli-table3's measure: one border per column plus one, and a padding of 1 on each side.
  const room = lastColumnWidth(width, widths.slice(0, -1), 0);
  const columns = room === undefined ? head.length : room >= MIN_FAILURES_COLUMN ? head.length : head.length - 1;
  if (room !== undefined && columns === head.length) widths[head.length - 1] = Math.min(widths[head.length - 1]!, room);
  const line = (left: string, middle: string, right: string) =>
    `${left}${widths
      .slice(0, columns)
      .map((w) => '─'.repeat(w + 2))
      .join(middle)}${right}`;
  const cells = (row: string[], paintCell: (text: string, c: number) => string) =>
    `│ ${row
      .slice(0, columns)
      .map((cell, c) => paintCell(pad(cut(cell, widths[c]!), widths[c]!), c))
      .join(' │ ')} │`;
  const body = ordered.map((result, i) => {
    const plain = (result.traffic?.plaintext ?? 0) > 0;
    return cells(rows[i]!, (text, c) => (plain && (c === 0 || c === 4) ? paint.red(text) : text));
  });
  return [line('┌', '┬', '┐'), cells(head, (text) => paint.bold(text)), ...body, line('└', '┴', '┘')].join('\n');
}

function length(text: string): number {
  return [...text].length;
}

function cut(text: string, width: number): string {
  return length(text) <= width ? text : `${[...text].slice(0, Math.max(0, width - 1)).join('')}…`;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - length(text)));
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
