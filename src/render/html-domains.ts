/**
 * Every domain as a row: the headline answer, recipients, messages (with Email Log Files) and the
 * verdict of each setting, with a `<details>` below it. Each domain is its own `<tbody>`, so the
 * page script sorts and filters whole domains and print keeps a domain together. The rows work
 * without the script; the controls are hidden until it runs. The script reads the sort and filter
 * keys from a JSON data block (`domainData`), never from the HTML.
 */
import type { DomainResult } from '../model/report.js';
import { settingNames, type Profile } from '../model/settings.js';
import { sanitize } from '../text/sanitize.js';
import { formatCount } from '../text/words.js';
import { hasTraffic, messagesOf } from '../verdict/traffic.js';
import { headline, type HeadlineTone } from './headline.js';
import { domainDetails, verdictCell } from './html-domain-details.js';
import { verdictUnder } from '../verdict/delivery.js';
import { code, escapeHtml, untrusted } from './html-escape.js';

/** The outcomes the filter offers, worst first (the "outcome" sort order), in words and with a mark. */
const OUTCOMES: readonly { tone: HeadlineTone; mark: string; words: string }[] = [
  { tone: 'bad', mark: '✘', words: 'mail stops under Required (or gets no mail at all)' },
  { tone: 'unknown', mark: '?', words: 'undetermined' },
  { tone: 'warn', mark: '!', words: 'safe under Required, not under Required Verify' },
  { tone: 'ok', mark: '✔', words: 'safe under every setting' },
];

/** How much of a row's text the filter searches (sanitised, as shown). */
const SEARCHED_CHARS = 2000;

export interface DomainRowData {
  index: number;
  name: string;
  recipients: number;
  messages: number;
  outcome: HeadlineTone;
  /** The outcome's place in OUTCOMES, for sorting. */
  rank: number;
  /** Lower-case text the text filter searches: the domain, the input, the MX hosts (sanitised). */
  search: string;
}

export function domainData(results: readonly DomainResult[], profile: Profile): DomainRowData[] {
  return results.map((result, index) => {
    const line = headline(result, profile);
    return {
      index,
      name: sanitize(result.domain ?? result.input),
      recipients: result.recipients,
      messages: messagesOf(result),
      outcome: line.tone,
      rank: OUTCOMES.findIndex((outcome) => outcome.tone === line.tone),
      search: sanitize(
        [...new Set([result.domain ?? result.input, result.input, ...result.mx.map((host) => host.host)])].join(' '),
        SEARCHED_CHARS,
      ).toLowerCase(),
    };
  });
}

export function domainsSection(results: readonly DomainResult[], profile: Profile): string {
  const names = settingNames(profile);
  const withTraffic = hasTraffic(results);
  const head = [
    '<th scope="col">domain</th>',
    '<th scope="col">answer</th>',
    '<th scope="col" class="num">recipients</th>',
    withTraffic ? '<th scope="col" class="num">messages</th>' : '',
    ...names.map((name) => `<th scope="col">${escapeHtml(name)}</th>`),
  ].filter((cell) => cell !== '');
  return [
    '<section id="domains-section" aria-labelledby="domains-title">',
    `<h2 id="domains-title">Every domain (${formatCount(results.length)})</h2>`,
    controls(withTraffic),
    `<table class="domains${withTraffic ? ' traffic' : ''}" id="domains">`,
    `<thead><tr>${head.join('')}</tr></thead>`,
    ...results.map((result, index) => domainBody(result, profile, index, withTraffic, head.length)),
    '</table>',
    '</section>',
  ].join('\n');
}

function controls(withTraffic: boolean): string {
  const options = OUTCOMES.map((outcome) => `<option value="${outcome.tone}">${outcome.mark} ${escapeHtml(outcome.words)}</option>`);
  const sorts = [
    ['input', 'input order'],
    ['name', 'name'],
    ['recipients', 'recipients'],
    ...(withTraffic ? [['messages', 'messages']] : []),
    ['outcome', 'outcome, worst first'],
  ];
  return [
    '<div class="controls no-print" id="domain-controls" hidden>',
    '<label>Find <input type="search" id="filter-text" placeholder="domain or MX host" autocomplete="off"></label>',
    `<label>Outcome <select id="filter-outcome"><option value="">all</option>${options.join('')}</select></label>`,
    `<label>Sort by <select id="sort-by">${sorts.map(([value, words]) => `<option value="${value}">${words}</option>`).join('')}</select></label>`,
    '<p id="shown-count" role="status" aria-live="polite"></p>',
    '</div>',
  ].join('\n');
}

function domainBody(result: DomainResult, profile: Profile, index: number, withTraffic: boolean, columns: number): string {
  const line = headline(result, profile);
  const mark = OUTCOMES.find((outcome) => outcome.tone === line.tone)!.mark;
  const name = code(result.domain ?? result.input);
  const cells = [
    `<th scope="row">${name}</th>`,
    `<td class="${line.tone}">${mark} ${untrusted(line.text, Number.POSITIVE_INFINITY)}</td>`,
    `<td class="num">${formatCount(result.recipients)}</td>`,
    withTraffic ? `<td class="num">${formatCount(messagesOf(result))}</td>` : '',
    ...settingNames(profile).map((setting) => {
      const cell = verdictCell(verdictUnder(result, setting));
      return `<td class="${cell.tone}" data-label="${escapeHtml(setting)}">${cell.text}</td>`;
    }),
  ].filter((cell) => cell !== '');
  return [
    `<tbody class="domain" data-index="${index}">`,
    `<tr class="row">${cells.join('')}</tr>`,
    `<tr class="more"><td colspan="${columns}"><details><summary>Details of ${name}</summary>`,
    domainDetails(result),
    '</details></td></tr>',
    '</tbody>',
  ].join('\n');
}
