/**
 * Markdown for tickets, wikis and pull-request comments: the impact of the switch, a table with
 * one row per domain, then details for the domains that are not fine. Renders the report model
 * and decides nothing; the pieces, and how untrusted text is escaped, are in markdown-parts.ts.
 */
import type { DomainResult, Report } from '../model/report.js';
import type { SettingName } from '../model/settings.js';
import { plural } from '../text/words.js';
import { baselineHead, changeLine, domainSection, impactSection, md, noteLine, overviewHead, overviewRow } from './markdown-parts.js';

export { md } from './markdown-parts.js';

/** How many of the worst-hit domains the impact section names. */
const WORST_SHOWN = 10;

export function renderMarkdown(report: Report): string {
  const sections = [
    `# tlscheck report\n\nGenerated ${md(report.generatedAt)} for ${plural(report.results.length, 'domain')}.`,
    impactSection(report, WORST_SHOWN),
    ['## Domains', '', ...overviewHead(), ...report.results.map(overviewRow)].join('\n'),
    renderDetails(report, report.results),
    report.baseline ? [...baselineHead(report.baseline), ...lines(report.baseline.changes.map(changeLine), 'No changes.')].join('\n') : '',
    report.notes.length ? ['## Notes', '', ...report.notes.map(noteLine)].join('\n') : '',
  ];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}

function lines(items: string[], none: string): string[] {
  return items.length ? items : [none];
}

/** Details for domains not fine under required (or under their gate setting, with a gate). */
function renderDetails(report: Report, listed: readonly DomainResult[]): string {
  const notFine = (result: DomainResult, setting: SettingName) => result.settings[setting].deliverable !== true;
  const shown = listed.filter(
    (result) => notFine(result, 'required') || (report.gate !== null && result.gateSetting !== null && notFine(result, result.gateSetting)),
  );
  if (shown.length === 0) return '';
  return ['## Details', ...shown.map(domainSection)].join('\n\n');
}
