/**
 * One MX host in a domain's details: its addresses and what was observed at each (connection,
 * banner, EHLO keywords, STARTTLS, TLS, failure) and the certificate it presented. Every server
 * string is sanitised and escaped (`untrusted`).
 */
import type { AddressResult, CertificateReport, MxHostResult } from '../model/report.js';
import { REASON_TEXT } from '../model/reasons.js';
import { formatCount } from '../text/words.js';
import { escapeHtml, untrusted } from './html-escape.js';

/** Certificate names listed; a certificate may carry thousands. */
const NAMES_SHOWN = 20;

export function hostBlock(host: MxHostResult): string {
  const label = host.implicit ? 'implicit MX (no MX record, the domain itself)' : `MX ${host.preference}`;
  const parts = [`<div class="host">`, `<h4>${label} <span class="mono">${untrusted(host.host)}</span></h4>`];
  if (host.dnsFailure)
    parts.push(
      `<p class="bad">✘ ${escapeHtml(REASON_TEXT[host.dnsFailure.reason])} <span class="mono">(${untrusted(host.dnsFailure.message)})</span></p>`,
    );
  if (!host.dnsFailure && host.addresses.length === 0) parts.push('<p class="muted">no address</p>');
  for (const address of host.addresses) parts.push(addressBlock(address));
  parts.push('</div>');
  return parts.join('\n');
}

function addressBlock(address: AddressResult): string {
  const where = address.family === 6 ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`;
  const facts: string[] = [];
  facts.push(address.connected ? 'connected' : '<span class="bad">✘ not connected</span>');
  if (address.banner) facts.push(`banner: ${lines(address.banner)}`);
  if (address.extensions) facts.push(`EHLO keywords: <span class="mono">${untrusted(address.extensions.join(' '), 1000)}</span>`);
  if (address.heloFallback) facts.push('EHLO refused, HELO used');
  if (address.starttls === true) facts.push('<span class="ok">✔ STARTTLS offered</span>');
  if (address.starttls === false) facts.push('<span class="bad">✘ STARTTLS not offered</span>');
  if (address.tls) facts.push(`TLS: <span class="mono">${untrusted(address.tls.protocol)} ${untrusted(address.tls.cipher)}</span>`);
  if (address.legacyProtocols?.length) facts.push(`speaks only <span class="mono">${untrusted(address.legacyProtocols.join(', '))}</span>`);
  if (address.failure) {
    const { phase, reason, message } = address.failure;
    facts.push(
      `<span class="bad">✘ ${escapeHtml(phase)}: ${escapeHtml(REASON_TEXT[reason])}</span>${message ? ` <span class="mono">(${untrusted(message)})</span>` : ''}`,
    );
  }
  const certificate = address.certificate ? certificateBlock(address.certificate) : '';
  return [
    `<h5 class="mono">${untrusted(where)}</h5>`,
    `<ul class="facts">${facts.map((fact) => `<li>${fact}</li>`).join('')}</ul>`,
    certificate,
  ].join('\n');
}

function lines(banner: readonly string[]): string {
  return banner.map((line) => `<span class="mono">${untrusted(line)}</span>`).join('<br>');
}

function certificateBlock(cert: CertificateReport): string {
  const shown = cert.names.slice(0, NAMES_SHOWN).map((name) => `<span class="mono">${untrusted(name)}</span>`);
  if (cert.names.length > NAMES_SHOWN) shown.push(`and ${formatCount(cert.names.length - NAMES_SHOWN)} more`);
  const trust = cert.trusted
    ? '<span class="ok">✔ trusted</span>'
    : `<span class="bad">✘ not trusted (${escapeHtml(cert.trustError ?? 'unknown')})</span>`;
  const yes = (value: boolean) => (value ? '<span class="ok">✔ yes</span>' : '<span class="bad">✘ no</span>');
  const facts = [
    `subject: <span class="mono">${untrusted(cert.subject)}</span>`,
    `names: ${shown.join(', ') || '<span class="muted">none</span>'}`,
    `issuer: <span class="mono">${untrusted(cert.issuer)}</span>`,
    `valid: ${untrusted(cert.notBefore.slice(0, 10))} → ${untrusted(cert.notAfter.slice(0, 10))} (${formatCount(cert.daysLeft)} days left)`,
    `key: ${untrusted(cert.keyType)}${cert.keyBits === null ? '' : ` ${cert.keyBits}`}; chain of ${cert.chainLength} sent`,
    `chain: ${trust}; a name matches the MX host: ${yes(cert.matchesMx)}; the domain: ${yes(cert.matchesDomain)}`,
  ];
  return `<p class="muted">Certificate</p><ul class="facts cert">${facts.map((fact) => `<li>${fact}</li>`).join('')}</ul>`;
}
