/**
 * One MX host in a domain's details: its addresses and what was observed at each (connection,
 * banner, EHLO keywords, STARTTLS, TLS, failure) and the certificate it presented. Every server
 * string is sanitised and escaped (`untrusted`).
 */
import type { AddressResult, CertificateReport, MxHostResult } from '../model/report.js';
import { REASON_TEXT } from '../model/reasons.js';
import { formatCount } from '../text/words.js';
import { code, escapeHtml, untrusted } from './html-escape.js';

/** Certificate names listed; a certificate may carry thousands. */
const NAMES_SHOWN = 20;

export function hostBlock(host: MxHostResult): string {
  const label = host.implicit ? 'implicit MX (no MX record, the domain itself)' : `MX ${host.preference}`;
  const parts = [`<div class="host">`, `<h4>${label} ${code(host.host)}</h4>`];
  if (host.dnsFailure)
    parts.push(`<p class="bad">✘ ${escapeHtml(REASON_TEXT[host.dnsFailure.reason])} (${code(host.dnsFailure.message)})</p>`);
  if (!host.dnsFailure && host.addresses.length === 0) parts.push('<p class="muted">no address</p>');
  host.addresses.forEach((address, index) => {
    // Addresses of one host usually present the same certificate: shown once.
    const earlier = host.addresses.slice(0, index).find((other) => sameCertificate(other.certificate, address.certificate));
    parts.push(addressBlock(address, earlier ?? null));
  });
  parts.push('</div>');
  return parts.join('\n');
}

function sameCertificate(a: CertificateReport | null, b: CertificateReport | null): boolean {
  return a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);
}

function addressBlock(address: AddressResult, sameAs: AddressResult | null): string {
  const where = address.family === 6 ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`;
  const facts: string[] = [];
  if (!address.connected) facts.push('<span class="bad">✘ not connected</span>');
  if (address.banner) facts.push(`banner: ${lines(address.banner)}`);
  if (address.extensions) facts.push(`EHLO keywords: ${code(address.extensions.join(' '), 1000)}`);
  if (address.heloFallback) facts.push('EHLO refused, HELO used');
  if (address.starttls === true) facts.push('✔ STARTTLS offered');
  if (address.starttls === false) facts.push('<span class="bad">✘ STARTTLS not offered</span>');
  if (address.tls) facts.push(`TLS: ${code(`${address.tls.protocol} ${address.tls.cipher}`)}`);
  if (address.legacyProtocols?.length) facts.push(`speaks only ${code(address.legacyProtocols.join(', '))}`);
  if (address.failure) {
    const { phase, reason, message } = address.failure;
    facts.push(
      `<span class="bad">✘ ${escapeHtml(phase)}: ${escapeHtml(REASON_TEXT[reason])}</span>${message ? ` (${code(message)})` : ''}`,
    );
  }
  const certificate = !address.certificate
    ? ''
    : sameAs
      ? `<p class="muted">Certificate: the same as ${code(sameAs.address)}’s</p>`
      : certificateBlock(address.certificate);
  return `<h5>${code(where)}</h5><ul>${facts.map((fact) => `<li>${fact}</li>`).join('')}</ul>${certificate}`;
}

function lines(banner: readonly string[]): string {
  return banner.map((line) => `${code(line)}`).join('<br>');
}

function certificateBlock(cert: CertificateReport): string {
  const shown = cert.names.slice(0, NAMES_SHOWN).map((name) => code(name));
  if (cert.names.length > NAMES_SHOWN) shown.push(`and ${formatCount(cert.names.length - NAMES_SHOWN)} more`);
  const trust = cert.trusted ? '✔ trusted' : `<span class="bad">✘ not trusted (${escapeHtml(cert.trustError ?? 'unknown')})</span>`;
  const yes = (value: boolean) => (value ? '✔ yes' : '✘ no');
  const key = `${untrusted(cert.keyType)}${cert.keyBits === null ? '' : ` ${cert.keyBits}`}`;
  const facts = [
    `certificate ${code(cert.subject)}, names ${shown.join(', ') || '<span class="muted">none</span>'}, issuer ${code(cert.issuer)}`,
    `valid ${untrusted(cert.notBefore.slice(0, 10))} → ${untrusted(cert.notAfter.slice(0, 10))} (${formatCount(cert.daysLeft)} days left); ${key}; chain of ${cert.chainLength} sent`,
    `${trust}; a name matches the MX host: ${yes(cert.matchesMx)}, the domain: ${yes(cert.matchesDomain)}`,
  ];
  return `<ul>${facts.map((fact) => `<li>${fact}</li>`).join('')}</ul>`;
}
