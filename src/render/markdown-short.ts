/**
 * The Markdown report shortened to fit a size limit (a pull-request comment): the title, the
 * impact and the gate; every failing domain named, worst first; the notes (e.g. "port 25 seems
 * blocked", which explains a run where every domain is undetermined); the undetermined domains,
 * worst first; then the details of those domains, the other domains' rows and the baseline
 * changes as room allows; and a closing line counting what was left out. Only whole pieces are
 * added (a list item, a table row, a domain's section), never a cut one, so no escape, row or
 * code span is ever broken. A section that is cut says how many of its items are missing.
 */
import type { DomainResult, Report } from '../model/report.js';
import type { Profile, SettingName } from '../model/settings.js';
import { profileOf, viewSetting } from './profile.js';
import type { ExitPolicy } from '../verdict/gate.js';
import { formatCount, plural } from '../text/words.js';
import { headline, type HeadlineTone } from './headline.js';
import { judgedSetting, standing, type ListedResults } from '../verdict/only.js';
import {
  baselineHead,
  changeLine,
  domainLine,
  domainSection,
  impactSection,
  markdownLength,
  noteLine,
  overviewHead,
  overviewRow,
  titleLines,
} from './markdown-parts.js';

/** What the closing line counts. */
interface LeftOut {
  failing: number;
  undetermined: number;
  others: number;
  details: number;
  notes: number;
  changes: number;
}

interface Section {
  /** Everything before the first item, starting with the blank line that separates it from what precedes. */
  head: string;
  /** Whole Markdown pieces, each ending with a line break. */
  items: string[];
  /** Said when `n` items are left out: a whole piece ending with a line break. */
  more: (n: number) => string;
  /** Show the head and `more` even when no item fits (the failing domains are at least counted). */
  always: boolean;
  /** Which count of the closing line the left-out items add to; null when they are not counted. */
  counts: keyof LeftOut | null;
}

export function renderShortMarkdown(report: Report, view: ListedResults | null, limit: number, policy: ExitPolicy): string {
  const listed = view ? view.results : report.results;
  const profile = profileOf(report);
  const ungated = profile.view;
  const failing = worstFirst(listed.filter((result) => standing(result, ungated) === 'failing'));
  const undetermined = worstFirst(listed.filter((result) => standing(result, ungated) === 'undetermined'));
  const others = mostTroubledFirst(
    listed.filter((result) => standing(result, ungated) === 'passing'),
    profile,
  );
  const setting = viewSetting(report);
  const sections = [
    namedList('Failing domains', `Not delivered under ${setting}`, 'failing', failing, setting, ungated),
    listSection('\n## Notes\n\n', report.notes.map(noteLine), 'note', 'notes'),
    namedList(
      'Undetermined domains',
      `Could not be judged under ${setting} (a sender would retry)`,
      'undetermined',
      undetermined,
      setting,
      ungated,
    ),
    {
      head: '\n## Details\n',
      items: [...failing, ...undetermined].map((result) => `\n${domainSection(result)}\n`),
      more: (n: number) => `\n… and the details of ${plural(n, 'more domain')}.\n`,
      always: false,
      counts: 'details' as const,
    },
    {
      head: `\n## Other domains\n\n${overviewHead(profile).join('\n')}\n`,
      items: others.map((result) => `${overviewRow(result, profile)}\n`),
      // The blank line ends the table, so the sentence is not read as a row.
      more: (n: number) => `\n… and ${plural(n, 'more domain')}.\n`,
      always: false,
      counts: 'others' as const,
    },
  ];
  const baseline = report.baseline;
  if (baseline) {
    const head = `\n${baselineHead(baseline).join('\n')}\n`;
    sections.push(
      baseline.changes.length
        ? listSection(head, baseline.changes.map(changeLine), 'change', 'changes')
        : { head, items: ['No changes.\n'], more: () => '', always: false, counts: null },
    );
  }

  const head = `${titleLines(report, view)}\n\n${shortenedNotice(limit)}\n\n${impactSection(report, 0, policy)}\n`;
  const hint = view ? 'the JSON report has them all: `--format json`' : 'use `--only failing`, or the JSON report: `--format json`';
  const leftOut: LeftOut = { failing: 0, undetermined: 0, others: 0, details: 0, notes: 0, changes: 0 };
  for (const section of sections) if (section.counts) leftOut[section.counts] += section.items.length;
  // Room for the closing line at its longest: as if everything were left out.
  let room = limit - markdownLength(head) - markdownLength(closing(leftOut, hint));
  let body = '';
  for (const section of sections) {
    const { text, taken } = fill(section, room);
    body += text;
    room -= markdownLength(text);
    if (section.counts) leftOut[section.counts] -= taken;
  }
  return `${head}${body}${closing(leftOut, hint)}`;
}

