/** The closing summary of a multi-domain report: per setting, how many domains get through. */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { DomainResult, Report } from '../model/report.js';
import { SETTING_NAMES, type SettingName } from '../model/settings.js';
import { impactSentence } from './impact.js';
import { COMPACT } from './table-style.js';

export interface SettingTally {
  delivered: number;
  notDelivered: number;
  undetermined: number;
}

export function tally(results: DomainResult[], setting: SettingName): SettingTally {
  const counts: SettingTally = { delivered: 0, notDelivered: 0, undetermined: 0 };
  for (const result of results) {
    const deliverable = result.settings[setting].deliverable;
    if (deliverable === true) counts.delivered += 1;
    else if (deliverable === false) counts.notDelivered += 1;
    else counts.undetermined += 1;
  }
  return counts;
}

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
  const restricted =
    outside > 0 ? ` ${outside} domain${outside === 1 ? '' : 's'} outside --restrict stay${outside === 1 ? 's' : ''} on preferred.` : '';
  const title = paint.bold(`Summary of ${results.length} domain${results.length === 1 ? '' : 's'}`);
  return `${title}\n${table.toString()}\n${impactSentence(switched, setting)}${restricted}`;
}
