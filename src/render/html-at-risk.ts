/**
 * The domains a switch would cut off, per setting, with the reason in words: the impact's
 * "not delivered" list (not already mail-less under preferred), most messages in the Email Log
 * Files first when there are logs, else most recipients first (the impact's own order).
 */
import type { DomainResult, Report } from '../model/report.js';
import { settingRule } from '../model/settings.js';
import { plural } from '../text/words.js';
import { hasTraffic, messagesOf } from '../verdict/traffic.js';
import { code, escapeHtml, untrusted } from './html-escape.js';
import { switchedBy } from './html-scope.js';
import { impact, type ImpactEntry } from './impact.js';
import { profileOf } from './profile.js';
import { reasonsText } from './reason-text.js';

export function atRiskSection(report: Report): string {
  const withTraffic = hasTraffic(report.results);
  const parts = ['<section id="at-risk" aria-labelledby="at-risk-title">', '<h2 id="at-risk-title">Who a switch cuts off</h2>'];
  const profile = profileOf(report);
  for (const setting of profile.atRisk) {
    const scope = switchedBy(report, setting);
    const entries = ranked(impact(scope, setting).notDelivered.worst, scope, withTraffic);
    const name = escapeHtml(setting);
    parts.push(
      `<h3 id="at-risk-${name}">Cut off by a switch to ${escapeHtml(settingRule(profile, setting).label)}: ${plural(entries.length, 'domain')}</h3>`,
    );
    if (entries.length === 0) {
      parts.push(`<p class="ok">✔ No domain would stop getting mail under ${name}.</p>`);
      continue;
    }
    const by = withTraffic ? 'most messages in the Email Log Files first' : 'most recipients first';
    parts.push(`<p class="muted">${by}</p>`, `<ol class="at-risk" data-setting="${name}">`);
    for (const { entry, messages } of entries) parts.push(item(entry, messages, withTraffic));
    parts.push('</ol>');
  }
  parts.push('</section>');
  return parts.join('\n');
}

interface Ranked {
  entry: ImpactEntry;
  messages: number;
}

/** With logs, by messages (a stable sort keeps the impact's recipients order among equals). */
function ranked(worst: readonly ImpactEntry[], scope: readonly DomainResult[], withTraffic: boolean): Ranked[] {
  const byName = new Map(scope.map((result) => [result.domain ?? result.input, result]));
  const entries = worst.map((entry) => ({ entry, messages: messagesOf(byName.get(entry.domain) ?? { traffic: null }) }));
  return withTraffic ? entries.sort((a, b) => b.messages - a.messages) : entries;
}

function item(entry: ImpactEntry, messages: number, withTraffic: boolean): string {
  const weight = [plural(entry.recipients, 'recipient')];
  if (withTraffic) weight.push(plural(messages, 'message'));
  return (
    `<li data-domain="${untrusted(entry.domain)}" data-recipients="${entry.recipients}" data-messages="${messages}">` +
    `<span class="bad">✘</span> <strong>${code(entry.domain)}</strong> ` +
    `<span class="muted">(${weight.join(', ')})</span>: ${escapeHtml(reasonsText(entry.reasons) || 'no reason recorded')}</li>`
  );
}
