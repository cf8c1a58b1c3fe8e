/**
 * The human report: per domain a headline, the MX hosts and what each address showed, and a
 * table with one row per setting. Renders the report model and decides nothing; every string a
 * server sent goes through `sanitize`.
 */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { AddressResult, CertificateReport, DomainResult, MxHostResult, Report, SettingVerdict } from '../model/report.js';
import { PASSED_OVER_TEXT, REASON_TEXT } from '../model/reasons.js';
import { isRelayResult, settingNamesOf, type RelayResult, type ResolvedVia } from '../model/relay.js';
import { usedByPlatform } from '../verdict/relay.js';
import { relayHeadline } from './relay-headline.js';
import { reasonsText } from './reason-text.js';
import type { PassedOver } from '../model/vocabulary.js';
import { passedOver } from '../verdict/passed-over.js';
import { headline, type HeadlineTone } from './headline.js';
import { sanitize } from '../text/sanitize.js';
import { renderBaselineText } from './baseline.js';
import { renderCompact } from './compact.js';
import { judgedUnder, profileOf } from './profile.js';
import type { Profile } from '../model/settings.js';
import { renderSummary } from './summary.js';
import type { ExitPolicy } from '../verdict/gate.js';
import { gateLine } from './gate-line.js';
import { lastColumnWidth, wrapWords, type Width } from './layout.js';
import { atRiskFirst, verdictUnder } from '../verdict/delivery.js';
import { COMPACT } from './table-style.js';
import type { ListedResults } from '../verdict/only.js';
import { listingLine } from './listing.js';
import { notProbed } from '../verdict/traffic.js';
import { domainTrafficLine, noProbeHeading, renderTrafficTable } from './traffic.js';
import { policyLines, type PolicyTone } from './policy-text.js';

export interface TableOptions {
  paint: ChalkInstance;
  /** Every MX address per domain (default), or one line per domain. */
  details?: boolean;
  policy?: ExitPolicy;
  /** The terminal's width; null when piped or written to a file (lines stay whole). */
  width?: Width;
}

/** With --only, `view` holds the listed domains: they are shown, while the summary counts the whole run. */
export function renderTable(report: Report, options: TableOptions, view: ListedResults | null = null): string {
  const { paint, details = true, policy = { failOnRegression: false }, width = null } = options;
  const settingOf = judgedUnder(report);
  const profile = profileOf(report);
  const listed = view ? view.results : report.results;
  // --no-probe: there are no verdicts to show, only what the logs say.
  const blocks = notProbed(report.results)
    ? [`${noProbeHeading(report.results, paint)}\n${renderTrafficTable(listed, paint, width)}`]
    : details
      ? atRiskFirst(listed, settingOf).map((result) => renderDomain(result, profile, paint, width))
      : listed.length > 0
        ? [renderCompact(listed, profile, paint, width, settingOf)]
        : [];
  // A relay report holds the one relay: its headline is the answer, a summary of "1 domain" would say less.
  const relaysOnly = report.results.length > 0 && report.results.every(isRelayResult);
  if (!relaysOnly && (report.results.length > 1 || report.gate || view || report.traffic)) blocks.push(renderSummary(report, paint, width));
  if (view) blocks.push(listingLine(view.listing));
  const verdict = gateLine(report, policy);
  if (verdict) blocks.push(paint.bold(verdict));
  if (report.baseline) blocks.push(renderBaselineText(report.baseline, paint));
  if (report.interrupted) blocks.push(paint.yellow(`Interrupted: ${report.interrupted.notChecked} target(s) not checked.`));
  const notes = report.notes.map((note) => paint.dim(wrapWords(`note: ${sanitize(note, 1000)}`, width, 6)));
  return `${[...blocks, ...notes].join('\n\n')}\n`;
}

function renderDomain(result: DomainResult, profile: Profile, paint: ChalkInstance, width: Width): string {
  const relay = isRelayResult(result) ? result : null;
  const head = relay ? relayHeadline(relay) : headline(result, profile);
  const name = sanitize(result.domain ?? result.input);
  const title = paint.bold(
    relay ? `relay ${relay.resolvedVia === 'ip-literal' && relay.domain?.includes(':') ? `[${name}]` : name}:${relay.port}` : name,
  );
  const lines = [`${title}  ${tone(paint, head.tone)(`${mark(head.tone)} ${sanitize(head.text, 1000)}`)}`];
  if (result.domain && result.input !== result.domain) lines.push(paint.dim(`  input: ${sanitize(result.input)}`));
  if (result.dns.message) lines.push(`  DNS: ${sanitize(result.dns.message)}`);
  if (result.traffic) lines.push(`  ${domainTrafficLine(result.traffic)}`);
  if (relay) lines.push(...relayLines(relay, paint));
  const unused = (address: AddressResult) => (relay ? !usedByPlatform(address.family, relay.resolvedVia) : false);
  for (const host of result.mx) lines.push(...renderHost(host, paint, relay !== null, unused));
  for (const warning of result.warnings) lines.push(paint.yellow(`  ⚠ ${sanitize(warning.host)}: ${warning.message}`));
  if (result.policy) lines.push(...renderPolicies(result.policy, paint));
  lines.push(indent(renderSettings(result, paint, width === null ? null : width - 2)));
  return lines.join('\n');
}

