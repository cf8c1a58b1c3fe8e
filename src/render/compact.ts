/**
 * The table for batches: one line per domain, the verdict per setting as a short word, the
 * domains a switch would cut off first. On a terminal it fits the width (short words below
 * NARROW columns, the verdict column wraps); piped, lines stay whole.
 */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { DomainResult, SettingVerdict } from '../model/report.js';
import type { Profile, SettingName } from '../model/settings.js';
import { sanitize } from '../text/sanitize.js';
import { formatCount } from '../text/words.js';
import { atRiskFirst, verdictUnder } from '../verdict/delivery.js';
import { headline } from './headline.js';
import { lastColumnWidth, type Width } from './layout.js';
import { policyBriefs, type PolicyBriefs } from './policy-text.js';
import { COMPACT } from './table-style.js';

/** Below this many columns the setting headers and words are abbreviated. */
const NARROW = 120;

/** A setting name longer than this is shown by its short form even on a wide terminal. */
const LONG_NAME = 16;

type Word = 'verified' | 'tls' | 'plaintext' | 'no' | 'unknown';
const WORDS: Record<Word, { long: string; short: string }> = {
  verified: { long: 'verified', short: 'verif' },
  tls: { long: 'TLS', short: 'TLS' },
  plaintext: { long: 'plaintext', short: 'plain' },
  no: { long: 'NO', short: 'NO' },
  unknown: { long: 'unknown', short: '?' },
};
const GATE_MARK = ' ◀';

/** The verdict column wraps, but not narrower than this. */
const MIN_VERDICT = 16;

export function renderCompact(
  results: readonly DomainResult[],
  profile: Profile,
  paint: ChalkInstance,
  width: Width = null,
  judgedUnder: (result: DomainResult) => SettingName = (result) => result.gateSetting ?? profile.view,
): string {
  const narrow = width !== null && width < NARROW;
  // With Email Log Files a domain weighs by the messages it received; else by the entries that named it.
  const logged = results.some((result) => result.traffic !== null);
  const counted = logged || results.some((result) => result.recipients > 1);
  const countOf = (result: DomainResult) => (logged ? (result.traffic?.deliveries ?? 0) : result.recipients);
  const settingHeads = profile.settings.map(({ name, short }) => (narrow || name.length > LONG_NAME ? short : name));
  const countHead = logged ? (narrow ? 'msgs' : 'messages') : narrow ? 'rcpts' : 'recipients';
  const ordered = atRiskFirst(results, judgedUnder);
  const names = ordered.map((result) => sanitize(result.domain ?? result.input, 60));
  const wordWidth = (header: string) => Math.max(header.length, (narrow ? 5 : 9) + GATE_MARK.length);
  const countWidth = Math.max(countHead.length, ...ordered.map((result) => formatCount(countOf(result)).length));
  const warned = ordered.some((result) => result.warnings.length > 0);
  const warnTexts = ordered.map((result) => result.warnings.map((warning) => warning.brief).join(', '));
  const warnWidth = Math.min(16, Math.max(4, ...warnTexts.map((text) => text.length)));
  // A column per receiver policy once any domain was looked up (not with --no-policies).
  const briefs = ordered.some((result) => result.policy !== null) ? ordered.map((result) => policyBriefs(result.policy)) : null;
  const policyWidths =
    briefs === null ? [] : POLICY_COLUMNS.map(([key, head]) => Math.max(head.length, ...briefs.map((b) => b[key].length)));
  const others = [...(counted ? [countWidth] : []), ...settingHeads.map(wordWidth), ...(warned ? [warnWidth] : []), ...policyWidths];
  const natural = Math.max(6, ...names.map((name) => name.length));
  // The domain column gives way (cli-table3 cuts it with …) before the verdict gets narrower than MIN_VERDICT.
  const room = lastColumnWidth(width, others, 0);
  const domainWidth = room === undefined ? natural : Math.max(8, Math.min(natural, room - MIN_VERDICT - 3));
  const fixed = [domainWidth, ...others];
  const last = lastColumnWidth(width, fixed, 0);
  // Too narrow for a readable verdict: leave it out (the summary below names the domains cut off and why).
  const withVerdict = last === undefined || last >= MIN_VERDICT + 2;
  const head = [
    'domain',
    ...(counted ? [countHead] : []),
    ...settingHeads,
    ...(warned ? ['warn'] : []),
    ...(briefs === null ? [] : POLICY_COLUMNS.map(([, head]) => head)),
    ...(withVerdict ? ['verdict'] : []),
  ];
  const widths = last === undefined ? null : [...fixed.map((w) => w + 2), ...(withVerdict ? [last] : [])];
  const table = new Table({
    head: head.map((h) => paint.bold(h)),
    style: { head: [], border: [] },
    chars: COMPACT,
    ...(widths === null ? {} : { wordWrap: true, colWidths: widths }),
  });
  ordered.forEach((result, index) => {
    const row = [names[index] as string, ...(counted ? [formatCount(countOf(result))] : [])];
    for (const { name } of profile.settings) row.push(word(verdictUnder(result, name), paint, result.gateSetting === name, narrow));
    if (warned) row.push(paint.yellow(warnTexts[index] as string));
    if (briefs !== null) for (const [key] of POLICY_COLUMNS) row.push(policyWord(briefs[index]![key], paint));
    if (withVerdict) row.push(headline(result, profile).text);
    table.push(row);
  });
  return table.toString();
}

const POLICY_COLUMNS: readonly [keyof PolicyBriefs, string][] = [
  ['mtaSts', 'MTA-STS'],
  ['dane', 'DANE'],
  ['tlsRpt', 'TLS-RPT'],
];

/** Findings ("!", "broken", a DANE mismatch or bogus answer) stand out; "none" is quiet. */
function policyWord(brief: string, paint: ChalkInstance): string {
  if (brief === '' || brief === 'none') return paint.dim(brief);
  const bad = brief.endsWith('!') || ['broken', 'bogus', 'mismatch'].includes(brief);
  return bad ? paint.yellow(brief) : paint.green(brief);
}

function word(verdict: SettingVerdict, paint: ChalkInstance, gated: boolean, narrow: boolean): string {
  const kind: Word =
    verdict.deliverable === null
      ? 'unknown'
      : verdict.deliverable === false
        ? 'no'
        : verdict.transport === 'verified-tls'
          ? 'verified'
          : verdict.transport === 'tls'
            ? 'tls'
            : 'plaintext';
  const text = narrow ? WORDS[kind].short : WORDS[kind].long;
  const colour = kind === 'no' ? paint.red : kind === 'unknown' || kind === 'plaintext' ? paint.yellow : paint.green;
  // The setting the gate judged this domain under (with --restrict, unlisted domains get preferred).
  return gated ? `${colour(text)}${GATE_MARK}` : colour(text);
}
