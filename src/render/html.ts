/**
 * `--format html`: one self-contained page to send to the security team. The answer on top (a
 * sentence and a bar per setting, who a switch cuts off), then every domain as a row with its
 * details, and how the report was made; with --baseline, what changed comes first. It renders
 * the report model and decides nothing (the sentences, counts and orders are the impact,
 * headline and tally helpers the other formats use).
 *
 * Self-contained and safe to open: no network (no font, image, script or style from anywhere),
 * a strict CSP in a meta tag that admits only this page's own script and stylesheet by hash,
 * every untrusted string sanitised and escaped (html-escape.ts), and a script that only filters
 * and sorts: without it every fact is still there, in `<details>`.
 *
 * Sections are a list: relay results and listener reports add an entry each.
 */
import { isRelayResult } from '../model/relay.js';
import type { Report } from '../model/report.js';
import { settingRule } from '../model/settings.js';
import type { RunFacts } from '../model/run-facts.js';
import { plural } from '../text/words.js';
import type { ExitPolicy } from '../verdict/gate.js';
import type { ListedResults } from '../verdict/only.js';
import { answerSection } from './html-answer.js';
import { atRiskSection } from './html-at-risk.js';
import { baselineSection } from './html-baseline.js';
import { contentSecurityPolicy } from './html-csp.js';
import { domainData, domainsSection } from './html-domains.js';
import { escapeHtml, scriptJson, untrusted } from './html-escape.js';
import { madeSection } from './html-made.js';
import { relaySection } from './html-relay.js';
import { PAGE_SCRIPT } from './html-script.js';
import { profileOf } from './profile.js';
import { PAGE_STYLE } from './html-style.js';

export interface HtmlOptions {
  /** With --only: the listed domains; the answer still counts every domain. */
  view?: ListedResults | null;
  policy?: ExitPolicy;
  /** The tool's version and the options that change verdicts; null when the caller has none. */
  facts?: RunFacts | null;
}

export interface PageSection {
  /** The fragment the table of contents links to. */
  id: string;
  title: string;
  html: string;
}

export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const view = options.view ?? null;
  const relays = report.results.filter(isRelayResult);
  // A relay report (tlscheck relay): the relay's own answer; the answer, at-risk list and domain rows speak of recipient domains.
  const relaysOnly = relays.length > 0 && relays.length === report.results.length;
  const listed = relaysOnly ? [] : view ? view.results : report.results;
  const profile = profileOf(report);
  const sections: PageSection[] = [
    ...(report.baseline ? [{ id: 'changes', title: 'Changes', html: baselineSection(report.baseline) }] : []),
    ...(relays.length > 0 ? [{ id: 'relay', title: 'The Email Relay', html: relaySection(relays) }] : []),
    ...(relaysOnly
      ? []
      : [
          { id: 'answer', title: 'The answer', html: answerSection(report, view, options.policy ?? { failOnRegression: false }) },
          { id: 'at-risk', title: 'Who a switch cuts off', html: atRiskSection(report) },
          { id: 'domains-section', title: 'Every domain', html: domainsSection(listed, profile) },
        ]),
    { id: 'made', title: 'How it was made', html: madeSection(report, options.facts ?? null) },
  ];
  const title = `tlscheck report: ${plural(report.results.length, 'domain')}, ${untrusted(report.generatedAt)}`;
  const lead = `Would mail still be delivered if ${escapeHtml(profile.platform)}'s outbound TLS were set to ${escapeHtml(settingRule(profile, profile.view).label)}? ${plural(report.results.length, 'domain')} checked; run started ${untrusted(report.generatedAt)}.`;
  return htmlPage({ title, heading: 'tlscheck report', lead, sections, data: { domains: domainData(listed, profile) } });
}

/**
 * The page around the sections (the domain report's, the listener's): the CSP by hash, the style,
 * a table of contents, the data the script reads (escaped for a script element), the script.
 * `title`, `heading` and `lead` are HTML already escaped by the caller.
 */
export function htmlPage(page: { title: string; heading: string; lead: string; sections: PageSection[]; data: unknown }): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(PAGE_SCRIPT, PAGE_STYLE)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="generator" content="tlscheck">',
    `<title>${page.title}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${page.heading}</h1>`,
    `<p class="muted">${page.lead}</p>`,
    `<nav class="no-print" aria-label="Sections"><p>${page.sections.map((section) => `<a href="#${section.id}">${section.title}</a>`).join(' · ')}</p></nav>`,
    '</header>',
    '<main>',
    ...page.sections.map((section) => section.html),
    '</main>',
    `<script type="application/json" id="report-data">${scriptJson(page.data)}</script>`,
    `<script>${PAGE_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
