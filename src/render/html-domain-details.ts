/**
 * What a domain's `<details>` holds: where it came from, what DNS said, the traffic in the Email
 * Log Files, certificate warnings, the verdict of each setting, every MX host with what was
 * observed, and the receiver's policies.
 */
import type { DomainResult, SettingVerdict } from '../model/report.js';
import { SETTING_NAMES } from '../model/settings.js';
import { formatCount, plural } from '../text/words.js';
import { escapeHtml, untrusted } from './html-escape.js';
import { hostBlock } from './html-host.js';
import { policyBlock } from './html-policy.js';
import { reasonsText } from './reason-text.js';

/** A verdict in words, with a mark so colour is not the only signal. */
export function verdictCell(verdict: SettingVerdict): { tone: string; text: string } {
  if (verdict.deliverable === null) return { tone: 'unknown', text: '? undetermined' };
  if (verdict.deliverable === false) return { tone: 'bad', text: '✘ not delivered' };
  if (verdict.transport === 'verified-tls') return { tone: 'ok', text: '✔ verified TLS' };
  return verdict.transport === 'plaintext' ? { tone: 'warn', text: '! plaintext' } : { tone: 'ok', text: '✔ TLS' };
}

export function domainDetails(result: DomainResult): string {
  return [facts(result), verdictTable(result), ...result.mx.map(hostBlock), policyBlock(result.policy)]
    .filter((part) => part !== '')
    .join('\n');
}

function facts(result: DomainResult): string {
  const items: string[] = [];
  if (result.domain !== null && result.input !== result.domain) items.push(`input: <span class="mono">${untrusted(result.input)}</span>`);
  if (result.sources.length) items.push(`from ${untrusted(result.sources.join(', '), 1000)} (${plural(result.recipients, 'recipient')})`);
  items.push(
    `DNS: ${escapeHtml(result.dns.outcome)}${result.dns.message ? ` <span class="mono">(${untrusted(result.dns.message)})</span>` : ''}`,
  );
  const traffic = result.traffic;
  if (traffic) {
    const plain =
      traffic.plaintext > 0 ? `<span class="warn">! ${formatCount(traffic.plaintext)} in plaintext</span>` : 'none in plaintext';
    const last = traffic.lastPlaintext ? `, the last on ${untrusted(traffic.lastPlaintext)}` : '';
    items.push(
      `Email Log Files: ${plural(traffic.deliveries, 'message')} delivered (${formatCount(traffic.tls)} over TLS, ${plain}${last}); ` +
        `${formatCount(traffic.transientFailures)} with transient failures, ${formatCount(traffic.permanentFailures)} bounced`,
    );
  }
  for (const warning of result.warnings)
    items.push(`<span class="warn">! <span class="mono">${untrusted(warning.host)}</span>: ${untrusted(warning.message)}</span>`);
  return `<ul class="facts">${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
}

function verdictTable(result: DomainResult): string {
  const rows = SETTING_NAMES.map((name) => {
    const verdict = result.settings[name];
    const cell = verdictCell(verdict);
    const via = verdict.via
      ? `<span class="mono">${untrusted(verdict.via)}</span>${verdict.viaAddress ? ` <span class="mono muted">${untrusted(verdict.viaAddress)}</span>` : ''}`
      : '';
    const gate = result.gateSetting === name ? ' <span class="muted">(the gate’s setting)</span>' : '';
    return `<tr><th scope="row">${name}${gate}</th><td class="${cell.tone}">${cell.text}</td><td>${via}</td><td>${escapeHtml(reasonsText(verdict.reasons))}</td></tr>`;
  });
  return [
    `<table class="verdicts"><caption class="muted">Per setting</caption>`,
    '<thead><tr><th scope="col">setting</th><th scope="col">delivered</th><th scope="col">via</th><th scope="col">why</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
  ].join('');
}
