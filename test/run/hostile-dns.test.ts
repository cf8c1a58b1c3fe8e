/**
 * Hostile and odd DNS, end to end: the world of fixtures/scenarios/hostile-dns.json checked
 * through exactly the code path of a real run (our DNS client -> SMTP probe -> TLS judgement ->
 * verdict), with short deadlines. Each domain states its verdict per setting in the scenario;
 * this file adds what DNS must have said and, for host-level cases, the MX host list. Last, the
 * same domains against a resolver that never answers.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LIMITS, DEFAULT_TIMEOUTS } from '../../src/model/limits.js';
import type { DomainResult } from '../../src/model/report.js';
import { SETTING_NAMES } from '../factories.js';
import { runBatch } from '../../src/run/batch.js';
import { targetFromText } from '../../src/run/check-domain.js';
import type { RunContext } from '../../src/run/run-context.js';
import { makeRunContext } from '../../src/run/run-context.js';
import { startDnsServer } from '../../src/world/dns-server.js';
import { pkiPath } from '../../src/world/fixtures.js';
import { contextForWorld } from '../../src/world/world-context.js';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { silentResolverNote } from '../../src/verdict/run-notes.js';
import { assignAddresses, REFUSED_ADDRESS, startWorld, type World } from '../../src/world/world.js';
import { assertExpected } from './expectations.js';

// Short, but with room: DNS answers share this process's event loop with TLS handshakes and
// certificate parsing, which can hold it for tens of milliseconds (more on a busy machine).
const TIMEOUTS = { ...DEFAULT_TIMEOUTS, phaseMs: 600, hostMs: 5_000, dnsQueryMs: 500, dnsAttempts: 2 };
const scenario = loadScenario(join(fixturesDir(), 'scenarios', 'hostile-dns.json'));
const addresses = assignAddresses(scenario);

/** Every domain of the scenario, checked in one batch as the CLI would. */
async function checkScenario(ctx: RunContext): Promise<DomainResult[]> {
  const targets = scenario.domains.map((d, i) => targetFromText(d.domain, `argument ${i + 1}`, i));
  const batch = await runBatch(targets, ctx, { concurrency: 16 });
  assert.equal(batch.notChecked, 0);
  return batch.results;
}

/** What DNS must have said about each domain: outcome, reason, and a pattern for the message. */
const DNS: Record<string, [DomainResult['dns']['outcome'], string | null, RegExp?]> = {
  'truncated.test': ['mx', null],
  'wrongid.test': ['mx', null],
  'wrongquestion.test': ['mx', null],
  'cnamechain.test': ['mx', null],
  // The message names the whole loop, from the asked name back to where it closes.
  'cnameloop.test': [
    'dns-failure',
    'dns-error',
    /CNAME loop: cnameloop\.test -> loop1\.cnameloop\.test -> loop2\.cnameloop\.test -> cnameloop\.test/,
  ],
  'mxloop.test': ['mx', null],
  'ipliteral.test': ['mx', null],
  'mxcname.test': ['mx', null],
  'preferences.test': ['mx', null],
  'manymx.test': ['mx', null, /100 MX hosts published; only the 20 most preferred/],
  'toomanymx.test': ['mx', null, /100 MX hosts published; only the 20 most preferred/],
  'slowok.test': ['mx', null],
  'tooslow.test': ['dns-failure', 'dns-timeout', /no answer to MX tooslow\.test .*2 attempts of 500 ms/],
  'servfailhost.test': ['mx', null],
  'servfailfirst.test': ['mx', null],
};

const range = (n: number, name: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => name(i));
const two = (i: number): string => String(i).padStart(2, '0');

