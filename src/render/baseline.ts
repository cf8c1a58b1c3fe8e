/**
 * The "changes since the baseline" block of the table output. Renders the comparison and decides
 * nothing; every string from the baseline file or a server goes through `sanitize`.
 */
import type { ChalkInstance } from 'chalk';
import type { BaselineChange, BaselineComparison, ChangeEffect, ChangeKind } from '../model/report.js';
import { plural } from '../text/words.js';
import { summarizeChanges } from '../verdict/changes.js';
import { sanitize } from '../text/sanitize.js';

export function renderBaselineText(comparison: BaselineComparison, paint: ChalkInstance): string {
  const counts = summarizeChanges(comparison);
  const parts = [plural(counts.regressions, 'regression'), plural(counts.improvements, 'improvement')];
  if (counts.other > 0) parts.push(plural(counts.other, 'other change'));
  const title = `Changes since ${sanitize(comparison.file)} (${sanitize(comparison.generatedAt)}): ${parts.join(', ')}`;
  const lines = [paint.bold(title)];
  if (comparison.changes.length === 0) lines.push(paint.dim('  no changes'));
  for (const change of comparison.changes) lines.push(`  ${renderChange(change, paint)}`);
  return lines.join('\n');
}

/** Each kind of change in words (the table and the HTML page). */
export const KIND_TEXT: Record<ChangeKind, string> = {
  'new-domain': 'new domain (not in the baseline)',
  'removed-domain': 'not checked in this run (was in the baseline)',
  'verdict-changed': 'verdict changed',
  'starttls-lost': 'STARTTLS lost',
  'starttls-gained': 'STARTTLS gained',
  'certificate-now-fails': 'certificate no longer verifies',
  'certificate-now-verifies': 'certificate now verifies',
  'mx-added': 'MX host added',
  'mx-removed': 'MX host removed',
};

function renderChange(change: BaselineChange, paint: ChalkInstance): string {
  const effect = change.effect;
  const mark = MARKS[effect];
  const what = change.kind === 'verdict-changed' && change.setting ? change.setting : KIND_TEXT[change.kind];
  const subject = change.host ? `${sanitize(change.host)} ${what}` : what;
  const values = beforeAfter(change);
  return `${colour(paint, effect)(mark)} ${paint.bold(sanitize(change.domain))}  ${subject}${values ? `: ${values}` : ''}`;
}

function beforeAfter({ before, after }: BaselineChange): string {
  if (before !== null && after !== null) return `${sanitize(before)} → ${sanitize(after)}`;
  if (after !== null) return sanitize(after);
  return before !== null ? `was ${sanitize(before)}` : '';
}

const MARKS: Record<ChangeEffect, string> = { regression: '✘', improvement: '✔', neutral: '•' };

function colour(paint: ChalkInstance, effect: ChangeEffect): ChalkInstance {
  return effect === 'regression' ? paint.red : effect === 'improvement' ? paint.green : paint.dim;
}
