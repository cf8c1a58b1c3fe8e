/**
 * "How this report was made": the tool and its version, when the run started, the platform whose
 * settings were judged, the options that change verdicts (from the CLI, `RunFacts`), the gate,
 * and the run's notes (the preferred-verify reading among them).
 */
import type { Report } from '../model/report.js';
import type { RunFacts } from '../model/run-facts.js';
import { settingNames } from '../model/settings.js';
import { escapeHtml, untrusted } from './html-escape.js';
import { profileOf } from './profile.js';

const ALL = Number.POSITIVE_INFINITY;

export function madeSection(report: Report, facts: RunFacts | null): string {
  const profile = profileOf(report);
  const rows: [string, string][] = [
    ['tool', `tlscheck ${facts ? untrusted(facts.toolVersion) : '<span class="muted">(version not stated)</span>'}`],
    ['run started', untrusted(report.generatedAt)],
    ['judged as', escapeHtml(`${profile.platform} outbound TLS settings: ${settingNames(profile).join(', ')}`)],
  ];
  for (const option of facts?.options ?? []) rows.push([escapeHtml(option.flag), untrusted(option.value, ALL)]);
  const gate = report.gate;
  if (gate) {
    const extras = [
      gate.restrict ? `restricted to ${untrusted(gate.restrict.join(', '), ALL)}` : 'every domain',
      gate.allowUndetermined ? 'undetermined allowed' : null,
      gate.failOnNoMail ? 'domains without mail fail too' : null,
    ].filter((part) => part !== null);
    rows.push(['gate', `--require ${escapeHtml(gate.setting)} (${extras.join('; ')})`]);
  }
  const notes = report.notes.length
    ? ['<h3>Notes</h3>', '<ul class="notes">', ...report.notes.map((note) => `<li>${untrusted(note, ALL)}</li>`), '</ul>']
    : [];
  return [
    '<section id="made" aria-labelledby="made-title">',
    '<h2 id="made-title">How this report was made</h2>',
    '<dl class="made">',
    ...rows.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`),
    '</dl>',
    ...notes,
    '</section>',
  ].join('\n');
}
