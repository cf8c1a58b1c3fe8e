/** --email-log and --no-probe through the built binary, joined with the demo world. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { tlscheck, worldArgs } from './helpers.js';

const DEMO_LOG = join(fixturesDir(), 'email-logs', 'demo.csv');

const HEADER =
  'Date/Time,Internal Message ID,Mail Event,Recipient,Sender,Remote Host,Bytes Transferred,User ID,Message ID Header,Retry Count,Seconds in Queue,Delivery Stage,Relay Address,TLS_Cipher,TLS_Verified\n';
const row = (time: string, id: string, recipient: string, cipher: string, verified = '') =>
  `${time},${id},D,${recipient},noreply@org.test,10.0.0.1,900,005A,<${id}@sf>,0,1,,,${cipher},${verified}\n`;

/** 30 messages to nostarttls.test in plaintext, 10 to twomx.test in plaintext, 60 to valid.test over verified TLS. */
function log(): string {
  let text = HEADER;
  for (let i = 0; i < 30; i++) text += row('5/02/2024 10:00', `n${i}`, `u${i}@nostarttls.test`, ':');
  for (let i = 0; i < 10; i++) text += row('5/03/2024 11:00', `t${i}`, `u${i}@twomx.test`, ':');
  for (let i = 0; i < 60; i++) text += row('5/04/2024 12:00', `v${i}`, `u${i}@valid.test`, 'TLSv1.3:TLS_AES_256_GCM_SHA384', 'Verified');
  return text;
}

