/**
 * A DNS server that never answers, as a user meets it (a wrong --resolver, DNS blocked): the
 * per-domain dns-timeouts stay, and one run-wide note says it is the resolver, on stderr and in
 * the report, like the blocked-port note.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDnsServer, type DnsServer } from '../../src/world/dns-server.js';
import { tlscheck } from './helpers.js';

describe('a resolver that never answers, through the CLI', () => {
  let silent: DnsServer;
  before(async () => {
    silent = await startDnsServer({ records: [] }, { silent: true });
  });
  after(() => silent.close());

  test('one note for the run on stderr and in the report; each domain still undetermined (dns-timeout)', async () => {
    const run = await tlscheck([
      '--resolver',
      `${silent.host}:${silent.port}`,
      '--dns-timeout',
      '100',
      '--format',
      'json',
      'a.test',
      'b.test',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const note = new RegExp(`your DNS server 127\\.0\\.0\\.1:${silent.port} did not answer any query \\(6 sent\\)`);
    assert.equal(run.stderr.split('\n').filter((line) => note.test(line)).length, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.notes.filter((text: string) => note.test(text)).length, 1);
    for (const result of report.results) assert.deepEqual([result.dns.outcome, result.dns.reason], ['dns-failure', 'dns-timeout']);
  });
});
