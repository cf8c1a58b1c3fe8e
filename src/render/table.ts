/**
 * The human report: per domain a headline, the MX hosts and what each address showed, and a
 * table with one row per setting. Renders the report model and decides nothing; every string a
 * server sent goes through `sanitize`.
 */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { AddressResult, CertificateReport, DomainResult, MxHostResult, Report, SettingVerdict } from '../model/report.js';
import { REASON_TEXT } from '../model/reasons.js';
import { SETTING_NAMES } from '../model/settings.js';
import { reasonsText } from './reason-text.js';
import { headline, type HeadlineTone } from './headline.js';
import { sanitize } from '../text/sanitize.js';
import { renderBaselineText } from './baseline.js';
import { renderCompact } from './compact.js';
import { renderSummary } from './summary.js';
import { COMPACT } from './table-style.js';
import type { ListedResults } from '../verdict/only.js';
import { listingLine } from './listing.js';

/** With --only, `view` holds the listed domains: they are shown, while the summary counts the whole run. */
export function renderTable(report: Report, paint: ChalkInstance, details = true, view: ListedResults | null = null): string {
  const listed = view ? view.results : report.results;
  const blocks = details ? listed.map((result) => renderDomain(result, paint)) : listed.length ? [renderCompact(listed, paint)] : [];
  if (report.results.length > 1 || report.gate || view) blocks.push(renderSummary(report, paint));
  if (view) blocks.push(listingLine(view.listing));
  if (report.baseline) blocks.push(renderBaselineText(report.baseline, paint));
  if (report.interrupted) blocks.push(paint.yellow(`Interrupted: ${report.interrupted.notChecked} target(s) not checked.`));
  const notes = report.notes.map((note) => paint.dim(`note: ${sanitize(note, 1000)}`));
  return `${[...blocks, ...notes].join('\n\n')}\n`;
}

function renderDomain(result: DomainResult, paint: ChalkInstance): string {
  const head = headline(result);
  const title = paint.bold(sanitize(result.domain ?? result.input));
  const lines = [`${title}  ${tone(paint, head.tone)(`${mark(head.tone)} ${head.text}`)}`];
  if (result.domain && result.input !== result.domain) lines.push(paint.dim(`  input: ${sanitize(result.input)}`));
  if (result.dns.message) lines.push(`  DNS: ${sanitize(result.dns.message)}`);
  for (const host of result.mx) lines.push(...renderHost(host, paint));
  lines.push(indent(renderSettings(result, paint)));
  return lines.join('\n');
}

function renderHost(host: MxHostResult, paint: ChalkInstance): string[] {
  const label = host.implicit ? `implicit MX (no MX record) ${host.host}` : `MX ${host.preference} ${host.host}`;
  const lines = [`  ${paint.cyan(sanitize(label))}`];
  if (host.dnsFailure) lines.push(`    ${paint.red('✘')} ${REASON_TEXT[host.dnsFailure.reason]}: ${sanitize(host.dnsFailure.message)}`);
  for (const address of host.addresses) lines.push(...renderAddress(address, paint));
  return lines;
}

function renderAddress(address: AddressResult, paint: ChalkInstance): string[] {
  const where = address.family === 6 ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`;
  const facts: string[] = [];
  if (address.starttls === true) facts.push(paint.green('STARTTLS'));
  else if (address.starttls === false)
    facts.push(paint.yellow(address.heloFallback ? 'no STARTTLS (EHLO refused, HELO used)' : 'no STARTTLS'));
  if (address.tls) facts.push(`${address.tls.protocol} ${sanitize(address.tls.cipher)}`);
  if (address.legacyProtocols?.length) facts.push(paint.yellow(`speaks only ${address.legacyProtocols.join(', ')}`));
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

function renderSettings(result: DomainResult, paint: ChalkInstance): string {
  const table = new Table({
    head: ['setting', 'delivered', 'over', 'via', 'why'].map((h) => paint.bold(h)),
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    chars: COMPACT,
    wordWrap: true,
    colWidths: [null, null, null, null, 46],
  });
  for (const name of SETTING_NAMES) table.push(settingRow(name, result.settings[name], paint));
  return table.toString();
}

function settingRow(name: string, verdict: SettingVerdict, paint: ChalkInstance): string[] {
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
  // Delivered over TLS despite reasons: those belong to MX hosts tried (and skipped) before `via`.
  const why = text && verdict.deliverable === true && verdict.transport !== 'plaintext' ? `other MX: ${text}` : text;
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
