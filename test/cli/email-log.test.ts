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
    assert.match(csv.stdout.split('\r\n')[0]!, /,log_deliveries,log_tls,.*,log_last_plaintext$/);
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
    const table = await tlscheck(['--no-probe', '--resolver', '127.0.0.1:9', '--email-log', path]);
    assert.match(table.stdout, /puts 2 domains at risk, which received 40 messages \(40\.0 % of your outbound mail\)/);
    assert.ok(table.stdout.indexOf('nostarttls.test') < table.stdout.indexOf('valid.test'), 'plaintext domains first');
  });

  test('a log that lacks a needed column exits 2 naming the columns', async () => {
    const other = join(dir, 'contacts.csv');
    writeFileSync(other, 'Name,Email\nAnn,ann@acme.test\n');
    const run = await tlscheck(['--no-probe', '--email-log', other]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /columns found: "Name", "Email"; needed:/);
  });
});
