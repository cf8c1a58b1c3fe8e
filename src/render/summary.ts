/** The closing summary of a multi-domain report: per setting, how many domains get through. */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { Report } from '../model/report.js';
import { defaultSetting, settingNames } from '../model/settings.js';
import { profileOf, viewSetting } from './profile.js';
import { plural } from '../text/words.js';
import { tally } from '../verdict/delivery.js';
import { impact, impactSentence } from './impact.js';
import { reasonsText } from './reason-text.js';
import { sanitize } from '../text/sanitize.js';
import { COMPACT } from './table-style.js';
import { wrapWords, type Width } from './layout.js';
import { notProbed } from '../verdict/traffic.js';
import { trafficSummaryLine } from './traffic.js';

export function renderSummary(report: Report, paint: ChalkInstance, width: Width = null): string {
  const results = report.results;
  // The full headers need 63 columns.
  const head =
    width !== null && width < 64 ? ['setting', 'yes', 'no', 'unknown'] : ['setting', 'delivered', 'not delivered', 'undetermined'];
  const table = new Table({
    head: head.map((h) => paint.bold(h)),
    style: { head: [], border: [] },
    chars: COMPACT,
  });
  const profile = profileOf(report);
  for (const name of settingNames(profile)) {
    const counts = tally(results, name);
    table.push([
      name,
      String(counts.delivered),
      counts.notDelivered ? paint.red(String(counts.notDelivered)) : '0',
      counts.undetermined ? paint.yellow(String(counts.undetermined)) : '0',
    ]);
  }
  const setting = viewSetting(report);
  // With --restrict, only the listed domains are switched; the others stay on the default.
  const switched = report.gate?.restrict ? results.filter((result) => result.gateSetting === setting) : results;
  const outside = results.length - switched.length;
  const stay = defaultSetting(profile);
  const restricted = outside > 0 ? ` ${plural(outside, 'domain')} outside --restrict stay${outside === 1 ? 's' : ''} on ${stay}.` : '';
  const title = paint.bold(`Summary of ${plural(results.length, 'domain')}`);
  const worst = impact(switched, setting).notDelivered.worst;
  // Repeated under the summary so the end of a long run's output names them without scrolling.
  const listed = worst.slice(0, WORST_LISTED).map((entry) => {
    const who =
      entry.messages !== null
        ? `${sanitize(entry.domain)} (${plural(entry.messages, 'message')})`
        : entry.recipients > 1
          ? `${sanitize(entry.domain)} (${plural(entry.recipients, 'recipient')})`
          : sanitize(entry.domain);
    // Wrapped without the mark's colour codes, which take no columns; the mark goes on after.
    return `  ${paint.red('✘')} ${wrapWords(`${who}: ${reasonsText(entry.reasons)}`, width === null ? null : width - 4, 2).replaceAll('\n', '\n    ')}`;
  });
  if (worst.length > WORST_LISTED) listed.push(`  … and ${plural(worst.length - WORST_LISTED, 'more domain')}`);
  const totals = report.traffic ? [trafficSummaryLine(report.traffic)] : [];
  // --no-probe: every verdict is undetermined, so the table of verdict counts would say nothing.
  const counts = notProbed(results) ? title : `${title}\n${table.toString()}`;
  return [counts, ...totals, wrapWords(`${impactSentence(switched, setting)}${restricted}`, width), ...listed].join('\n');
}

/** Domains named under the impact line; the rest are counted. */
const WORST_LISTED = 10;
