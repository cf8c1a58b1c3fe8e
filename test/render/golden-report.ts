/**
 * The golden report and its outputs (STYLE.md practice 11). `liveDemoReport` runs the demo world
 * (fixtures/scenarios/demo.json) the way `tlscheck demo --require required --format json` does —
 * through `checkDomains`, so the notes and the gate are assembled by the real code — with
 * an injected clock, and normalises what a live run cannot reproduce.
 * `GOLDEN_RENDERS` renders a report into every format. The comparison helpers say where a file
 * differs, line by line.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { checkDomains } from '../../src/run/check-domains.js';
import { exitCodeFor } from '../../src/verdict/gate.js';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUTS, type Timeouts } from '../../src/model/limits.js';
import type { Report } from '../../src/model/report.js';
import { renderReport, type Format } from '../../src/render/index.js';
import { targetFromText } from '../../src/run/check-domain.js';
import { contextForWorld } from '../../src/world/world-context.js';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld } from '../../src/world/world.js';
import { gateConfig } from '../factories.js';
import type { CliOptions } from '../../src/cli/options.js';
import { withDefaults } from '../../src/cli/program.js';
import { runFacts } from '../../src/cli/run-facts.js';
import type { RunFacts } from '../../src/model/run-facts.js';

/** The injected clock: generatedAt, and what certificate validity and daysLeft are judged against. */
export const FIXED_DATE = new Date('2026-01-02T03:04:05.000Z');

export const GOLDEN_DIR = join(fixturesDir(), 'golden');
export const REPORT_FILE = join(GOLDEN_DIR, 'report.json');
export const UPDATE_COMMAND = 'UPDATE_GOLDEN=1 node --test dist/test/render/golden.test.js';

/** What stands in for the world's random ports in the stored report. */
export const NORMAL_SMTP_PORT = 25;
export const NORMAL_DNS_PORT = 53;

/**
 * These deadlines are configured values, not measurements, yet they reach the golden report: the
 * silent server's message quotes phaseMs ("no answer within the 3000 ms phase deadline"). The
 * phase deadline is what bounds this test's duration (silent.test waits it out), and it must be
 * generous: the world's servers share the event loop with the client, and with all 24 domains
 * in flight on a loaded machine (8 of these runs at once on 2 cores) a whole domain took up to
 * 1.3 s — the multiline banner, dripped in 7-byte pieces every 5 ms, then missed a 1 s deadline.
 * No DNS query of the demo goes unanswered, so the DNS deadline costs nothing and stays long.
 */
const GOLDEN_TIMEOUTS: Timeouts = { ...DEFAULT_TIMEOUTS, phaseMs: 3_000, hostMs: 10_000, dnsQueryMs: 2_000, dnsAttempts: 2 };

export interface LiveRun {
  /** The report after `normalizeLiveReport`. */
  report: Report;
  /** The exit code the gate decided. */
  exitCode: number;
}

/** `tlscheck demo --require required --format json`, with the fixed clock; normalised. */
export async function liveDemoReport(): Promise<LiveRun> {
  const scenario = loadScenario(join(fixturesDir(), 'scenarios', 'demo.json'));
  const world = await startWorld(scenario);
  try {
    const ctx = contextForWorld(world, GOLDEN_TIMEOUTS, { now: () => FIXED_DATE, gate: gateConfig({ setting: 'required' }) });
    // The same target sources as `tlscheck demo` (src/cli/demo.ts).
    const targets = scenario.domains.map((entry, index) => targetFromText(entry.domain, `demo.json domain ${index + 1}`, index));
    const run = await checkDomains({ targets, inputWarnings: [], baseline: null, concurrency: DEFAULT_CONCURRENCY }, ctx);
    const exitCode = exitCodeFor(run.report);
    // Through the JSON renderer and back, as a consumer of `--format json` reads it.
    const report = JSON.parse(renderReport(run.report, 'json', { paint: new Chalk({ level: 0 }), details: true })) as Report;
    return { report: normalizeLiveReport(report, { smtp: world.smtpPort, dns: world.dns.port }), exitCode };
  } finally {
    await world.close();
  }
}

/**
 * What differs from one live run to the next, and only that:
 * - `durationMs` (per domain and per address) is wall time: set to 0.
 * - `port` is the world's random SMTP port: set to 25 when it is that port.
 * - strings quoting `host:port` of the world's SMTP or DNS server (e.g. "connect ECONNREFUSED
 *   127.255.255.254:41234") get :25 / :53.
 * - TLSA names of the SMTP port (`_41234._tcp.<host>`, DANE) get `_25._tcp.`.
 * Anything else that varied would make the live check fail, on purpose. Not normalised because
 * it is already deterministic: result order (input order, whatever the completion order), MX
 * order (equal preferences keep DNS order, src/dns/mail-hosts.ts; the demo has none anyway),
 * retry jitter (only changes when the retry of refused.test happens, not what it observes),
 * and dates (the injected clock). Reproducible per Node build rather than forever: the cipher
 * names and the OpenSSL error texts quoted by tls10.test and garbage.test
 * (ERR_SSL_WRONG_VERSION_NUMBER, ...) may change with a Node/OpenSSL upgrade; regenerate then.
 */
