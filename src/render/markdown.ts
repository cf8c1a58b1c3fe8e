/**
 * Markdown for tickets, wikis and pull-request comments: the impact of the switch, a table with
 * one row per domain, then details for the domains that are not fine. Renders the report model
 * and decides nothing.
 *
 * Every string that came from the input or a server is sanitised (control characters, escape
 * sequences and bidi overrides made visible) and then Markdown-escaped, so a banner cannot break
 * the table (`|`), inject links, HTML or entities (`[`, `<`, `&`), ping people (`@`) or typeset
 * math (`$`). CommonMark lets any ASCII punctuation be backslash-escaped (spec §2.4).
 */
import type { BaselineComparison, ChangeEffect, DomainResult, Report, SettingVerdict } from '../model/report.js';
import { SETTING_NAMES, type SettingName } from '../model/settings.js';
import { reasonsText } from './reason-text.js';
import { describeAddress, describeHost } from './describe.js';
import { headline } from './headline.js';
import { formatCount, plural } from '../text/words.js';
import type { ExitPolicy } from '../verdict/gate.js';
import { gateLine } from './gate-line.js';
import { impact, impactSentence } from './impact.js';
import { MAX_DISPLAY_CHARS, sanitize } from '../text/sanitize.js';

/** How many of the worst-hit domains the impact section names. */
const WORST_SHOWN = 10;

const MD_SPECIAL = /[\\`*_{}[\]()<>#|~&!$@]/g;

/**
 * Untrusted text -> inline Markdown that renders exactly as the sanitised text. Lines composed of
 * parts sanitised (and cut) already pass `max = Infinity`. Exported for tests.
 */
export function md(text: string, max = MAX_DISPLAY_CHARS): string {
  // sanitize() already made lone surrogates visible escapes.
  return sanitize(text, max).replace(MD_SPECIAL, '\\$&');
}

const ALL = Number.POSITIVE_INFINITY;

const MARKDOWN_EFFECT: Record<ChangeEffect, string> = { regression: '🔻 **regression**', improvement: 'improvement', neutral: 'change' };

export function renderMarkdown(report: Report, policy: ExitPolicy = { failOnRegression: false }): string {
  const sections = [
    `# tlscheck report\n\nGenerated ${md(report.generatedAt)} for ${plural(report.results.length, 'domain')}.`,
    renderImpact(report, policy),
    renderOverview(report.results),
    renderDetails(report),
    renderBaseline(report.baseline),
    renderNotes(report),
  ];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}

function renderImpact(report: Report, policy: ExitPolicy): string {
  const lines = ['## Impact', ''];
  if (report.interrupted) lines.push(`> ⚠️ The run was interrupted: ${plural(report.interrupted.notChecked, 'target')} not checked.`, '');
  const gate = report.gate;
  const settings: SettingName[] = gate ? [gate.setting] : ['required', 'required-verify'];
  for (const setting of settings) {
    // With --restrict only the listed domains get the gate's setting; the others keep preferred.
    const scope = gate ? report.results.filter((result) => (result.gateSetting ?? gate.setting) === setting) : report.results;
    const outside = report.results.length - scope.length;
    const restricted = outside > 0 ? ` (${plural(outside, 'domain')} outside --restrict judged under preferred)` : '';
    lines.push(`- **${impactSentence(scope, setting)}**${restricted}`);
    const worst = impact(scope, setting).notDelivered.worst;
    for (const entry of worst.slice(0, WORST_SHOWN)) {
      const why = reasonsText(entry.reasons);
      lines.push(`  - ${md(entry.domain)} (${formatCount(entry.recipients)}): ${md(why, ALL)}`);
    }
    if (worst.length > WORST_SHOWN) lines.push(`  - … and ${formatCount(worst.length - WORST_SHOWN)} more`);
  }
  if (gate)
    lines.push(
      '',
      `Gate: \`--require ${gate.setting}\`${gate.allowUndetermined ? ' with `--allow-undetermined`' : ''}${gate.restrict ? `, restricted to ${md(gate.restrict.join(', '))}` : ''}.`,
    );
  const verdict = gateLine(report, policy);
  if (verdict) lines.push('', `**${md(verdict, ALL)}**`);
  return lines.join('\n');
}

