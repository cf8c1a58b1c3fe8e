/** The Email Log Files in the human formats: the domain line, the totals, the --no-probe table. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Chalk } from 'chalk';
import type { TrafficSummary } from '../../src/model/report.js';
import { renderCsvWide } from '../../src/render/csv-wide.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderTable } from '../../src/render/table.js';
import { domainTrafficLine, renderTrafficTable, trafficSummaryLine } from '../../src/render/traffic.js';
import { HOSTILE, noStarttls, notProbedDomain, report, traffic } from '../factories.js';

const plain = new Chalk({ level: 0 });

const SUMMARY: TrafficSummary = {
  files: 2,
  rowsRead: 1_234,
  rowsSkipped: 3,
  warmUpRows: 7,
  domains: 40,
  plaintextDomains: 2,
  deliveries: 1_000,
  tls: 990,
  verified: 12,
  unverified: 978,
  plaintext: 10,
  transientFailures: 4,
  permanentFailures: 1,
  tlsVersions: { 'TLSv1.2': 900, 'TLSv1.3': 90 },
  firstSeen: '2024-05-01T00:00:00.000Z',
  lastSeen: '2024-05-07T23:59:00.000Z',
  lastPlaintext: '2024-05-06T13:37:00.000Z',
};

describe('Email Log Files in words', () => {
  test('the totals line says what was read, the period, and every figure added up', () => {
    assert.equal(
      trafficSummaryLine(SUMMARY),
      'Email Log Files: 2 files, 1,234 rows read (3 rows not used, 7 warm-up), 2024-05-01 00:00 UTC to 2024-05-07 23:59 UTC; ' +
        '40 domains in the logs, 1,000 messages delivered: 990 over TLS (99.0 %; TLSv1.2 900, TLSv1.3 90; 12 verified), ' +
        '10 in plaintext at 2 domains (the last 2024-05-06 13:37 UTC); failures: 4 transient, 1 bounced.',
    );
  });

  test('a domain line: plaintext with its last time, TLS with its versions, failures with their stages', () => {
    const line = domainTrafficLine(
      traffic({
        deliveries: 12,
        tls: 9,
        verified: 0,
        unverified: 9,
        plaintext: 3,
        lastPlaintext: '2024-05-01T17:00:00.000Z',
        tlsVersions: { 'TLSv1.2': 9 },
        transientFailures: 2,
        failureReasons: [{ kind: 'transient', reason: 'during RCPT TO', count: 2 }],
      }),
    );
    assert.equal(
      line,
      'log from 2024-05-01 08:00 UTC to 2024-05-01 18:00 UTC: 12 messages, 3 in plaintext (last 2024-05-01 17:00 UTC), ' +
        '9 over TLS (TLSv1.2 9; 0 verified); failures: 2 transient (during RCPT TO 2)',
    );
  });

  test('a hostile Delivery Stage reaches no terminal raw', () => {
    const line = domainTrafficLine(traffic({ permanentFailures: 1, failureReasons: [{ kind: 'permanent', reason: HOSTILE, count: 1 }] }));
    assert.doesNotMatch(line, /[\u0000-\u001f\u202e]/);
  });
});

describe('--no-probe views', () => {
  const results = [
    notProbedDomain('quiet.test', traffic({ deliveries: 5, tls: 5, verified: 5 })),
    notProbedDomain('some-plain.test', traffic({ deliveries: 20, tls: 18, plaintext: 2, lastPlaintext: '2024-05-01T09:00:00.000Z' })),
    notProbedDomain('busy.test', traffic({ deliveries: 500, tls: 500, verified: 500, tlsVersions: { 'TLSv1.3': 500 } })),
    notProbedDomain('all-plain.test', traffic({ deliveries: 40, tls: 0, plaintext: 40, lastPlaintext: '2024-05-01T18:00:00.000Z' })),
    notProbedDomain(
      'bounced.test',
      traffic({
        deliveries: 0,
        tls: 0,
        verified: 0,
        tlsVersions: {},
        permanentFailures: 3,
        failureReasons: [{ kind: 'permanent', reason: HOSTILE, count: 3 }],
      }),
    ),
  ];

  test('the table: plaintext domains first, most messages first, then the others by messages', () => {
    const text = renderTrafficTable(results, plain, null);
    const order = ['all-plain.test', 'some-plain.test', 'busy.test', 'quiet.test', 'bounced.test'].map((name) => text.indexOf(`│ ${name}`));
    assert.ok(
      order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!)),
      text,
    );
    assert.match(text, /│ all-plain\.test +│ 40 +│ 0\.0 % +│ 10 +│ 40 +│ 2024-05-01 18:00 UTC/);
    assert.match(text, /│ busy\.test +│ 500 +│ 100\.0 % +│ 500 +│ 0 +│ +│ TLSv1\.3 500/);
    assert.match(text, /3 bounced \(/);
    assert.doesNotMatch(text, /[\u0000\u001b\u202e]/, 'a hostile stage is sanitised');
  });

  test('on a narrow terminal the failures column leaves the table rather than break it', () => {
    const text = renderTrafficTable(results, plain, 80);
    assert.doesNotMatch(text, /failures/);
    assert.match(text, /TLS versions/);
  });

  test('the table report opens by saying no probe was made, and shows no verdict tables', () => {
    const text = renderTable(report(results, { traffic: SUMMARY }), { paint: plain });
    assert.match(
      text,
      /^No probe was made \(--no-probe\)[^\n]*The first 2 domains listed received mail in plaintext: exactly those a switch to Required puts at risk today\./,
    );
    assert.doesNotMatch(text, /│ setting /);
    assert.match(text, /Summary of 5 domains\nEmail Log Files: 2 files/);
  });

  test('Markdown: the traffic table in place of the verdicts and their details', () => {
    const text = renderMarkdown(report(results, { traffic: SUMMARY }));
    assert.match(text, /## Domains in the Email Log Files/);
    assert.match(text, /\| ⚠️ \*\*all-plain\.test\*\* \| 40 \|/);
    assert.doesNotMatch(text, /## Details/);
    assert.match(text, /Email Log Files: 2 files, 1,234 rows read/);
  });
});

describe('joined with the probe', () => {
  test('each domain shows its log line; the summary weighs the domains cut off by messages', () => {
    const results = [
      noStarttls('few.test', {
        traffic: traffic({ deliveries: 2, tls: 0, verified: 0, plaintext: 2, lastPlaintext: '2024-05-01T09:00:00.000Z' }),
      }),
      noStarttls('many.test', {
        traffic: traffic({ deliveries: 90, tls: 0, verified: 0, plaintext: 90, lastPlaintext: '2024-05-01T10:00:00.000Z' }),
      }),
    ];
    const text = renderTable(report(results, { traffic: SUMMARY }), { paint: plain });
    assert.match(text, /many\.test[^\n]*\n {2}log from [^\n]*: 90 messages, 90 in plaintext/);
    assert.ok(text.indexOf('✘ many.test (90 messages)') < text.indexOf('✘ few.test (2 messages)'), text);
  });
});

describe('CSV', () => {
  test('csv-wide ends each row with the log_* columns when the report has traffic, empty cells for a domain in no log', () => {
    const text = renderCsvWide(
      report([
        noStarttls('a.test', {
          traffic: traffic({
            transientFailures: 1,
            failureReasons: [{ kind: 'transient', reason: 'during DATA', count: 1 }],
          }),
        }),
        noStarttls('b.test'),
      ]),
    );
    const [head, a, b] = text.split('\r\n');
    assert.match(head!, /,sources,log_deliveries,log_tls,.*,log_tls_versions,log_failure_reasons$/);
    assert.match(a!, /,10,10,10,0,0,1,0,2024-05-01T08:00:00\.000Z,2024-05-01T18:00:00\.000Z,,TLSv1\.2 10,1 transient \(during DATA 1\)$/);
    assert.match(b!, /(,){12}$/);
  });
});