/** The MX hosts each domain must list, in order, as "preference host address..." (dnsFailure reason if any). */
const HOSTS: Record<string, string[]> = {
  truncated: ['10 tc1.wildcard.test 127.0.0.3', '20 tc2.wildcard.test 127.0.0.3', '30 tc3.wildcard.test 127.0.0.3'],
  wrongid: ['10 wrongid.wildcard.test 127.0.0.3'],
  wrongquestion: ['10 wrongquestion.wildcard.test 127.0.0.3'],
  cnamechain: ['10 chain.wildcard.test 127.0.0.3'],
  mxloop: ['10 mail.mxloop.test (dns-error)'],
  ipliteral: ['10 127.0.0.2 127.0.0.2'],
  mxcname: ['10 mail.mxcname.test 127.0.0.2'],
  preferences: ['0 zero.wildcard.test 127.0.0.3', '32768 mid.wildcard.test 127.0.0.3', '65535 mx.plain.test 127.0.0.4'],
  manymx: range(LIMITS.maxMxHosts, (i) => `${i} m${two(i)}.wildcard.test 127.0.0.3`),
  toomanymx: range(LIMITS.maxMxHosts, (i) => `${i} t${two(i)}.toomanymx.test ${REFUSED_ADDRESS}`),
  slowok: ['10 slowok.wildcard.test 127.0.0.3'],
  servfailhost: ['10 sf.servfailhost.test (dns-servfail)'],
  servfailfirst: ['10 sf.servfailhost.test (dns-servfail)', '20 second.wildcard.test 127.0.0.3'],
};

function hostLines(result: DomainResult): string[] {
  return result.mx.map((h) =>
    [h.preference, h.host, ...h.addresses.map((a) => a.address), ...(h.dnsFailure ? [`(${h.dnsFailure.reason})`] : [])].join(' '),
  );
}

describe('hostile DNS world, end to end', () => {
  let world: World;
  const results = new Map<string, DomainResult>();
  const warnings: Error[] = [];
  const onWarning = (warning: Error): void => void warnings.push(warning);

  let ctx: RunContext;

  before(async () => {
    process.on('warning', onWarning);
    world = await startWorld(scenario);
    ctx = contextForWorld(world, TIMEOUTS);
    for (const result of await checkScenario(ctx)) results.set(result.input, result);
  });
  after(async () => {
    process.off('warning', onWarning);
    await world.close();
  });

  const get = (domain: string): DomainResult => {
    const result = results.get(domain);
    assert.ok(result, `a result for ${domain}`);
    return result;
  };

  test('the fixture and this file describe the same domains; the IP-literal MX is the valid server', () => {
    assert.deepEqual(Object.keys(DNS).sort(), scenario.domains.map((d) => d.domain).sort());
    for (const domain of Object.keys(HOSTS)) assert.ok(`${domain}.test` in DNS, domain);
    assert.equal(addresses.valid, '127.0.0.2');
    assert.equal(addresses.wildcard, '127.0.0.3');
    assert.equal(addresses.plain, '127.0.0.4');
  });

  for (const entry of scenario.domains) {
    test(`${entry.domain}: ${entry.title ?? ''}`, () => {
      const result = get(entry.domain);
      assertExpected(result, entry.expect);
      const [dnsOutcome, reason, message] = DNS[entry.domain]!;
      assert.deepEqual([result.dns.outcome, result.dns.reason], [dnsOutcome, reason]);
      if (message) assert.match(result.dns.message ?? '', message);
      const hosts = HOSTS[entry.domain.replace(/\.test$/, '')];
      if (hosts) assert.deepEqual(hostLines(result), hosts);
    });
  }

  test('undetermined domains say why in their reasons', () => {
    const reasons = (domain: string) => get(domain).settings.required.reasons;
    assert.deepEqual(reasons('cnameloop.test'), ['dns-error']);
    assert.deepEqual(reasons('mxloop.test'), ['dns-error']);
    assert.match(
      get('mxloop.test').mx[0]?.dnsFailure?.message ?? '',
      /CNAME loop: mail\.mxloop\.test -> alias\.mxloop\.test -> mail\.mxloop\.test/,
    );
    assert.deepEqual(reasons('tooslow.test'), ['dns-timeout']);
    assert.deepEqual(reasons('servfailhost.test'), ['dns-servfail']);
    assert.deepEqual(reasons('toomanymx.test'), ['connection-refused']);
  });

  test('one domain whose answers come too late (tooslow.test) is no silent resolver: no run-wide note', () => {
    assert.equal(get('tooslow.test').dns.reason, 'dns-timeout');
    assert.equal(silentResolverNote(ctx.resolver.activity()), null);
  });

  test('a SERVFAIL host before the accepting one is kept as the reason it was skipped', () => {
    assert.deepEqual(get('servfailfirst.test').settings['required-verify'].reasons, ['dns-servfail']);
  });

  test('an IP-literal MX: no SNI is sent (Node warns DEP0123 for an IP servername), and no name can verify', () => {
    const address = get('ipliteral.test').mx[0]?.addresses[0];
    assert.ok(address?.tls, 'the TLS session was made');
    assert.equal(address.certificate?.matchesMx, false);
    assert.deepEqual(get('ipliteral.test').settings['required-verify'].reasons, ['certificate-host-mismatch']);
    assert.deepEqual(warnings.filter((w) => (w as NodeJS.ErrnoException).code === 'DEP0123').map(String), []);
  });

  test('an MX that is a CNAME: SNI and name check use the MX name, as a sender does without DNSSEC', () => {
    const certificate = get('mxcname.test').mx[0]?.addresses[0]?.certificate;
    assert.deepEqual(certificate?.names, ['mx.valid.test']);
    assert.equal(certificate?.matchesMx, false);
    assert.deepEqual(get('mxcname.test').settings['required-verify'].reasons, ['certificate-host-mismatch']);
  });

  test('100 MX records: hosts past the cap are neither listed nor dialled', () => {
    const hosts = [...results.values()].flatMap((r) => r.mx.map((h) => h.host));
    assert.equal(hosts.filter((h) => /^m\d\d\.wildcard\.test$/.test(h)).length, LIMITS.maxMxHosts);
    assert.ok(!hosts.includes('t99.toomanymx.test'), 'the only accepting host is past the cap');
    // The valid server is reached as 127.0.0.2 (ipliteral.test) and as mail.mxcname.test; a
    // third session would be t99.toomanymx.test.
    assert.equal(world.servers.valid!.stats.connections, 2);
  });
});

