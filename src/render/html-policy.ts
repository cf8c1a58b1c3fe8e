/**
 * The receiver's published policies in a domain's details: MTA-STS, DANE and TLS-RPT, when they
 * were looked up (`result.policy`). Shown as found, with what a sender that honours them would
 * do; the per-setting verdicts do not depend on them. Policy text comes from servers: it is
 * escaped, and a TLS-RPT address is shown as text, never made a link.
 */
import type { DanePolicy, DomainPolicies, MtaStsPolicy, TlsaRecord, TlsRptPolicy } from '../model/policy.js';
import { formatCount } from '../text/words.js';
import { code, escapeHtml, untrusted } from './html-escape.js';

export function policyBlock(policy: DomainPolicies | null): string {
  if (policy === null) return '';
  return ['<h4>Receiver policies</h4>', mtaStsBlock(policy.mtaSts), daneBlock(policy.dane), tlsRptBlock(policy.tlsRpt)].join('\n');
}

function yesNo(value: boolean | null): string {
  if (value === null) return '<span class="unknown">? undetermined</span>';
  return value ? '<span class="ok">✔ yes</span>' : '<span class="bad">✘ no</span>';
}

function findings(codes: readonly string[], messages: readonly string[]): string {
  if (codes.length === 0) return '';
  const items = codes.map(
    (code, index) => `<li><span class="warn">! <code>${escapeHtml(code)}</code></span> ${untrusted(messages[index] ?? '', 1000)}</li>`,
  );
  return `<ul>${items.join('')}</ul>`;
}

function mtaStsBlock(sts: MtaStsPolicy | null): string {
  if (sts === null) return '<p><strong>MTA-STS:</strong> <span class="muted">none published</span></p>';
  const parts = [`<p><strong>MTA-STS:</strong> record id ${sts.id === null ? 'unusable' : code(sts.id)}`];
  if (sts.policy) {
    const patterns = sts.policy.mx.map((mx) => `${code(mx)}`).join(', ');
    parts.push(
      `; mode <strong>${escapeHtml(sts.policy.mode)}</strong>; mx ${patterns || '<span class="muted">none</span>'}; max_age ${formatCount(sts.policy.maxAge)} s`,
    );
  } else parts.push('; <span class="bad">no usable policy file</span>');
  parts.push('</p>');
  if (sts.hosts.length > 0) {
    parts.push(
      '<table class="policy-hosts"><thead><tr><th scope="col">MX host</th><th scope="col">matches a pattern</th><th scope="col">certificate valid</th><th scope="col">a policy-honouring sender delivers</th></tr></thead><tbody>',
      ...sts.hosts.map(
        (host) =>
          `<tr><th scope="row">${code(host.host)}</th><td>${yesNo(host.matchesPattern)}</td><td>${yesNo(host.certificateValid)}</td><td>${yesNo(host.satisfiesPolicy)}</td></tr>`,
      ),
      '</tbody></table>',
    );
  }
  parts.push(findings(sts.findings, sts.messages));
  return parts.join('');
}

function record(tlsa: TlsaRecord): string {
  return code(`${tlsa.usage} ${tlsa.selector} ${tlsa.matchingType} ${tlsa.data}`, 1000);
}

function daneBlock(dane: DanePolicy | null): string {
  if (dane === null) return '<p><strong>DANE:</strong> <span class="muted">no TLSA records</span></p>';
  const trusted = dane.resolverTrusted
    ? 'the resolver is trusted for DNSSEC'
    : '<span class="warn">! the resolver is not trusted for DNSSEC (not on loopback, not named with --trust-ad)</span>';
  const parts = [`<p><strong>DANE:</strong> ${trusted}</p>`];
  for (const host of dane.hosts) {
    const facts = [
      `TLSA ${code(host.tlsaName)}: DNSSEC <strong>${escapeHtml(host.status)}</strong>`,
      ...host.records.map((tlsa) => `record ${record(tlsa)}`),
      ...host.addresses.map(
        (entry) =>
          `${code(entry.address)}: a record matches ${yesNo(entry.matched)}${entry.matchedRecord ? ` (${record(entry.matchedRecord)})` : ''}`,
      ),
    ];
    if (host.suggestedRecord) facts.push(`to publish for the current key: ${record(host.suggestedRecord)}`);
    parts.push(`<p>${code(`${host.host}:${host.port}`)}</p><ul>${facts.map((fact) => `<li>${fact}</li>`).join('')}</ul>`);
  }
  parts.push(findings(dane.findings, dane.messages));
  return parts.join('');
}

function tlsRptBlock(rpt: TlsRptPolicy | null): string {
  if (rpt === null) return '<p><strong>TLS-RPT:</strong> <span class="muted">none published</span></p>';
  const rua = rpt.rua.map((uri) => `${code(uri)}`).join(', ');
  return `<p><strong>TLS-RPT:</strong> reports go to ${rua || '<span class="muted">nowhere usable</span>'}</p>${findings(rpt.findings, rpt.messages)}`;
}
