/**
 * Markdown for tickets, wikis and pull-request comments: the impact of the switch, a table with
 * one row per domain, then details for the domains that are not fine. Renders the report model
 * and decides nothing; the pieces, and how untrusted text is escaped, are in markdown-parts.ts.
 *
 * A PR comment has a size limit (GitHub: 65,536 characters), so when the full report would not
 * fit in `limit` the shortened one (markdown-short.ts) is rendered instead: the summary and the
 * failing domains first, then details as room allows, and a count of what was left out.
 */
import { verdictUnder } from '../verdict/delivery.js';
import { isRelayResult } from '../model/relay.js';
import type { DomainResult, Report } from '../model/report.js';
import type { SettingName } from '../model/settings.js';
import { judgedUnder, profileOf } from './profile.js';
import type { ExitPolicy } from '../verdict/gate.js';
import type { ListedResults } from '../verdict/only.js';
import {
  baselineHead,
  changeLine,
  domainSection,
  impactSection,
  markdownLength,
  noteLine,
  overviewHead,
  overviewRow,
  policySection,
  titleLines,
} from './markdown-parts.js';
import { renderShortMarkdown } from './markdown-short.js';
import { trafficSection } from './markdown-traffic.js';
import { atRiskFirst } from '../verdict/delivery.js';
import { hasTraffic, notProbed } from '../verdict/traffic.js';
import { gateLine } from './gate-line.js';
import { ALL, md } from './markdown-parts.js';

export { markdownLength, md } from './markdown-parts.js';

/** How many of the worst-hit domains the impact section names. */
const WORST_SHOWN = 10;

/**
 * The default size limit: GitHub's 65,536 less room for what a comment action adds (a hidden
 * marker, a header line).
 */
export const DEFAULT_MARKDOWN_LIMIT = 64_000;

export interface MarkdownOptions {
  /** With --only: the listed domains, and the listing to state. Without: every domain is listed. */
  view?: ListedResults | null;
  /** The most characters (see `markdownLength`) the text may take. */
  limit?: number;
  /** What decides the exit code besides the gate (the gate's line is stated under the impact). */
  policy?: ExitPolicy;
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const view = options.view ?? null;
  const limit = options.limit ?? DEFAULT_MARKDOWN_LIMIT;
  const policy = options.policy ?? { failOnRegression: false };
  const full = renderFull(report, view, policy);
  return markdownLength(full) <= limit ? full : renderShortMarkdown(report, view, limit, policy);
}

function renderFull(report: Report, view: ListedResults | null, policy: ExitPolicy): string {
  const listed = view ? view.results : report.results;
  const traffic = hasTraffic(report.results);
  // With Email Log Files the domains a switch would cut off come first, most messages first.
  const rows = traffic ? atRiskFirst(listed, judgedUnder(report)) : listed;
  // --no-probe: no verdicts to tabulate or detail, only what the logs say.
  const offline = notProbed(report.results);
  // A relay report: the relay's own section is the answer; the domain table and impact speak of recipient domains.
  const relaysOnly = listed.length > 0 && listed.every(isRelayResult);
  const profile = profileOf(report);
  const sections = [
    titleLines(report, view),
    relaysOnly ? '' : impactSection(report, WORST_SHOWN, policy),
    relaysOnly
      ? ['## Email Relay', '', ...relayGate(report, policy), ...listed.map(domainSection)].join('\n')
      : offline
        ? trafficSection(listed, report.results)
        : ['## Domains', '', ...overviewHead(profile, traffic), ...rows.map((result) => overviewRow(result, profile, traffic))].join('\n'),
    relaysOnly || offline ? '' : policySection(listed),
    relaysOnly || offline ? '' : renderDetails(report, listed),
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
  const notFine = (result: DomainResult, setting: SettingName) => verdictUnder(result, setting).deliverable !== true;
  const view = profileOf(report).view;
  const shown = listed.filter(
    (result) => notFine(result, view) || (report.gate !== null && result.gateSetting !== null && notFine(result, result.gateSetting)),
  );
  if (shown.length === 0) return '';
  return ['## Details', ...shown.map(domainSection)].join('\n\n');
}

/** The gate's line, when there is a gate: a relay report leaves out the impact section that states it for domains. */
function relayGate(report: Report, policy: ExitPolicy): string[] {
  const verdict = gateLine(report, policy);
  return verdict ? [`**${md(verdict, ALL)}**`, ''] : [];
}