describe('a resolver that never answers', () => {
  test('every domain is undetermined (dns-timeout) after exactly the allowed attempts', async () => {
    const silent = await startDnsServer({ records: [] }, { silent: true });
    try {
      const ctx = makeRunContext({
        servers: [{ host: silent.host, port: silent.port }],
        port: 25, // never dialled: no MX is ever learned
        caFiles: [pkiPath('root.pem')],
        helo: 'tlscheck.invalid',
        timeouts: TIMEOUTS,
        families: new Set([4, 6]),
      });
      const domains = scenario.domains.map((d) => d.domain);
      for (const result of await checkScenario(ctx)) {
        assert.deepEqual([result.dns.outcome, result.dns.reason], ['dns-failure', 'dns-timeout'], result.input);
        assert.deepEqual(
          SETTING_NAMES.map((name) => result.settings[name].deliverable),
          [null, null, null, null],
          result.input,
        );
        assert.deepEqual(result.mx, []);
      }
      // Bounded: one MX question per domain, asked dnsAttempts times, and nothing else.
      assert.equal(silent.queries, domains.length * TIMEOUTS.dnsAttempts);
      for (const domain of domains) assert.equal(silent.queriesFor(domain), TIMEOUTS.dnsAttempts, domain);
      // Said once for the run, naming the server, on top of the per-domain dns-timeouts.
      assert.match(
        silentResolverNote(ctx.resolver.activity()) ?? '',
        new RegExp(`^your DNS server 127\\.0\\.0\\.1:${silent.port} did not answer any query \\(${silent.queries} sent\\)`),
      );
    } finally {
      await silent.close();
    }
  });
});
