/**
 * Email Log Files, one test per quirk of the format: each would fail if a count were wrong.
 * The fixture fixtures/email-logs/quirks.csv holds them all with a header; the others are built here.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { after, describe, test } from 'node:test';
import { readEmailLogs } from '../../src/input/email-log.js';
import { InputError } from '../../src/input/input-error.js';
import { readTargets } from '../../src/input/read-targets.js';
import { TrafficTally, toDomainTraffic } from '../../src/input/traffic-tally.js';
import { TempDir, stdinOf } from './helpers.js';

const QUIRKS = fileURLToPath(new URL('../../../fixtures/email-logs/quirks.csv', import.meta.url));
const HEADER =
  'Date/Time,Internal Message ID,Mail Event,Recipient,Sender,Remote Host,Bytes Transferred,User ID,Message ID Header,Retry Count,Seconds in Queue,Delivery Stage,Relay Address,TLS_Cipher,TLS_Verified\n';

/** One log line in the documented order. */
function row(time: string, id: string, event: string, recipient: string, cipher = '', verified = '', stage = ''): string {
  return `${time},${id},${event},${recipient},noreply@org.test,10.0.0.1,900,005A,<${id}@sf>,0,1,${stage},,${cipher},${verified}\n`;
}

async function traffic(paths: string[], stdin = stdinOf()) {
  const logs = await readEmailLogs(paths, stdin);
  const byDomain = Object.fromEntries([...logs.tally.entries()].map(([domain, tally]) => [domain, toDomainTraffic(tally)]));
  return { logs, byDomain };
}