function renderOverview(results: DomainResult[]): string {
  const head = `| domain | recipients | verdict | ${SETTING_NAMES.join(' | ')} |`;
  const rule = `|---|---:|---|${SETTING_NAMES.map(() => '---').join('|')}|`;
  const rows = results.map((result) => {
    const cells = [
      md(result.domain ?? result.input),
      formatCount(result.recipients),
      md(headline(result).text, ALL),
      ...SETTING_NAMES.map((name) => cell(result.settings[name])),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return ['## Domains', '', head, rule, ...rows].join('\n');
}

function cell(verdict: SettingVerdict): string {
  if (verdict.deliverable === null) return '❔ undetermined';
  if (verdict.deliverable === false) return '❌ not delivered';
  return verdict.transport === 'verified-tls' ? '✅ verified TLS' : verdict.transport === 'plaintext' ? '⚠️ plaintext' : '✅ TLS';
}

/** Details for domains not fine under required (or under their gate setting, with a gate). */
function renderDetails(report: Report): string {
  const notFine = (result: DomainResult, setting: SettingName) => result.settings[setting].deliverable !== true;
  const shown = report.results.filter(
    (result) => notFine(result, 'required') || (report.gate !== null && result.gateSetting !== null && notFine(result, result.gateSetting)),
  );
  if (shown.length === 0) return '';
  return ['## Details', ...shown.map(renderDomain)].join('\n\n');
}

function renderDomain(result: DomainResult): string {
  const lines = [`### ${md(result.domain ?? result.input)}`, ''];
  if (result.domain !== null && result.input !== result.domain) lines.push(`- Input: ${md(result.input)}`);
  if (result.sources.length) lines.push(`- Sources: ${md(result.sources.join(', '))} (${plural(result.recipients, 'recipient')})`);
  if (result.dns.message) lines.push(`- DNS: ${md(result.dns.message)}`);
  for (const name of SETTING_NAMES) {
    const verdict = result.settings[name];
    const why = reasonsText(verdict.reasons);
    const via = verdict.via ? ` via ${md(verdict.via)}` : '';
    lines.push(`- **${name}**: ${cell(verdict)}${via}${why ? ` — ${md(why, ALL)}` : ''}`);
  }
  if (result.mx.length) lines.push('- MX hosts:');
  for (const host of result.mx) {
    lines.push(`  - ${md(describeHost(host), ALL)}`);
    for (const address of host.addresses) lines.push(`    - ${md(describeAddress(address), ALL)}`);
  }
  return lines.join('\n');
}

function renderBaseline(baseline: BaselineComparison | null): string {
  if (!baseline) return '';
  const lines = ['## Changes since the baseline', '', `Compared with ${md(baseline.file)} (${md(baseline.generatedAt)}).`, ''];
  if (baseline.changes.length === 0) lines.push('No changes.');
  for (const change of baseline.changes) {
    const where = [change.setting, change.host === null ? null : md(change.host)].filter((part) => part !== null).join(', ');
    const values = change.before !== null || change.after !== null ? `: ${md(change.before ?? '—')} → ${md(change.after ?? '—')}` : '';
    lines.push(`- ${MARKDOWN_EFFECT[change.effect]}: ${md(change.domain)} ${change.kind}${where ? ` (${where})` : ''}${values}`);
  }
  return lines.join('\n');
}

function renderNotes(report: Report): string {
  if (report.notes.length === 0) return '';
  return ['## Notes', '', ...report.notes.map((note) => `- ${md(note, ALL)}`)].join('\n');
}
