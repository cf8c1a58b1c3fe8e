/**
 * The pieces of the Markdown report, each a whole Markdown construct (a section, a list item, a
 * table row), so the full report and the shortened one assemble the same pieces and a cut never
 * falls inside one.
 *
 * Every string that came from the input or a server is sanitised (control characters, escape
 * sequences and bidi overrides made visible) and then Markdown-escaped, so a banner cannot break
 * the table (`|`), inject links, HTML or entities (`[`, `<`, `&`), ping people (`@`) or typeset
 * math (`$`). CommonMark lets any ASCII punctuation be backslash-escaped (spec §2.4).
 */
import { isRelayResult, settingNamesOf, type RelayResult } from '../model/relay.js';
import { relayHeadline } from './relay-headline.js';
import { verdictUnder } from '../verdict/delivery.js';
import type { ExitPolicy } from '../verdict/gate.js';
import { gateLine } from './gate-line.js';
import type { BaselineChange, BaselineComparison, ChangeEffect, DomainResult, Report, SettingVerdict } from '../model/report.js';
import { defaultSetting, settingNames, type Profile, type SettingName } from '../model/settings.js';
import { profileOf } from './profile.js';
import { reasonsText } from './reason-text.js';
import { describeAddress, describeHost } from './describe.js';
import { headline } from './headline.js';
import { formatCount, plural } from '../text/words.js';
import { impact, impactSentence } from './impact.js';
import { MAX_DISPLAY_CHARS, sanitize } from '../text/sanitize.js';
import type { ListedResults } from '../verdict/only.js';
import { listingLine } from './listing.js';
import { domainTrafficLine, trafficSummaryLine } from './traffic.js';
import { policyBriefs, policyLines, type PolicyTone } from './policy-text.js';

const MD_SPECIAL = /[\\`*_{}[\]()<>#|~&!$@]/g;

/**
 * Untrusted text -> inline Markdown that renders exactly as the sanitised text. Lines composed of
 * parts sanitised (and cut) already pass `max = Infinity`.
 */
export function md(text: string, max = MAX_DISPLAY_CHARS): string {
  // sanitize() already made lone surrogates visible escapes.
  return sanitize(text, max).replace(MD_SPECIAL, '\\$&');
}

export const ALL = Number.POSITIVE_INFINITY;

const MARKDOWN_EFFECT: Record<ChangeEffect, string> = { regression: '🔻 **regression**', improvement: 'improvement', neutral: 'change' };

/**
 * How the limit is counted: UTF-16 code units (a JavaScript string's length). GitHub's message
 * says "maximum is 65536 characters"; what it measures has varied by surface (Unicode code points
 * for PR bodies, UTF-8 bytes capped at 262,144 for comments, in public measurements). A code unit
 * count is never below the code point count, and each code unit is at most 3 UTF-8 bytes, so
 * a text within 65,536 code units fits every one of those readings.
 */
export function markdownLength(text: string): number {
  return text.length;
}

/** The title and the line saying what was checked (and, with --only, what is listed). */
export function titleLines(report: Report, view: ListedResults | null): string {
  const listing = view ? ` ${listingLine(view.listing)}` : '';
  return `# tlscheck report\n\nGenerated ${md(report.generatedAt)} for ${report.results.length > 0 && report.results.every(isRelayResult) ? 'an Email Relay' : plural(report.results.length, 'domain')}.${listing}`;
}

/** The impact of the switch (whole run), naming up to `worstShown` of the worst-hit domains per setting, and the gate. */
export function impactSection(report: Report, worstShown: number, policy: ExitPolicy = { failOnRegression: false }): string {
  const lines = ['## Impact', ''];
  if (report.interrupted) lines.push(`> ⚠️ The run was interrupted: ${plural(report.interrupted.notChecked, 'target')} not checked.`, '');
  const gate = report.gate;
  const profile = profileOf(report);
  const settings: readonly SettingName[] = gate ? [gate.setting] : profile.atRisk;
  for (const setting of settings) {
    // With --restrict only the listed domains get the gate's setting; the others keep the default.
    const scope = gate ? report.results.filter((result) => (result.gateSetting ?? gate.setting) === setting) : report.results;
    const outside = report.results.length - scope.length;
    const restricted = outside > 0 ? ` (${plural(outside, 'domain')} outside --restrict judged under ${defaultSetting(profile)})` : '';
    lines.push(`- **${impactSentence(scope, setting)}**${restricted}`);
    if (worstShown === 0) continue;
    const worst = impact(scope, setting).notDelivered.worst;
    for (const entry of worst.slice(0, worstShown)) {
      const why = reasonsText(entry.reasons);
      const weight = entry.messages === null ? formatCount(entry.recipients) : plural(entry.messages, 'message');
      lines.push(`  - ${md(entry.domain)} (${weight}): ${md(why, ALL)}`);
    }
    if (worst.length > worstShown) lines.push(`  - … and ${formatCount(worst.length - worstShown)} more`);
  }
  if (report.traffic) lines.push('', md(trafficSummaryLine(report.traffic), ALL));
  if (gate)
    lines.push(
      '',
      `Gate: \`--require ${gate.setting}\`${gate.allowUndetermined ? ' with `--allow-undetermined`' : ''}${gate.restrict ? `, restricted to ${md(gate.restrict.join(', '))}` : ''}.`,
    );
  const verdict = gateLine(report, policy);
  if (verdict) lines.push('', `**${md(verdict, ALL)}**`);
  return lines.join('\n');
}

