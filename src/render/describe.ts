/**
 * One line of plain text per MX host and per address, for the formats that show details as text
 * (JUnit failure bodies, Markdown). Server-sent parts are sanitised here; the caller escapes the
 * whole line for its own syntax (XML, Markdown).
 */
import type { AddressResult, MxHostResult } from '../model/report.js';
import { REASON_TEXT } from '../model/reasons.js';
import { sanitize } from '../text/sanitize.js';

export function describeHost(host: MxHostResult): string {
  const label = host.implicit ? `implicit MX (no MX record) ${sanitize(host.host)}` : `MX ${host.preference} ${sanitize(host.host)}`;
  if (!host.dnsFailure) return label;
  return `${label}: ${REASON_TEXT[host.dnsFailure.reason]} (${sanitize(host.dnsFailure.message)})`;
}

export function describeAddress(address: AddressResult): string {
  const where = address.family === 6 ? `[${sanitize(address.address)}]:${address.port}` : `${sanitize(address.address)}:${address.port}`;
  return `${where}  ${addressFacts(address).join('; ') || 'no details'}`;
}

function addressFacts(address: AddressResult): string[] {
  const facts: string[] = [];
  if (address.failure) {
    const { phase, reason, message } = address.failure;
    facts.push(`✘ ${phase}: ${REASON_TEXT[reason]}${message ? ` (${sanitize(message)})` : ''}`);
  }
  if (address.starttls === false) facts.push(address.heloFallback ? 'no STARTTLS (EHLO refused, HELO used)' : 'no STARTTLS');
  if (address.tls) facts.push(`STARTTLS ${sanitize(address.tls.protocol)} ${sanitize(address.tls.cipher)}`);
  if (address.legacyProtocols?.length) facts.push(`speaks only ${sanitize(address.legacyProtocols.join(', '))}`);
  const cert = address.certificate;
  if (cert) {
    const trust = cert.trusted ? 'trusted' : `not trusted (${cert.trustError ?? 'unknown'})`;
    const names = cert.matchesMx || cert.matchesDomain ? 'name matches' : 'names match neither MX host nor domain';
    facts.push(`certificate ${sanitize(cert.subject)}: ${trust}, ${names}`);
  }
  return facts;
}
