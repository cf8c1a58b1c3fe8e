/**
 * Golden outputs of `tlscheck listen` (STYLE.md practice 11): fixtures/listen/sessions.json is a
 * recorded set of sessions with a fixed clock (see golden-sessions.ts), judged and rendered into
 * the table (piped, and at 72 and 40 columns as on a terminal), NDJSON and JSON, and compared
 * byte for byte with fixtures/listen/golden/*. A live recording must still produce the stored
 * sessions, so the goldens cannot drift from what the listener really records. Cipher names and
 * OpenSSL's alert texts may change with a Node/OpenSSL upgrade: regenerate then, and review
 * `git diff fixtures/listen`:
 *
 *   UPDATE_GOLDEN=1 node --test dist/test/listen/golden.test.js
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { Chalk } from 'chalk';
import { judgeClients } from '../../src/listen/judge.js';
import type { ListenReport, ListenSession } from '../../src/model/listen.js';
import { renderListenHtml } from '../../src/render/html-listen.js';
import type { Width } from '../../src/render/layout.js';
import {
  renderClientsNdjson,
  renderListenJson,
  renderListenSummary,
  renderSessionLine,
  renderSessionNdjson,
} from '../../src/render/listen.js';
import { firstDifference, readStored, writeIfChanged } from '../render/golden-report.js';
import { LISTEN_GOLDEN_DIR, LISTEN_UPDATE_COMMAND, SESSIONS_FILE, recordGoldenSessions } from './golden-sessions.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const HOW_TO_UPDATE = `if the change is intended: ${LISTEN_UPDATE_COMMAND}, then review git diff fixtures/listen`;
const GOLDEN = join(LISTEN_GOLDEN_DIR, 'golden');

const sessionsText = (sessions: readonly ListenSession[]) => `${JSON.stringify(sessions, null, 2)}\n`;

function storedReport(): ListenReport {
  const text = readStored(SESSIONS_FILE);
  assert.ok(text !== null, `missing ${SESSIONS_FILE}; create it with ${LISTEN_UPDATE_COMMAND}`);
  const sessions = JSON.parse(text) as ListenSession[];
  return { posture: 'untrusted', sessions, clients: judgeClients(sessions, 'untrusted'), stoppedBy: 'sessions' };
}

/** The table as the CLI writes it: a line per session as it happens, then the summary. */
function table(width: Width) {
  return (report: ListenReport) => {
    const paint = new Chalk({ level: 0 });
    return report.sessions.map((session) => renderSessionLine(session, paint, width)).join('') + renderListenSummary(report, paint, width);
  };
}

const RENDERS: { file: string; render: (report: ListenReport) => string }[] = [
  { file: 'listen.table.txt', render: table(null) },
  { file: 'listen.table-72.txt', render: table(72) },
  { file: 'listen.table-40.txt', render: table(40) },
  { file: 'listen.ndjson', render: (report) => report.sessions.map(renderSessionNdjson).join('') + renderClientsNdjson(report) },
  { file: 'listen.json', render: renderListenJson },
  { file: 'listen.html', render: renderListenHtml },
];

describe('the recorded sessions are what a live listener records', () => {
  let live: ListenSession[];
  before(async () => {
    live = await recordGoldenSessions();
    if (UPDATE) writeIfChanged(SESSIONS_FILE, sessionsText(live));
  });

  test('a live recording, normalised, equals fixtures/listen/sessions.json', () => {
    const stored = readStored(SESSIONS_FILE);
    assert.ok(stored !== null, `missing ${SESSIONS_FILE}; create it with ${LISTEN_UPDATE_COMMAND}`);
    const difference = firstDifference(stored, sessionsText(live));
    if (difference !== null) assert.fail(`the live recording differs from ${SESSIONS_FILE}: ${difference}\n${HOW_TO_UPDATE}`);
  });

  test('the recording covers each verdict, a fallback and a hostile name', () => {
    const clients = storedReport().clients;
    assert.deepEqual(
      clients.map((client) => [client.address, client.sessions, client.verdict, client.behaviour]),
      [
        ['192.0.2.10', 1, 'enforced', 'refused-posture'],
        ['2001:db8::25', 2, 'not-enforced', 'fell-back'],
        ['198.51.100.7', 1, 'not-enforced', 'accepted-posture'],
        ['203.0.113.66', 1, 'inconclusive', 'nothing-decisive'],
      ],
    );
  });
});

