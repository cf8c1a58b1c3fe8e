/**
 * JUnit XML for CI systems: each domain is a test case, "would mail be delivered under <setting>"
 * is the test. Not delivered is a <failure>, undetermined an <error> (or <skipped> with
 * --allow-undetermined, mirroring the exit code). With --require there is one suite, each domain
 * judged under its own gateSetting; without, one suite per setting.
 *
 * Output is well-formed XML 1.0: markup characters are escaped, and the characters XML 1.0 does
 * not allow even as references (most C0 controls, U+FFFE/U+FFFF, lone surrogates; XML 1.0 §2.2
 * "Char") are replaced with U+FFFD. Server text is sanitised first (visible \xNN escapes).
 */
import { verdictUnder } from '../verdict/delivery.js';
import type { DomainResult, GateConfig, Report } from '../model/report.js';
import { REASON_TEXT } from '../model/reasons.js';
import { settingNames, type SettingName } from '../model/settings.js';
import { isRelayResult, settingNamesOf } from '../model/relay.js';
import { reasonsText } from './reason-text.js';
import { profileOf } from './profile.js';
import { describeAddress, describeHost } from './describe.js';
import { plural } from '../text/words.js';
import { sanitize } from '../text/sanitize.js';
import type { Listing } from '../verdict/only.js';
import { listingSentence } from './listing.js';
import { policyLines } from './policy-text.js';

type TestcaseOutcome = { kind: 'passed' } | { kind: 'failure' | 'error' | 'skipped'; message: string; type: string; details: string };

interface Case {
  classname: string;
  name: string;
  seconds: number;
  outcome: TestcaseOutcome;
  /** The receiver policies in words, as <system-out>: they never fail a case (no verdict depends on them); null when not looked up. */
  output: string | null;
}

interface Suite {
  name: string;
  properties: Array<[string, string]>;
  cases: Case[];
}

