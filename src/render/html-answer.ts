/**
 * The top of the page: the answer in one sentence per setting (the impact sentence the table and
 * Markdown print), each with a bar of domains and, with Email Log Files, a bar of messages; the
 * gate's line when there is a gate; a warning when the run was interrupted.
 */
import type { Report } from '../model/report.js';
import { plural } from '../text/words.js';
import { tally } from '../verdict/delivery.js';
import type { ExitPolicy } from '../verdict/gate.js';
import type { ListedResults } from '../verdict/only.js';
import { hasTraffic } from '../verdict/traffic.js';
import { gateLine } from './gate-line.js';
import { barChart, messageTally } from './html-chart.js';
import { escapeHtml, untrusted } from './html-escape.js';
import { switchedBy } from './html-scope.js';
import { impactSentence } from './impact.js';
import { listingLine } from './listing.js';
import { profileOf } from './profile.js';

const ALL = Number.POSITIVE_INFINITY;

export function answerSection(report: Report, view: ListedResults | null, policy: ExitPolicy): string {
  const parts = ['<section id="answer" aria-labelledby="answer-title">', '<h2 id="answer-title">The answer</h2>'];
  if (report.interrupted)
    parts.push(
      `<p class="alert" role="alert"><strong>⚠ The run was interrupted:</strong> ${plural(report.interrupted.notChecked, 'target')} not checked; the figures count only what was checked.</p>`,
    );
  const verdict = gateLine(report, policy);
  if (verdict) parts.push(`<p class="lead"><strong>${untrusted(verdict, ALL)}</strong></p>`);
  if (view) parts.push(`<p class="muted">${untrusted(listingLine(view.listing), ALL)}</p>`);
  const withTraffic = hasTraffic(report.results);
  parts.push('<ul class="answers">');
  const profile = profileOf(report);
  const unswitched = profile.settings[0]!.name;
  for (const { name: setting, summary } of profile.settings) {
    const scope = switchedBy(report, setting);
    const outside = report.results.length - scope.length;
    const restricted =
      outside > 0 ? ` (${plural(outside, 'domain')} outside --restrict stay on ${unswitched} and are not counted here.)` : '';
    parts.push(
      `<li class="answer" id="answer-${escapeHtml(setting)}">`,
      `<h3>${escapeHtml(setting)} <span class="muted">— ${escapeHtml(summary)}</span></h3>`,
      `<p class="sentence">${untrusted(impactSentence(scope, setting), ALL)}${restricted}</p>`,
      barChart(setting, tally(scope, setting), 'domains'),
      withTraffic ? barChart(setting, messageTally(scope, setting), 'messages') : '',
      '</li>',
    );
  }
  parts.push('</ul>', '</section>');
  return parts.filter((part) => part !== '').join('\n');
}