export function normalizeLiveReport(report: Report, ports: { smtp: number; dns: number }): Report {
  const quoted = (port: number) => new RegExp(`:${port}(?!\\d)`, 'g');
  const tlsaName = new RegExp(`(^|[^\\d])_${ports.smtp}\\._tcp\\.`, 'g');
  const fix = (text: string) =>
    text
      .replace(quoted(ports.smtp), `:${NORMAL_SMTP_PORT}`)
      .replace(quoted(ports.dns), `:${NORMAL_DNS_PORT}`)
      .replace(tlsaName, `$1_${NORMAL_SMTP_PORT}._tcp.`);
  const walk = (value: unknown, key: string | null): unknown => {
    if (typeof value === 'string') return fix(value);
    if (Array.isArray(value)) return value.map((item) => walk(item, null));
    if (value === null || typeof value !== 'object') {
      if (key === 'durationMs' && typeof value === 'number') return 0;
      if (key === 'port' && value === ports.smtp) return NORMAL_SMTP_PORT;
      return value;
    }
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, walk(item, name)]));
  };
  return walk(report, null) as Report;
}

export interface GoldenRender {
  /** File name under fixtures/golden/. */
  file: string;
  render: (report: Report) => string;
}

const PLAIN = new Chalk({ level: 0 });
const as =
  (format: Format, details = true) =>
  (report: Report) =>
    renderReport(report, format, { paint: PLAIN, details });

/**
 * "How this report was made" for the HTML page: the demo's facts from the CLI's own code, with a
 * fixed version so a release does not rewrite the golden page.
 */
export const GOLDEN_FACTS: RunFacts = { ...runFacts(withDefaults<CliOptions>({}), 'demo'), toolVersion: '0.0.0-golden' };

/** Every format renderReport knows, the table both ways, in plain text (colour level 0). */
export const GOLDEN_RENDERS: readonly GoldenRender[] = [
  { file: 'demo.table.txt', render: as('table', true) },
  { file: 'demo.table-compact.txt', render: as('table', false) },
  { file: 'demo.json', render: as('json') },
  { file: 'demo.ndjson', render: as('ndjson') },
  { file: 'demo.csv', render: as('csv') },
  { file: 'demo.csv-wide.csv', render: as('csv-wide') },
  { file: 'demo.junit.xml', render: as('junit') },
  { file: 'demo.md', render: as('markdown') },
  { file: 'demo.html', render: (report) => renderReport(report, 'html', { paint: PLAIN, details: true, facts: GOLDEN_FACTS }) },
];

/** The stored report as JSON text: two-space indent, a final newline. */
export function reportText(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function readStored(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/** Writes only when the text changed (keeps mtimes and `git status` quiet). Returns whether it wrote. */
export function writeIfChanged(path: string, text: string): boolean {
  if (readStored(path) === text) return false;
  writeFileSync(path, text, 'utf8');
  return true;
}

/** Longer lines are shown as an excerpt around the first differing character. */
const SHOWN_CHARS = 160;

/**
 * Null when equal; otherwise where they first differ, with both lines JSON-quoted so CR, tabs
 * and trailing spaces are visible. Lines are split on LF only, so a lost CR (CSV) shows.
 */
export function firstDifference(expected: string, actual: string): string | null {
  if (expected === actual) return null;
  const want = expected.split('\n');
  const got = actual.split('\n');
  let index = 0;
  while (want[index] === got[index]) index++;
  const [a, b] = [want[index], got[index]];
  let column = 0;
  while (a !== undefined && b !== undefined && a[column] === b[column]) column++;
  const from = Math.max(0, column - SHOWN_CHARS / 2);
  const show = (line: string | undefined) => {
    if (line === undefined) return '(none: the text ends before this line)';
    const excerpt = line.slice(from, from + SHOWN_CHARS);
    return `${from > 0 ? '…' : ''}${JSON.stringify(excerpt)}${from + SHOWN_CHARS < line.length ? '…' : ''}`;
  };
  const where = `line ${index + 1}, column ${column + 1} (expected ${want.length} lines, actual ${got.length})`;
  return `first difference at ${where}:\n  expected: ${show(a)}\n  actual:   ${show(b)}`;
}