/** The head and rule of the domain table; with Email Log Files, a column of the messages each domain received. */
export function overviewHead(profile: Profile, traffic = false): string[] {
  const messages = traffic ? ' messages |' : '';
  const names = settingNames(profile);
  return [
    `| domain | recipients |${messages} verdict | ${names.map((name) => md(name)).join(' | ')} |`,
    `|---|---:|${traffic ? '---:|' : ''}---|${names.map(() => '---').join('|')}|`,
  ];
}

/** One row of the domain table. */
export function overviewRow(result: DomainResult, profile: Profile, traffic = false): string {
  const cells = [
    md(result.domain ?? result.input),
    formatCount(result.recipients),
    ...(traffic ? [result.traffic ? formatCount(result.traffic.deliveries) : ''] : []),
    md(headline(result, profile).text, ALL),
    ...settingNames(profile).map((name) => cell(verdictUnder(result, name))),
  ];
  return `| ${cells.join(' | ')} |`;
}

function cell(verdict: SettingVerdict): string {
  if (verdict.deliverable === null) return '❔ undetermined';
  if (verdict.deliverable === false) return '❌ not delivered';
  return verdict.transport === 'verified-tls' ? '✅ verified TLS' : verdict.transport === 'plaintext' ? '⚠️ plaintext' : '✅ TLS';
}

/** One line naming a domain, its recipients and why, under `setting`. */
export function domainLine(result: DomainResult, setting: SettingName, note = ''): string {
  const why = reasonsText(verdictUnder(result, setting).reasons);
  return `- ${md(result.domain ?? result.input)} (${formatCount(result.recipients)}): ${md(why || 'no reason recorded', ALL)}${note}`;
}

/** The details of one domain: its sources, each setting's verdict, each MX host and address. */
export function domainSection(result: DomainResult): string {
  const lines = [`### ${md(result.domain ?? result.input)}`, ''];
  if (result.domain !== null && result.input !== result.domain) lines.push(`- Input: ${md(result.input)}`);
  if (result.sources.length) lines.push(`- Sources: ${md(result.sources.join(', '))} (${plural(result.recipients, 'recipient')})`);
  if (result.dns.message) lines.push(`- DNS: ${md(result.dns.message)}`);
  if (result.traffic) lines.push(`- Email Log Files: ${md(domainTrafficLine(result.traffic), ALL)}`);
  if (isRelayResult(result)) lines.push(...relayFacts(result));
  for (const name of settingNamesOf(result)) {
    const verdict = verdictUnder(result, name);
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

/** The lines that open the baseline section. */
export function baselineHead(baseline: BaselineComparison): string[] {
  return ['## Changes since the baseline', '', `Compared with ${md(baseline.file)} (${md(baseline.generatedAt)}).`, ''];
}

export function changeLine(change: BaselineChange): string {
  const where = [change.setting, change.host === null ? null : md(change.host)].filter((part) => part !== null).join(', ');
  const values = change.before !== null || change.after !== null ? `: ${md(change.before ?? '—')} → ${md(change.after ?? '—')}` : '';
  return `- ${MARKDOWN_EFFECT[change.effect]}: ${md(change.domain)} ${change.kind}${where ? ` (${where})` : ''}${values}`;
}

export function noteLine(note: string): string {
  return `- ${md(note, ALL)}`;
}

/** A relay's answer, port, resolution and AUTH mechanisms, as list items. */
function relayFacts(relay: RelayResult): string[] {
  const list = (mechanisms: string[] | null) => (mechanisms === null ? 'not seen' : mechanisms.length ? mechanisms.join(' ') : 'none');
  return [
    `- **${md(relayHeadline(relay).text, ALL)}**`,
    `- Port: ${relay.port}; resolved via: ${relay.resolvedVia ?? 'no address'}`,
    `- AUTH before STARTTLS: ${md(list(relay.auth.before))}; after STARTTLS: ${md(list(relay.auth.after))}${relay.auth.required ? ' (--auth: PLAIN or LOGIN needed after STARTTLS)' : ''}`,
  ];
}

const POLICY_MARK: Record<PolicyTone, string> = { ok: '✅', warn: '⚠️', bad: '❌', none: '·' };

/**
 * The receivers' MTA-STS, DANE and TLS-RPT: a row per domain looked up, then each published
 * policy with its findings. '' when no domain had its policies looked up (--no-policies).
 */
export function policySection(results: readonly DomainResult[]): string {
  const looked = results.filter((result) => result.policy !== null);
  if (looked.length === 0) return '';
  const rows = looked.map((result) => {
    const brief = policyBriefs(result.policy);
    return `| ${md(result.domain ?? result.input)} | ${md(brief.mtaSts)} | ${md(brief.dane)} | ${md(brief.tlsRpt)} |`;
  });
  const items = looked
    .filter(({ policy }) => policy !== null && (policy.mtaSts !== null || policy.dane !== null || policy.tlsRpt !== null))
    .flatMap((result) => [
      `- **${md(result.domain ?? result.input)}**`,
      ...policyLines(result.policy!).flatMap((line) => [
        `  - ${POLICY_MARK[line.tone]} ${md(line.text, ALL)}`,
        ...line.details.map((detail) => `    - ${md(detail, ALL)}`),
      ]),
    ]);
  const intro =
    'They do not change the verdicts above: Salesforce does not document honouring them. Each line says what a sender that honours the policy would do.';
  return [
    '## Receiver policies',
    '',
    intro,
    '',
    '| domain | MTA-STS | DANE | TLS-RPT |',
    '|---|---|---|---|',
    ...rows,
    ...(items.length ? ['', ...items] : []),
  ].join('\n');
}