describe('Email Log Files', () => {
  const dir = new TempDir();
  after(() => dir.cleanup());

  test('the quirks fixture: internal hops, several D rows, CC recipients, warm-up, T and P, bad rows with their lines', async () => {
    const { logs, byDomain } = await traffic([QUIRKS]);
    // acme.test: m1 to ann (an internal hop, then TLS verified) and m2 to cc (TLS 1.3, unverified).
    assert.deepEqual(byDomain['acme.test'], {
      deliveries: 2,
      tls: 2,
      verified: 1,
      unverified: 1,
      plaintext: 0,
      transientFailures: 0,
      permanentFailures: 0,
      firstSeen: '2024-05-01T09:00:00.000Z',
      lastSeen: '2024-05-02T10:00:00.000Z',
      lastPlaintext: null,
      tlsVersions: { 'TLSv1.2': 1, 'TLSv1.3': 1 },
      failureReasons: [],
    });
    // plain.test: bob (same message m1, a CC; its internal hop not counted), dan, joe: 3 plaintext.
    assert.equal(byDomain['plain.test']?.deliveries, 3);
    assert.equal(byDomain['plain.test']?.plaintext, 3);
    assert.equal(byDomain['plain.test']?.lastPlaintext, '2024-05-05T08:00:00.000Z');
    // slow.test: two T rows of one message are one transient failure; then delivered.
    assert.equal(byDomain['slow.test']?.transientFailures, 1);
    assert.equal(byDomain['slow.test']?.deliveries, 1);
    assert.deepEqual(byDomain['slow.test']?.failureReasons, [{ kind: 'transient', reason: 'during RCPT TO', count: 1 }]);
    assert.deepEqual(byDomain['slow.test']?.tlsVersions, { 'TLSv1.2': 1 });
    assert.equal(byDomain['gone.test']?.permanentFailures, 1);
    assert.deepEqual(byDomain['gone.test']?.failureReasons, [{ kind: 'permanent', reason: 'during RCPT TO', count: 1 }]);
    assert.deepEqual(byDomain['plain.test']?.tlsVersions, {});
    assert.equal(byDomain['gone.test']?.deliveries, 0);
    assert.equal(Object.keys(byDomain).length, 4, 'the warm-up address is no domain of the customer');
    assert.equal(logs.tally.counts.internalHops, 2);
    assert.equal(logs.tally.counts.warmUp, 1);
    const summary = logs.warnings.join('\n');
    assert.match(summary, /17 rows read/);
    assert.match(summary, /1 warm-up row/);
    assert.match(summary, /unknown Mail Event code .*\(line 14\)/);
    assert.match(summary, /Date\/Time that does not parse \(line 15\)/);
    assert.match(summary, /Recipient that is not an address \(line 16\)/);
    assert.match(summary, /broken quote .*\(line 17\)/, 'the row with a broken quote is reported as such, with its line');
    assert.deepEqual(logs.reading, { files: 1, rowsRead: 17, rowsSkipped: 4, warmUpRows: 1 });
  });

  test('no header: the documented positions, TLS columns last even with extra columns before them', async () => {
    const extra = (line: string) => line.replace(/,([^,]*),([^,]*)\n$/, ',extra,$1,$2\n');
    const path = dir.write(
      'noheader.csv',
      row('6/01/2024 10:00', 'a', 'D', 'x@one.test', 'TLSv1.2:AES256-GCM-SHA384', 'Verified') +
        extra(row('6/01/2024 10:01', 'b', 'D', 'y@one.test', ':')) +
        row('13/06/2024 10:02', 'c', 'D', 'z@one.test', ':'),
    );
    const { byDomain } = await traffic([path]);
    assert.equal(byDomain['one.test']?.deliveries, 3);
    assert.equal(byDomain['one.test']?.tls, 1);
    assert.equal(byDomain['one.test']?.plaintext, 2);
    assert.equal(byDomain['one.test']?.lastPlaintext, '2024-06-13T10:02:00.000Z', 'a first number above 12 is the day');
  });

  test('no header: the Delivery Stage of T and P rows is read at its documented position', async () => {
    const path = dir.write(
      'stages.csv',
      row('6/01/2024 10:00', 'a', 'T', 'x@st.test', '', '', 'during DATA') +
        row('6/01/2024 10:05', 'a', 'T', 'x@st.test', '', '', 'during DATA') +
        row('6/01/2024 10:00', 'b', 'T', 'y@st.test', '', '', '') +
        row('6/01/2024 10:00', 'c', 'P', 'z@st.test', '', '', 'during RCPT TO') +
        row('6/01/2024 10:00', 'd', 'D', 'w@st.test', 'TLSv1.3:TLS_AES_128_GCM_SHA256', 'Verified', 'ignored on D rows'),
    );
    const { byDomain } = await traffic([path]);
    assert.deepEqual(byDomain['st.test']?.failureReasons, [
      { kind: 'transient', reason: null, count: 1 },
      { kind: 'transient', reason: 'during DATA', count: 1 },
      { kind: 'permanent', reason: 'during RCPT TO', count: 1 },
    ]);
    assert.equal(byDomain['st.test']?.transientFailures, 2, 'two T rows of message a are one failure');
  });

  test('failure reasons and TLS versions stay bounded per domain, the rest counted together', () => {
    const tally = new TrafficTally();
    const base = { time: 0, recipient: 'a@b.test', domainPart: 'b.test', verified: true };
    for (let i = 0; i < 10; i++) tally.add({ ...base, event: 'P', messageId: `p${i}`, hop: null, stage: `stage ${i}` }, 'b.test');
    for (let i = 0; i < 8; i++)
      tally.add({ ...base, event: 'D', messageId: `d${i}`, hop: { kind: 'tls', version: `TLSv${i}` }, stage: null }, 'b.test');
    const out = toDomainTraffic(tally.get('b.test')!);
    assert.equal(out.failureReasons.length, 6);
    assert.deepEqual(out.failureReasons[0], { kind: 'permanent', reason: '(other reasons)', count: 5 });
    assert.equal(
      out.failureReasons.reduce((sum, reason) => sum + reason.count, 0),
      10,
    );
    assert.deepEqual(out.tlsVersions, { TLSv0: 1, TLSv1: 1, TLSv2: 1, TLSv3: 1, TLSv4: 1, other: 3 });
  });

  test('a TLS version that is not a plain word is not kept as written (it becomes a JSON key and a cell)', async () => {
    const path = dir.write('odd.csv', HEADER + row('6/01/2024 10:00', 'a', 'D', 'x@odd.test', '\u001b[31mTLS <b>:X', 'Verified'));
    const { byDomain } = await traffic([path]);
    assert.deepEqual(byDomain['odd.test']?.tlsVersions, { other: 1 });
  });

  test('a headerless CSV of another platform: every row counted and reported with its line, no crash', async () => {
    const path = dir.write('other.csv', '2024-06-01 10:00,sent,x@a.test\n2024-06-01 10:01,sent,y@a.test\n');
    const { logs, byDomain } = await traffic([path]);
    assert.deepEqual(byDomain, {});
    assert.match(
      logs.warnings.join('\n'),
      /other\.csv: 2 rows read; 2 rows have too few columns for an Email Log File row \(lines 1, 2\), not used/,
    );
    assert.equal(logs.reading.rowsSkipped, 2);
  });

  test('a damaged gzip stream: the rows before the damage are used, the damage reported', async () => {
    let text = HEADER;
    for (let i = 0; i < 500; i++) text += row('6/01/2024 10:00', `m${i}`, 'D', `u${i}@dmg.test`, ':');
    const whole = Buffer.from(gzipSync(text));
    // Past the 10-byte header, overwrite a stretch of the deflate stream.
    whole.fill(0xff, Math.floor(whole.length / 2), Math.floor(whole.length / 2) + 64);
    const { logs } = await traffic([dir.write('dmg.csv.gz', whole)]);
    assert.match(logs.warnings.join('\n'), /dmg\.csv\.gz: the compressed data (is damaged|ends early)/);
  });

  test('header names are matched ignoring case, spaces and underscores, in any order', async () => {
    const path = dir.write(
      'renamed.csv',
      'tls verified,RECIPIENT,mail_event,internal message id,date time,tls-cipher\nVerified,a@two.test,D,m1,2024-06-01 10:00:00,TLSv1.3:X\n',
    );
    const { byDomain } = await traffic([path]);
    assert.equal(byDomain['two.test']?.verified, 1);
  });

  test('gzip is recognised by its content, whatever the name; stdin works the same', async () => {
    const text = HEADER + row('6/01/2024 10:00', 'a', 'D', 'x@gz.test', ':');
    const path = dir.write('log.csv', gzipSync(text));
    assert.equal((await traffic([path])).byDomain['gz.test']?.plaintext, 1);
    assert.equal((await traffic(['-'], stdinOf(gzipSync(text)))).byDomain['gz.test']?.plaintext, 1);
  });

  test('a truncated gzip: the rows before the cut are used, and the cut is reported', async () => {
    let text = HEADER;
    for (let i = 0; i < 2000; i++) text += row('6/01/2024 10:00', `m${i}`, 'D', `u${i}@cut.test`, ':');
    const whole = gzipSync(text);
    const path = dir.write('cut.csv.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    const { logs, byDomain } = await traffic([path]);
    const deliveries = byDomain['cut.test']?.deliveries ?? 0;
    assert.ok(deliveries > 0 && deliveries < 2000, `got ${deliveries}`);
    assert.match(logs.warnings.join('\n'), /ends early/);
  });

  test('overlapping files count each (message, recipient) once; the same file twice is read once', async () => {
    const a = dir.write(
      'week1.csv',
      HEADER + row('6/01/2024 10:00', 'm1', 'D', 'a@lap.test', ':') + row('6/02/2024 10:00', 'm2', 'D', 'b@lap.test', ':'),
    );
    const b = dir.write(
      'week2.csv',
      HEADER + row('6/02/2024 10:00', 'm2', 'D', 'B@lap.test', ':') + row('6/03/2024 10:00', 'm3', 'D', 'c@lap.test', ':'),
    );
    const { byDomain } = await traffic([a, b, a]);
    assert.equal(byDomain['lap.test']?.deliveries, 3);
  });

  test('the de-duplication window is bounded: beyond it, a pair is forgotten and counted', () => {
    const tally = new TrafficTally(2);
    const d = (id: string) => ({
      time: 0,
      event: 'D' as const,
      messageId: id,
      recipient: 'a@w.test',
      domainPart: 'w.test',
      hop: { kind: 'plaintext' as const },
      verified: null,
      stage: null,
    });
    for (const id of ['1', '2', '3', '1']) tally.add(d(id), 'w.test');
    assert.equal(tally.get('w.test')?.deliveries, 4);
    assert.equal(tally.counts.forgotten, 2);
  });

  test('a header without a needed column is refused, naming the columns found and needed', async () => {
    const path = dir.write('contacts.csv', 'Name,Email\nAnn,ann@acme.test\n');
    await assert.rejects(readEmailLogs([path], stdinOf()), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(
        error.message,
        /columns found: "Name", "Email"; needed: Date\/Time, Internal Message ID, Mail Event, Recipient, TLS_Cipher, TLS_Verified/,
      );
      return true;
    });
  });

  test('log domains become targets next to the other inputs, normalised and merged', async () => {
    const path = dir.write('join.csv', HEADER + row('6/01/2024 10:00', 'm1', 'D', 'ann@ACME.test', ':'));
    const read = await readTargets({ args: ['acme.test.'], files: [], column: null, emailLogs: [path] }, stdinOf());
    assert.deepEqual(
      read.targets.map((t) => [t.domain, t.recipients, t.sources]),
      [['acme.test', 2, ['argument 1', `${path}:2`]]],
    );
    assert.equal(read.traffic.get('acme.test')?.plaintext, 1);
  });
});