function renderHost(host: MxHostResult, paint: ChalkInstance, relay: boolean, unused: (address: AddressResult) => boolean): string[] {
  const label = !host.implicit
    ? `MX ${host.preference} ${host.host}`
    : relay
      ? `host ${host.host}`
      : `implicit MX (no MX record) ${host.host}`;
  const lines = [`  ${paint.cyan(sanitize(label))}`];
  if (host.dnsFailure) lines.push(`    ${paint.red('✘')} ${REASON_TEXT[host.dnsFailure.reason]}: ${sanitize(host.dnsFailure.message)}`);
  for (const address of host.addresses) lines.push(...renderAddress(address, paint, unused(address)));
  return lines;
}

/** How the relay was resolved and which AUTH mechanisms it advertised before and after TLS. */
function relayLines(relay: RelayResult, paint: ChalkInstance): string[] {
  const via = relay.resolvedVia === null ? 'no address' : RESOLVED_VIA_TEXT[relay.resolvedVia];
  const list = (mechanisms: string[] | null) => (mechanisms === null ? 'not seen' : mechanisms.length ? mechanisms.join(' ') : 'none');
  const before = relay.auth.before?.length ? paint.yellow(list(relay.auth.before)) : list(relay.auth.before);
  const lines = [`  resolved via: ${via}`, `  AUTH before STARTTLS: ${before}   after STARTTLS: ${list(relay.auth.after)}`];
  if (relay.auth.required)
    lines.push('  --auth: SMTP authentication on: the platform forces required-verify and needs AUTH PLAIN or LOGIN after STARTTLS');
  return lines;
}

const RESOLVED_VIA_TEXT: Record<ResolvedVia, string> = {
  mx: 'MX records (the platform checks MX first)',
  a: 'A record (no MX record)',
  'ip-literal': 'an IP address as configured (no DNS; no name to verify a certificate against)',
};