function namedList(
  title: string,
  intro: string,
  counts: keyof LeftOut,
  results: DomainResult[],
  setting: SettingName,
  ungated: SettingName,
): Section {
  // With --restrict, domains outside the list are judged under the default: say so on their line.
  const line = (result: DomainResult) => {
    const judged = judgedSetting(result, ungated);
    return domainLine(result, judged, judged === setting ? '' : ` (outside --restrict: judged under ${judged})`);
  };
  return {
    head: `\n## ${title} (${formatCount(results.length)})\n\n${intro}, most recipients first.\n\n`,
    items: results.map((result) => `${line(result)}\n`),
    more: (n) => `- … and ${plural(n, `more ${title.toLowerCase().replace(/s$/, '')}`)}\n`,
    always: true,
    counts,
  };
}

function listSection(head: string, lines: string[], noun: string, counts: keyof LeftOut): Section {
  return { head, items: lines.map((line) => `${line}\n`), more: (n) => `- … and ${plural(n, `more ${noun}`)}\n`, always: false, counts };
}

function shortenedNotice(limit: number): string {
  return `> ✂️ Shortened to fit ${formatCount(limit)} characters (a GitHub comment holds 65,536): the failing domains first, then details as room allows.`;
}

/** The whole section when it fits; else its head, as many items as fit and the `more` line; else nothing. */
function fill(section: Section, room: number): { text: string; taken: number } {
  if (section.items.length === 0) return { text: '', taken: 0 };
  const whole = section.head + section.items.join('');
  if (markdownLength(whole) <= room) return { text: whole, taken: section.items.length };
  // The `more` line is at its longest when it counts every item.
  let used = markdownLength(section.head) + markdownLength(section.more(section.items.length));
  let taken = 0;
  for (const item of section.items) {
    if (used + markdownLength(item) > room) break;
    used += markdownLength(item);
    taken += 1;
  }
  if (used > room || (taken === 0 && !section.always)) return { text: '', taken: 0 };
  return { text: `${section.head}${section.items.slice(0, taken).join('')}${section.more(section.items.length - taken)}`, taken };
}

/** The closing line: what was left out, counted; never longer than with every count at its largest. */
function closing(leftOut: LeftOut, hint: string): string {
  const domains = leftOut.failing + leftOut.undetermined + leftOut.others;
  const parts = [
    domains > 0 ? plural(domains, 'more domain') : null,
    leftOut.details > 0 ? `the details of ${plural(leftOut.details, 'domain')}` : null,
    leftOut.changes > 0 ? plural(leftOut.changes, 'baseline change') : null,
    leftOut.notes > 0 ? plural(leftOut.notes, 'note') : null,
  ].filter((part): part is string => part !== null);
  if (parts.length === 0) return '';
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `\n---\n\n**… ${list} not shown** (${hint}).\n`;
}

const TONE_ORDER: Record<HeadlineTone, number> = { bad: 0, unknown: 1, warn: 2, ok: 3 };

/** Rows that still say something first (e.g. mail stops under Required Verify), the fine ones last; otherwise report order. */
function mostTroubledFirst(results: DomainResult[], profile: Profile): DomainResult[] {
  const tone = (result: DomainResult) => TONE_ORDER[headline(result, profile).tone];
  return [...results].sort((a, b) => tone(a) - tone(b));
}

/** Most messages in the Email Log Files, then most recipients, then by name: the order of the impact's worst-hit list. */
function worstFirst(results: DomainResult[]): DomainResult[] {
  const name = (result: DomainResult) => result.domain ?? result.input;
  const messages = (result: DomainResult) => result.traffic?.deliveries ?? -1;
  return [...results].sort(
    (a, b) => messages(b) - messages(a) || b.recipients - a.recipients || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0),
  );
}
