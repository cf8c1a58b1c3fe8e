/** The closing summary of a multi-domain report: per setting, how many domains get through. */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { Report } from '../model/report.js';
import { SETTING_NAMES } from '../model/settings.js';
import { plural } from '../text/words.js';
import { tally } from '../verdict/delivery.js';
import { impactSentence } from './impact.js';
import { COMPACT } from './table-style.js';

export function renderSummary(report: Report, paint: ChalkInstance): string {
  const results = report.results;
  const table = new Table({
    head: ['setting', 'delivered', 'not delivered', 'undetermined'].map((h) => paint.bold(h)),
    style: { head: [], border: [] },
    chars: COMPACT,
  });
  for (const name of SETTING_NAMES) {
    const counts = tally(results, name);
    table.push([
      name,
      String(counts.delivered),
      counts.notDelivered ? paint.red(String(counts.notDelivered)) : '0',
      counts.undetermined ? paint.yellow(String(counts.undetermined)) : '0',
    ]);
  }
  const setting = report.gate?.setting ?? 'required';
  // With --restrict, only the listed domains are switched; the others stay on preferred.
  const switched = report.gate?.restrict ? results.filter((result) => result.gateSetting === setting) : results;
  const outside = results.length - switched.length;
  const restricted = outside > 0 ? ` ${plural(outside, 'domain')} outside --restrict stay${outside === 1 ? 's' : ''} on preferred.` : '';
  const title = paint.bold(`Summary of ${plural(results.length, 'domain')}`);
  return `${title}\n${table.toString()}\n${impactSentence(switched, setting)}${restricted}`;
}
