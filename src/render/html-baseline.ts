/** "What changed since the baseline", first on the page when --baseline was given. */
import type { BaselineChange, BaselineComparison, ChangeEffect } from '../model/report.js';
import { plural } from '../text/words.js';
import { summarizeChanges } from '../verdict/changes.js';
import { KIND_TEXT } from './baseline.js';
import { code, untrusted } from './html-escape.js';

const EFFECT: Record<ChangeEffect, { tone: string; words: string }> = {
  regression: { tone: 'bad', words: '✘ worse' },
  improvement: { tone: 'ok', words: '✔ better' },
  neutral: { tone: 'muted', words: '• changed' },
};

export function baselineSection(comparison: BaselineComparison): string {
  const counts = summarizeChanges(comparison);
  const totals = [plural(counts.regressions, 'regression'), plural(counts.improvements, 'improvement')];
  if (counts.other > 0) totals.push(plural(counts.other, 'other change'));
  const parts = [
    '<section id="changes" aria-labelledby="changes-title">',
    '<h2 id="changes-title">What changed since the baseline</h2>',
    `<p>Compared with ${code(comparison.file)} (run ${untrusted(comparison.generatedAt)}): ${totals.join(', ')}.</p>`,
  ];
  if (comparison.changes.length === 0) parts.push('<p class="muted">No changes.</p>');
  else
    parts.push(
      '<table class="changes"><thead><tr><th scope="col">effect</th><th scope="col">domain</th><th scope="col">what</th><th scope="col">before</th><th scope="col">after</th></tr></thead><tbody>',
      ...comparison.changes.map(changeRow),
      '</tbody></table>',
    );
  parts.push('</section>');
  return parts.join('\n');
}

function changeRow(change: BaselineChange): string {
  const effect = EFFECT[change.effect];
  const what = change.kind === 'verdict-changed' && change.setting ? `${change.setting}: verdict changed` : KIND_TEXT[change.kind];
  const host = change.host ? ` ${code(change.host)}` : '';
  return (
    `<tr><td class="${effect.tone}">${effect.words}${change.undetermined ? ' (undetermined now)' : ''}</td>` +
    `<th scope="row">${code(change.domain)}</th><td>${what}${host}</td>` +
    `<td>${untrusted(change.before ?? '—')}</td><td>${untrusted(change.after ?? '—')}</td></tr>`
  );
}