describe('--email-log', () => {
  let world: World;
  let dir: string;
  let path: string;
  before(async () => {
    world = await startWorld(loadScenario(join(fixturesDir(), 'scenarios', 'demo.json')));
    dir = mkdtempSync(join(tmpdir(), 'tlscheck-logs-'));
    path = join(dir, 'log.csv.gz');
    writeFileSync(path, gzipSync(log()));
  });
  after(async () => {
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('joined with the probe: traffic on each result, the impact weighed by messages, the disagreement said', async () => {
    const json = await tlscheck(worldArgs(world, '--format', 'json', '--email-log', path, 'selfsigned.test'));
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    const byDomain = Object.fromEntries(report.results.map((r: { domain: string }) => [r.domain, r]));
    assert.deepEqual(Object.keys(byDomain), ['selfsigned.test', 'nostarttls.test', 'twomx.test', 'valid.test']);
    assert.equal(byDomain['selfsigned.test'].traffic, null);
    assert.equal(byDomain['nostarttls.test'].traffic.plaintext, 30);
    assert.equal(byDomain['valid.test'].traffic.verified, 60);
    assert.ok(
      report.notes.some((note: string) => /disagree: twomx\.test: 10 messages received mail in plaintext/.test(note)),
      report.notes,
    );

    const table = await tlscheck(worldArgs(world, '--email-log', path, 'selfsigned.test'));
    assert.match(
      table.stdout,
      /Switching to required stops mail to 1 domain, which received 30 messages \(30\.0 % of your outbound mail\) in the log period; 1 of them received mail in plaintext as recently as 2024-05-02 10:00 UTC\./,
    );
    const csv = await tlscheck(worldArgs(world, '--format', 'csv', '--email-log', path));
    assert.match(csv.stdout.split('\r\n')[0]!, /,log_deliveries,log_tls,.*,log_last_plaintext,log_tls_versions,log_failure_reasons$/);
  });

  test('--no-probe: no DNS query (a resolver that does not exist), every verdict not-probed, the report says so', async () => {
    const run = await tlscheck(['--no-probe', '--resolver', '127.0.0.1:9', '--format', 'json', '--email-log', path]);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    for (const result of report.results) {
      assert.deepEqual(result.mx, []);
      for (const verdict of Object.values(result.settings) as { deliverable: unknown; reasons: string[] }[]) {
        assert.equal(verdict.deliverable, null);
        assert.deepEqual(verdict.reasons, ['not-probed']);
      }
    }
    assert.ok(report.notes.some((note: string) => /^no probe was made/.test(note)));
    assert.deepEqual(report.traffic, {
      files: 1,
      rowsRead: 100,
      rowsSkipped: 0,
      warmUpRows: 0,
      domains: 3,
      plaintextDomains: 2,
      deliveries: 100,
      tls: 60,
      verified: 60,
      unverified: 0,
      plaintext: 40,
      transientFailures: 0,
      permanentFailures: 0,
      tlsVersions: { 'TLSv1.3': 60 },
      firstSeen: '2024-05-02T10:00:00.000Z',
      lastSeen: '2024-05-04T12:00:00.000Z',
      lastPlaintext: '2024-05-03T11:00:00.000Z',
    });
    const table = await tlscheck(['--no-probe', '--resolver', '127.0.0.1:9', '--email-log', path]);
    assert.match(table.stdout, /^No probe was made \(--no-probe\)/, 'the report opens by saying no probe was made');
    assert.match(
      table.stdout,
      /The first 2 domains listed received mail in plaintext: exactly those a switch to Required puts at risk today\./,
    );
    assert.match(table.stdout, /│ domain +│ messages │ TLS +│ verified │ plaintext │ last plaintext +│ TLS versions +│ failures/);
    assert.match(table.stdout, /│ nostarttls\.test +│ 30 +│ 0\.0 % +│ 0 +│ 30 +│ 2024-05-02 10:00 UTC/);
    assert.doesNotMatch(table.stdout, /preferred-verify │/, 'no table of verdicts that are all undetermined');
    assert.match(
      table.stdout,
      /Email Log Files: 1 file, 100 rows read \(all used\), 2024-05-02 10:00 UTC to 2024-05-04 12:00 UTC; 3 domains in the logs, 100 messages delivered/,
    );
    assert.match(table.stdout, /puts 2 domains at risk, which received 40 messages \(40\.0 % of your outbound mail\)/);
    const order = ['nostarttls.test', 'twomx.test', 'valid.test'].map((domain) => table.stdout.indexOf(`│ ${domain}`));
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
      'plaintext domains first, most messages first',
    );
    const markdown = await tlscheck(['--no-probe', '--format', 'markdown', '--email-log', path]);
    assert.match(markdown.stdout, /## Domains in the Email Log Files\n\nNo probe was made/);
    assert.match(markdown.stdout, /\| ⚠️ \*\*nostarttls\.test\*\* \| 30 \| 0\.0 % \| 0 \| 30 \| 2024-05-02 10:00 UTC \|/);
    assert.doesNotMatch(markdown.stdout, /## Details/);
  });

  test('NDJSON lines and CSV rows carry the TLS versions and failures of each domain', async () => {
    const ndjson = await tlscheck(['--no-probe', '--format', 'ndjson', '--email-log', path]);
    const lines = ndjson.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(lines.find((r) => r.domain === 'valid.test').traffic.tlsVersions, { 'TLSv1.3': 60 });
    const csv = await tlscheck(['--no-probe', '--format', 'csv', '--email-log', DEMO_LOG]);
    const [head, ...rows] = csv.stdout.trim().split('\r\n');
    assert.match(head!, /,log_last_plaintext,log_tls_versions,log_failure_reasons$/);
    const silent = rows.filter((line) => line.startsWith('silent.test,silent.test,1,required,'));
    assert.equal(silent.length, 1);
    assert.match(silent[0]!, /,TLSv1\.2 1,2 transient \(during connect 2\)$/);
  });

  test('demo --email-log joins the log with the demo world: its domains in the world are checked, the others left out and said', async () => {
    const run = await tlscheck(['demo', '--format', 'json', '--email-log', DEMO_LOG]);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    const byDomain = Object.fromEntries(report.results.map((r: { domain: string }) => [r.domain, r]));
    assert.deepEqual(Object.keys(byDomain).sort(), [
      'nostarttls.test',
      'nxdomain.test',
      'selfsigned.test',
      'silent.test',
      'tls10.test',
      'twomx.test',
      'valid.test',
    ]);
    assert.equal(byDomain['nostarttls.test'].settings.required.deliverable, false);
    assert.equal(byDomain['nostarttls.test'].traffic.plaintext, 10);
    assert.equal(byDomain['valid.test'].traffic.deliveries, 42, '35 messages, 7 with a CC at the same domain');
    assert.deepEqual(byDomain['nxdomain.test'].traffic.failureReasons, [{ kind: 'permanent', reason: 'during MX lookup', count: 2 }]);
    assert.equal(report.traffic.domains, 8, 'the totals are the whole log, partner.example included');
    assert.equal(report.traffic.deliveries, 70);
    assert.equal(report.traffic.warmUpRows, 1);
    assert.ok(report.notes.some((note: string) => /1 log domain not in the demo world left out \(partner\.example\)/.test(note)));
    assert.ok(report.notes.some((note: string) => /disagree: twomx\.test: 3 messages received mail in plaintext/.test(note)));
  });

  test('demo --email-log with a log that names no domain of the demo world is a usage error', async () => {
    const other = join(dir, 'elsewhere.csv');
    writeFileSync(other, HEADER + row('5/02/2024 10:00', 'a', 'ann@example.com', ':'));
    const run = await tlscheck(['demo', '--email-log', other]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /none of the log's 1 domain is in it/);
  });

  test('a log that lacks a needed column exits 2 naming the columns', async () => {
    const other = join(dir, 'contacts.csv');
    writeFileSync(other, 'Name,Email\nAnn,ann@acme.test\n');
    const run = await tlscheck(['--no-probe', '--email-log', other]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /columns found: "Name", "Email"; needed:/);
  });
});
