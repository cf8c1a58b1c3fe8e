/**
 * The "changes since the baseline" block of the table output. Renders the comparison and decides
 * nothing; every string from the baseline file or a server goes through `sanitize`.
 */
import type { ChalkInstance } from 'chalk';
import type { BaselineChange, BaselineComparison, ChangeKind } from '../model/report.js';
import { changeEffect, type ChangeEffect } from '../baseline/diff.js';
import { sanitize } from './sanitize.js';

export interface ChangeSummary {
  regressions: number;
  improvements: number;
  /** Changes that are neither (new or removed domains and MX hosts, "not delivered" <-> "undetermined"). */
  other: number;
}

export function summarizeChanges(comparison: BaselineComparison): ChangeSummary {
  const summary: ChangeSummary = { regressions: 0, improvements: 0, other: 0 };
  for (const change of comparison.changes) {
    const effect = changeEffect(change);
    if (effect === 'regression') summary.regressions += 1;
    else if (effect === 'improvement') summary.improvements += 1;
    else summary.other += 1;
  }
  return summary;
}

export function renderBaselineText(comparison: BaselineComparison, paint: ChalkInstance): string {
  const counts = summarizeChanges(comparison);
  const parts = [count(counts.regressions, 'regression'), count(counts.improvements, 'improvement')];
  if (counts.other > 0) parts.push(count(counts.other, 'other change'));
  const title = `Changes since ${sanitize(comparison.file)} (${sanitize(comparison.generatedAt)}): ${parts.join(', ')}`;
  const lines = [paint.bold(title)];
  if (comparison.changes.length === 0) lines.push(paint.dim('  no changes'));
  for (const change of comparison.changes) lines.push(`  ${renderChange(change, paint)}`);
  return lines.join('\n');
}

const KIND_TEXT: Record<ChangeKind, string> = {
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
  const effect = changeEffect(change);
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

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