function renderAddress(address: AddressResult, paint: ChalkInstance, unused = false): string[] {
  const where = address.family === 6 ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`;
  const facts: string[] = [];
  if (address.starttls === true) facts.push(paint.green('STARTTLS'));
  else if (address.starttls === false)
    facts.push(paint.yellow(address.heloFallback ? 'no STARTTLS (EHLO refused, HELO used)' : 'no STARTTLS'));
  if (address.tls) facts.push(`${address.tls.protocol} ${sanitize(address.tls.cipher)}`);
  if (address.legacyProtocols?.length) facts.push(paint.yellow(`speaks only ${address.legacyProtocols.join(', ')}`));
  if (unused) facts.push(paint.dim('(IPv6: not used by Salesforce)'));
  const lines = [`    ${where}  ${facts.join('  ')}`.trimEnd()];
  if (address.banner) lines.push(paint.dim(`      banner: ${sanitize(address.banner.join(' | '))}`));
  if (address.failure) {
    const failure = address.failure;
    lines.push(`      ${paint.red('✘')} ${failure.phase}: ${REASON_TEXT[failure.reason]}`);
    if (failure.message) lines.push(paint.dim(`        ${sanitize(failure.message)}`));
  }
  if (address.certificate) lines.push(...renderCertificate(address.certificate, paint));
  return lines;
}

function renderCertificate(cert: CertificateReport, paint: ChalkInstance): string[] {
  const yes = (ok: boolean) => (ok ? paint.green('yes') : paint.red('no'));
  const key = cert.keyBits ? `${cert.keyType} ${cert.keyBits}` : cert.keyType;
  const days = cert.daysLeft >= 0 ? `${cert.daysLeft} days left` : `expired ${-cert.daysLeft} days ago`;
  const trust = cert.trusted ? paint.green('yes') : paint.red(`no (${cert.trustError})`);
  return [
    `      certificate ${sanitize(cert.subject)}  (${key}, chain of ${cert.chainLength} sent)`,
    `        names   ${sanitize(cert.names.join(', '))}`,
    `        issuer  ${sanitize(cert.issuer)}`,
    `        valid   ${cert.notBefore.slice(0, 10)} → ${cert.notAfter.slice(0, 10)} (${days})`,
    `        trusted ${trust}   name matches MX host: ${yes(cert.matchesMx)}   matches domain: ${yes(cert.matchesDomain)}`,
  ];
}

const POLICY_MARK: Record<PolicyTone, string> = { ok: '✔', warn: '!', bad: '✘', none: '·' };

/** One line per published policy, its findings and what an honouring sender would do under it. */
function renderPolicies(policies: NonNullable<DomainResult['policy']>, paint: ChalkInstance): string[] {
  const colour = (tone: PolicyTone) =>
    tone === 'ok' ? paint.green : tone === 'warn' ? paint.yellow : tone === 'bad' ? paint.red : paint.dim;
  return policyLines(policies).flatMap((line) => [
    line.tone === 'none' ? paint.dim(`  · ${line.text}`) : `  ${colour(line.tone)(POLICY_MARK[line.tone])} ${line.text}`,
    ...line.details.map((detail) => paint.dim(`      ${detail}`)),
  ]);
}

/** Narrower than this, the "why" column leaves the table and becomes wrapped lines under it. */
const MIN_WHY_COLUMN = 28;

function renderSettings(result: DomainResult, paint: ChalkInstance, width: Width): string {
  const names = settingNamesOf(result);
  const longestVia = Math.max(3, ...names.map((name) => sanitize(verdictUnder(result, name).via ?? '').length));
  // A long MX name gives way (cut with …; the MX lines above show it whole) before the table overflows.
  const viaRoom = lastColumnWidth(width, [16, 9, 12], 8);
  const viaWidth = viaRoom === undefined ? longestVia : Math.min(longestVia, viaRoom);
  const fit = lastColumnWidth(width, [16, 9, 12, viaWidth], 0);
  const why = fit === undefined ? undefined : Math.min(fit, 64);
  const rows = names.map((name) => settingRow(name, verdictUnder(result, name), passedOver(result, verdictUnder(result, name)), paint));
  const whyBelow = why !== undefined && why < MIN_WHY_COLUMN;
  const table = new Table({
    head: ['setting', 'delivered', 'over', 'via', ...(whyBelow ? [] : ['why'])].map((h) => paint.bold(h)),
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    chars: COMPACT,
    // Piped: the table sizes itself and the "why" column keeps whole lines. On a terminal it wraps to fit.
    ...(why === undefined ? {} : { wordWrap: true, colWidths: [18, 11, 14, viaWidth + 2, ...(whyBelow ? [] : [why])] }),
  });
  for (const row of rows) table.push(whyBelow ? row.slice(0, -1) : row);
  if (!whyBelow) return table.toString();
  return [table.toString(), ...whyLines(rows, (width as number) - 2)].join('\n');
}

/** The reasons of a narrow table as lines under it, settings with the same reason on one line, wrapped to `width`. */
function whyLines(rows: string[][], width: number): string[] {
  const bySentence = new Map<string, string[]>();
  for (const row of rows) {
    const [name, , , , why] = row;
    if (!why || !name) continue;
    bySentence.set(why, [...(bySentence.get(why) ?? []), name]);
  }
  return [...bySentence].flatMap(([why, names]) => wrap(`${names.join(', ')}: ${why}`, width));
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `    ${word}`;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function settingRow(name: string, verdict: SettingVerdict, passed: PassedOver | null, paint: ChalkInstance): string[] {
  const delivered =
    verdict.deliverable === true ? paint.green('yes') : verdict.deliverable === false ? paint.red('NO') : paint.yellow('unknown');
  const over =
    verdict.transport === 'verified-tls'
      ? 'verified TLS'
      : verdict.transport === 'tls'
        ? 'TLS'
        : verdict.transport === 'plaintext'
          ? paint.yellow('plaintext')
          : '';
  const text = reasonsText(verdict.reasons);
  // Delivered over TLS despite reasons: those belong to the hosts or addresses tried before `via`.
  const why = passed ? `${PASSED_OVER_TEXT[passed]}: ${text}` : text;
  return [name, delivered, over, sanitize(verdict.via ?? ''), why];
}

function tone(paint: ChalkInstance, kind: HeadlineTone): ChalkInstance {
  return kind === 'ok' ? paint.green : kind === 'warn' ? paint.yellow : kind === 'bad' ? paint.red : paint.magenta;
}

function mark(kind: HeadlineTone): string {
  return kind === 'ok' ? '✔' : kind === 'warn' ? '!' : kind === 'bad' ? '✘' : '?';
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
