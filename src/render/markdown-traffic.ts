/**
 * The Email Log Files in the Markdown report: with --no-probe, a table of what the logs say per
 * domain in place of the verdicts (there are none), the domains that received plaintext first.
 */
import type { DomainResult } from '../model/report.js';
import { formatCount } from '../text/words.js';
import { atRiskFirst } from '../verdict/delivery.js';
import { ALL, md } from './markdown-parts.js';
import { failuresText, noProbeHeading, percent, utcMinute, versionsText } from './traffic.js';
import { Chalk } from 'chalk';

const PLAIN = new Chalk({ level: 0 });

export function trafficSection(listed: readonly DomainResult[], all: readonly DomainResult[]): string {
  const rows = atRiskFirst(listed, () => 'required').map((result) => {
    const t = result.traffic;
    const name = md(result.domain ?? result.input);
    if (!t) return `| ${name} | | | | | | | not in the logs |`;
    const cells = [
      t.plaintext > 0 ? `⚠️ **${name}**` : name,
      formatCount(t.deliveries),
      t.deliveries === 0 ? '' : percent(t.tls, t.deliveries),
      formatCount(t.verified),
      formatCount(t.plaintext),
      t.lastPlaintext ? utcMinute(t.lastPlaintext) : '',
      md(versionsText(t.tlsVersions), ALL),
      md(failuresText(t), ALL),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [
    '## Domains in the Email Log Files',
    '',
    md(noProbeHeading(all, PLAIN), ALL),
    '',
    '| domain | messages | TLS | verified | plaintext | last plaintext | TLS versions | failures |',
    '|---|---:|---:|---:|---:|---|---|---|',
    ...rows,
  ].join('\n');
}