describe('every listen format of the recorded sessions matches its golden file byte for byte', () => {
  for (const { file, render } of RENDERS) {
    test(file, (t) => {
      const path = join(GOLDEN, file);
      const actual = render(storedReport());
      if (UPDATE) {
        mkdirSync(GOLDEN, { recursive: true });
        if (writeIfChanged(path, actual)) t.diagnostic(`rewrote ${path}`);
        return;
      }
      const expected = readStored(path);
      assert.ok(expected !== null, `missing ${path}; create it with ${LISTEN_UPDATE_COMMAND}`);
      const difference = firstDifference(expected, actual);
      if (difference !== null) assert.fail(`${file} no longer matches the rendering of ${SESSIONS_FILE}: ${difference}\n${HOW_TO_UPDATE}`);
    });
  }

  test('fixtures/listen/golden holds exactly these outputs (no stale files)', () => {
    assert.deepEqual(readdirSync(GOLDEN).sort(), ['.gitattributes', ...RENDERS.map((entry) => entry.file)].sort());
  });
});

describe('the listen renderings keep their promises', () => {
  test('the HTML page: a verdict per client, every session, and every client string escaped', () => {
    const report = storedReport();
    const markup = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const hostile: ListenReport = {
      ...report,
      sessions: report.sessions.map((session) => ({
        ...session,
        client: { ...session.client, ehlo: markup },
        mailFrom: session.mailFrom ? { ...session.mailFrom, address: markup } : null,
        tlsError: session.tlsError === null ? null : markup,
      })),
    };
    const html = renderListenHtml(hostile);
    assert.ok(!html.includes('<script>alert') && !html.includes('<img'), 'client markup reached the page as markup');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'client markup shows as text');
    for (const client of report.clients) assert.ok(html.includes(`<code>${client.address}</code>`), client.address);
    assert.equal(html.match(/<tr><td>/g)?.length, report.sessions.length);
    assert.match(html, /✘ not enforced/);
    assert.match(html, /✔ enforced/);
  });

  test('on a terminal no line is wider than the terminal; piped, one line per session', () => {
    const report = storedReport();
    for (const width of [72, 40]) {
      for (const line of table(width)(report).split('\n')) assert.ok(line.length <= width, `${line.length} > ${width}: ${line}`);
    }
    const piped = table(null)(report).split('\n');
    assert.equal(piped.filter((line) => /^\d{4}-\d\d-\d\dT/.test(line)).length, report.sessions.length);
  });

  test('client strings are sanitised on the terminal: no escape, bell or bidi override gets through', () => {
    for (const width of [null, 72, 40]) assert.doesNotMatch(table(width)(storedReport()), /[\x00-\x08\x0b-\x1f\x7f\u202e]/);
  });

  test('JSON round-trips; every NDJSON line is a session, then a client, in order', () => {
    const report = storedReport();
    assert.deepEqual(JSON.parse(renderListenJson(report)), {
      schemaVersion: 1,
      listen: { posture: report.posture, stoppedBy: report.stoppedBy, sessions: report.sessions, clients: report.clients },
    });
    const lines = (report.sessions.map(renderSessionNdjson).join('') + renderClientsNdjson(report)).trimEnd().split('\n');
    assert.deepEqual(
      lines.map((line) => JSON.parse(line) as unknown),
      [...report.sessions, ...report.clients],
    );
  });
});