/** With --only, `report.results` holds the listed domains (the view), and every suite says so in an `only` property. */
export function renderJunit(report: Report, listing: Listing | null = null): string {
  const relay = report.results.find(isRelayResult);
  const names = relay ? settingNamesOf(relay) : settingNames(profileOf(report));
  const suites = (report.gate ? [gateSuite(report, report.gate)] : names.map((setting) => settingSuite(report, setting))).map((suite) =>
    listing ? { ...suite, properties: [...suite.properties, ['only', listingSentence(listing)] as [string, string]] } : suite,
  );
  const all = suites.flatMap((suite) => suite.cases);
  const body = suites.map((suite) => renderSuite(suite, report.generatedAt)).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="tlscheck"${counts(all)}>\n${body}</testsuites>\n`;
}

function gateSuite(report: Report, gate: GateConfig): Suite {
  const cases = report.results.map((result) => {
    const setting = result.gateSetting ?? gate.setting;
    // With --restrict, a domain not on the list keeps preferred: say so where CI shows it.
    const note = setting === gate.setting ? '' : ` (outside --restrict: judged under ${setting})`;
    return domainCase(result, setting, gate.allowUndetermined, note);
  });
  const properties: Array<[string, string]> = [
    ['require', gate.setting],
    ['restrict', gate.restrict ? gate.restrict.join(', ') : '(all domains)'],
    ['allow-undetermined', String(gate.allowUndetermined)],
  ];
  return finishSuite(report, gate.setting, properties, cases);
}

function settingSuite(report: Report, setting: SettingName): Suite {
  // `off` is a relay setting: a domain in the same report has no verdict under it.
  const judged = report.results.filter((result) => settingNamesOf(result).includes(setting));
  const cases = judged.map((result) => domainCase(result, setting, false, ''));
  return finishSuite(report, setting, [['setting', setting]], cases);
}

/** Run-wide facts every suite carries; an interrupted run is an error so CI cannot read it as green. */
function finishSuite(report: Report, setting: SettingName, properties: Array<[string, string]>, cases: Case[]): Suite {
  const all = [...cases];
  if (report.interrupted) {
    const message = `run interrupted: ${plural(report.interrupted.notChecked, 'target')} not checked`;
    all.push({
      classname: `tlscheck.${setting}`,
      name: 'run interrupted',
      seconds: 0,
      outcome: { kind: 'error', message, type: 'interrupted', details: message },
      output: null,
    });
  }
  const notes: Array<[string, string]> = report.notes.map((note) => ['note', sanitize(note, Number.POSITIVE_INFINITY)]);
  return { name: `tlscheck: would mail be delivered under ${setting}`, properties: [...properties, ...notes], cases: all };
}

function domainCase(result: DomainResult, setting: SettingName, allowUndetermined: boolean, note: string): Case {
  const verdict = verdictUnder(result, setting);
  const base = {
    classname: `tlscheck.${setting}`,
    name: `${sanitize(result.domain ?? result.input)}${note}`,
    seconds: result.durationMs / 1000,
    output: policyOutput(result),
  };
  if (verdict.deliverable === true) return { ...base, outcome: { kind: 'passed' } };
  const why = reasonsText(verdict.reasons) || 'no reason recorded';
  const undetermined = verdict.deliverable === null;
  const kind = !undetermined ? 'failure' : allowUndetermined ? 'skipped' : 'error';
  const message = `${undetermined ? 'undetermined' : 'not delivered'} under ${setting}: ${why}`;
  const type = verdict.reasons[0] ?? (undetermined ? 'undetermined' : 'not-delivered');
  return { ...base, outcome: { kind, message, type, details: details(result, setting) } };
}

/** The failure body: the reasons, then every MX host and address with what went wrong where. */
function details(result: DomainResult, setting: SettingName): string {
  const lines = [`setting: ${setting}`];
  if (result.domain !== null && result.input !== result.domain) lines.push(`input: ${sanitize(result.input)}`);
  if (result.sources.length) lines.push(`sources: ${sanitize(result.sources.join(', '))} (${plural(result.recipients, 'recipient')})`);
  if (result.dns.message) lines.push(`DNS (${result.dns.outcome}): ${sanitize(result.dns.message)}`);
  lines.push('reasons:');
  for (const reason of verdictUnder(result, setting).reasons) lines.push(`  ${reason}: ${REASON_TEXT[reason]}`);
  for (const host of result.mx) {
    lines.push(describeHost(host));
    for (const address of host.addresses) lines.push(`  ${describeAddress(address)}`);
  }
  return lines.join('\n');
}

/** "receiver policies:" and one line per policy with its findings indented under it. */
function policyOutput(result: DomainResult): string | null {
  if (result.policy === null) return null;
  const lines = policyLines(result.policy).flatMap((line) => [
    `${line.tone === 'none' ? '' : `${line.tone}: `}${line.text}`,
    ...line.details.map((d) => `  ${d}`),
  ]);
  return ['receiver policies (they do not change the verdict):', ...lines.map((line) => `  ${line}`)].join('\n');
}

function renderSuite(suite: Suite, generatedAt: string): string {
  // The JUnit schema's timestamp is an xs:dateTime without zone; generatedAt is UTC.
  const stamp = generatedAt.slice(0, 19);
  const properties = suite.properties.map(([name, value]) => `      <property name="${xml(name)}" value="${xml(value)}"/>\n`).join('');
  const head = `  <testsuite name="${xml(suite.name)}"${counts(suite.cases)} timestamp="${xml(stamp)}">\n`;
  return `${head}    <properties>\n${properties}    </properties>\n${suite.cases.map(renderCase).join('')}  </testsuite>\n`;
}

function renderCase(c: Case): string {
  const open = `    <testcase classname="${xml(c.classname)}" name="${xml(c.name)}" time="${seconds(c.seconds)}"`;
  const outcome = c.outcome;
  const output = c.output === null ? '' : `      <system-out>${xml(c.output, false)}</system-out>\n`;
  if (outcome.kind === 'passed') return output === '' ? `${open}/>\n` : `${open}>\n${output}    </testcase>\n`;
  const attributes = `message="${xml(outcome.message)}"${outcome.kind === 'skipped' ? '' : ` type="${xml(outcome.type)}"`}`;
  return `${open}>\n      <${outcome.kind} ${attributes}>${xml(outcome.details, false)}</${outcome.kind}>\n${output}    </testcase>\n`;
}

function counts(cases: Case[]): string {
  const n = (kind: TestcaseOutcome['kind']) => cases.filter((c) => c.outcome.kind === kind).length;
  const time = cases.reduce((sum, c) => sum + c.seconds, 0);
  return ` tests="${cases.length}" failures="${n('failure')}" errors="${n('error')}" skipped="${n('skipped')}" time="${seconds(time)}"`;
}

function seconds(value: number): string {
  return value.toFixed(3);
}

/** XML 1.0 §2.2: characters outside "Char" cannot appear at all, not even as references. */
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/gu;

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/**
 * Escape for attribute values (the default) or text content. In attributes TAB, LF and CR stay
 * references so attribute-value normalisation (XML 1.0 §3.3.3) cannot fold them into spaces; in
 * text LF stays a line break. Exported for tests.
 */
export function xml(text: string, attribute = true): string {
  const special = attribute ? /[&<>"'\t\n\r]/g : /[&<>"'\r]/g;
  return text.replace(XML_FORBIDDEN, '\ufffd').replace(special, (char) => XML_ESCAPES[char] ?? char);
}
