/**
 * What a domain's `<details>` holds: where it came from, what DNS said, the traffic in the Email
 * Log Files, certificate warnings, the verdict of each setting, every MX host with what was
 * observed, and the receiver's policies.
 */
import type { DomainResult, SettingVerdict } from '../model/report.js';
import { settingNamesOf } from '../model/relay.js';
import type { SettingName } from '../model/settings.js';
import { formatCount, plural } from '../text/words.js';
import { verdictUnder } from '../verdict/delivery.js';
import { code, escapeHtml, untrusted } from './html-escape.js';
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
  return [facts(result), verdictList(result), ...result.mx.map(hostBlock), policyBlock(result.policy)]
    .filter((part) => part !== '')
    .join('\n');
}

function facts(result: DomainResult): string {
  const items: string[] = [];
  if (result.domain !== null && result.input !== result.domain) items.push(`input: ${code(result.input)}`);
  if (result.sources.length) items.push(`from ${untrusted(result.sources.join(', '), 1000)} (${plural(result.recipients, 'recipient')})`);
  // An MX answer is the ordinary case, said by the hosts below; anything else is worth a line.
  if (result.dns.outcome !== 'mx' || result.dns.message)
    items.push(`DNS: ${escapeHtml(result.dns.outcome)}${result.dns.message ? ` (${code(result.dns.message)})` : ''}`);
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
  for (const warning of result.warnings) items.push(`<span class="warn">! ${code(warning.host)}: ${untrusted(warning.message)}</span>`);
  return `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
}

/**
 * The verdicts in words: the row above shows each in colour, so here are what it cannot hold —
 * the MX host and address that would carry the mail (once, when every setting that delivers uses
 * the same), and the reasons of each setting that has any.
 */
function verdictList(result: DomainResult): string {
  const names = settingNamesOf(result);
  const carriers = new Set(names.flatMap((name) => carrier(verdictUnder(result, name))));
  const shared = carriers.size === 1 ? [...carriers][0]! : null;
  // Settings with the same words are one line: "preferred, preferred-verify: ! plaintext: ...".
  const lines = new Map<string, SettingName[]>();
  for (const name of names) {
    const verdict = verdictUnder(result, name);
    const why = reasonsText(verdict.reasons);
    const via =
      shared === null
        ? carrier(verdict)
            .map((text) => ` via ${text}`)
            .join('')
        : '';
    if (!why && !via) continue;
    const text = `${verdictCell(verdict).text}${via}${why ? `: ${escapeHtml(why)}` : ''}`;
    lines.set(text, [...(lines.get(text) ?? []), name]);
  }
  const items = shared === null ? [] : [`mail that is delivered goes via ${shared}`];
  for (const [text, group] of lines) items.push(`<strong>${escapeHtml(group.join(', '))}</strong>: ${text}`);
  if (result.gateSetting !== null) items.push(`the gate judged it under <strong>${escapeHtml(result.gateSetting)}</strong>`);
  return items.length ? `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>` : '';
}

/** "<code>mx.example.test</code> (192.0.2.1)", or nothing when the verdict names no host. */
function carrier(verdict: SettingVerdict): string[] {
  if (!verdict.via) return [];
  return [`${code(verdict.via)}${verdict.viaAddress ? ` (${untrusted(verdict.viaAddress)})` : ''}`];
}
