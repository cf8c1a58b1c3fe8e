/** The table for batches: one line per domain, the verdict per setting as a short word. */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { DomainResult, SettingVerdict } from '../model/report.js';
import { SETTING_NAMES } from '../model/settings.js';
import { headline } from './headline.js';
import { sanitize } from '../text/sanitize.js';
import { COMPACT } from './table-style.js';

export function renderCompact(results: readonly DomainResult[], paint: ChalkInstance): string {
  const counted = results.some((result) => result.recipients > 1);
  const head = ['domain', ...(counted ? ['recipients'] : []), ...SETTING_NAMES, 'verdict'];
  const table = new Table({
    head: head.map((h) => paint.bold(h)),
    style: { head: [], border: [] },
    chars: COMPACT,
    wordWrap: true,
    colWidths: [...head.slice(0, -1).map(() => null), 60],
  });
  for (const result of results) {
    const row = [sanitize(result.domain ?? result.input, 60), ...(counted ? [result.recipients.toLocaleString('en-US')] : [])];
    for (const name of SETTING_NAMES) row.push(word(result.settings[name], paint, result.gateSetting === name));
    row.push(headline(result).text);
    table.push(row);
  }
  return table.toString();
}

function word(verdict: SettingVerdict, paint: ChalkInstance, gated: boolean): string {
  const text =
    verdict.deliverable === null
      ? paint.yellow('unknown')
      : verdict.deliverable === false
        ? paint.red('NO')
        : verdict.transport === 'verified-tls'
          ? paint.green('verified')
          : verdict.transport === 'tls'
            ? paint.green('TLS')
            : paint.yellow('plaintext');
  // The setting the gate judged this domain under (with --restrict, unlisted domains get preferred).
  return gated ? `${text} ◀` : text;
}
