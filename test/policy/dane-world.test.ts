/**
 * DANE end to end (fixtures/scenarios/dane.json): the world's DNS server signs some zones (AD),
 * fails validation for one name (SERVFAIL unless CD), and serves TLSA records derived from the
 * test PKI; the SMTP servers present the wildcard chain (leaf + intermediate) or no STARTTLS.
 * The run is the real one (runBatch + contextForWorld); only `resolverTrusted` is set by hand
 * for the untrusted-resolver cases, because every world resolver is on loopback.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { X509Certificate, createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_TIMEOUTS } from '../../src/model/limits.js';
import type { DanePolicy } from '../../src/model/policy.js';
import type { DomainResult } from '../../src/model/report.js';
import { runBatch } from '../../src/run/batch.js';
import { checkDomain, targetFromText } from '../../src/run/check-domain.js';
import type { RunContext } from '../../src/run/run-context.js';
import { pkiPath } from '../../src/world/fixtures.js';
import { contextForWorld } from '../../src/world/world-context.js';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { assertExpected } from '../run/expectations.js';

const TIMEOUTS = { ...DEFAULT_TIMEOUTS, phaseMs: 2_000, hostMs: 8_000, dnsQueryMs: 1_000, dnsAttempts: 2 };

/** The wildcard leaf's `3 1 1` data, computed here with Node's own SPKI export (independent of tlsa-match.ts). */
function wildcardKeyDigest(): string {
  const pem = readFileSync(pkiPath('wildcard.chain.pem'), 'utf8');
  const leaf = new X509Certificate(pem);
  return createHash('sha256')
    .update(leaf.publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

describe('DANE against the dane world', () => {
  const scenario = loadScenario(join(fixturesDir(), 'scenarios', 'dane.json'));
  let world: World;
  let ctx: RunContext;
  const results = new Map<string, DomainResult>();

  before(async () => {
    world = await startWorld(scenario);
    ctx = contextForWorld(world, TIMEOUTS);
    const targets = scenario.domains.map((d, i) => targetFromText(d.domain, `argument ${i + 1}`, i));
    const checked = await runBatch(targets, ctx, { concurrency: 4 });
    assert.equal(checked.notChecked, 0);
    for (const result of checked.results) results.set(result.input, result);
  });
  after(() => world.close());

  const dane = (domain: string): DanePolicy => {
    const policy = results.get(domain)?.policy?.dane;
    assert.ok(policy, `a DANE policy for ${domain}`);
    return policy;
  };
  const host = (domain: string) => {
    const [only, ...rest] = dane(domain).hosts;
    assert.ok(only);
    assert.equal(rest.length, 0);
    return only;
  };

  test('the world resolver is on loopback, so its AD bit is believed', () => {
    assert.equal(ctx.resolverTrusted, true);
  });

  for (const entry of scenario.domains) {
    test(`${entry.domain}: the Salesforce verdicts do not change (${entry.title ?? ''})`, () => {
      const result = results.get(entry.domain);
      assert.ok(result);
      assertExpected(result, entry.expect);
    });
  }

  test('3 1 1 of the current key: secure, every address matched by that record, no findings', () => {
    const judged = host('ee311.test');
    assert.equal(judged.status, 'secure');
    assert.equal(judged.tlsaName, `_${world.smtpPort}._tcp.ee311.wildcard.test`);
    assert.deepEqual(judged.records, [{ usage: 3, selector: 1, matchingType: 1, data: wildcardKeyDigest() }]);
    assert.deepEqual(
      judged.addresses.map((a) => [a.matched, a.matchedRecord?.data]),
      [[true, wildcardKeyDigest()]],
    );
    assert.equal(judged.suggestedRecord, null);
    assert.deepEqual(dane('ee311.test').findings, []);
    assert.equal(dane('ee311.test').resolverTrusted, true);
  });

  test('3 0 1 of the whole certificate matches', () => {
    assert.deepEqual(
      host('ee301.test').addresses.map((a) => a.matched),
      [true],
    );
    assert.deepEqual(dane('ee301.test').findings, []);
  });

  test('DANE-TA: 2 0 1 and 2 1 2 of the intermediate as sent match (leaf named for the MX host)', () => {
    for (const domain of ['ta.test', 'ta-spki.test']) {
      assert.deepEqual(
        host(domain).addresses.map((a) => [a.matched, a.matchedRecord?.usage]),
        [[true, 2]],
        domain,
      );
      assert.deepEqual(dane(domain).findings, [], domain);
    }
  });

  test('a stale record (rollover): tlsa-invalid, and the 3 1 1 record of the current key to publish', () => {
    const judged = host('stale.test');
    assert.equal(judged.status, 'secure');
    assert.deepEqual(
      judged.addresses.map((a) => [a.matched, a.matchedRecord]),
      [[false, null]],
    );
    assert.deepEqual(judged.suggestedRecord, { usage: 3, selector: 1, matchingType: 1, data: wildcardKeyDigest() });
    assert.deepEqual(dane('stale.test').findings, ['tlsa-invalid']);
    assert.match(
      dane('stale.test').messages[0]!,
      new RegExp(`_${world.smtpPort}\\._tcp\\.stale\\.wildcard\\.test\\. IN TLSA 3 1 1 ${wildcardKeyDigest()}`),
    );
  });

  test('PKIX-TA(0) / PKIX-EE(1) only: tlsa-unusable, nothing matched, but no tlsa-invalid (nothing usable to match)', () => {
    const judged = host('pkix.test');
    assert.deepEqual(
      judged.records.map((r) => r.usage),
      [1, 0],
    );
    assert.deepEqual(
      judged.addresses.map((a) => a.matched),
      [false],
    );
    assert.deepEqual(dane('pkix.test').findings, ['tlsa-unusable']);
  });

  test('bogus: SERVFAIL, answered with CD; dnssec-invalid', () => {
    const judged = host('bogus.test');
    assert.equal(judged.status, 'bogus');
    assert.equal(judged.records.length, 1, 'the records as the CD answer gave them');
    assert.deepEqual(dane('bogus.test').findings, ['dnssec-invalid']);
  });

  test('SERVFAIL with and without CD is a broken server, not bogus: unknown, no finding', () => {
    const judged = host('broken.test');
    assert.equal(judged.status, 'unknown');
    assert.deepEqual(judged.records, []);
    assert.deepEqual(dane('broken.test').findings, []);
  });

  test('TLSA in an unsigned zone: insecure; a DANE sender ignores it, so no finding even though it does not match', () => {
    const judged = host('unsigned.test');
    assert.equal(judged.status, 'insecure');
    assert.deepEqual(
      judged.addresses.map((a) => a.matched),
      [false],
    );
    assert.deepEqual(dane('unsigned.test').findings, []);
  });

  test('a CNAMEd TLSA name is followed; the record found at the target matches', () => {
    const judged = host('cname.test');
    assert.equal(judged.tlsaName, '_dane.keys.wildcard.test');
    assert.equal(judged.status, 'secure');
    assert.deepEqual(
      judged.addresses.map((a) => a.matched),
      [true],
    );
  });

  test('an MX host that is a secure alias: its TLSA records are looked up at the expanded name first', () => {
    const judged = host('alias.test');
    assert.equal(judged.host, 'alias.wildcard.test');
    assert.equal(judged.tlsaName, `_${world.smtpPort}._tcp.ee311.wildcard.test`);
    assert.equal(judged.status, 'secure');
    assert.deepEqual(
      judged.addresses.map((a) => [a.matched, a.matchedRecord?.data]),
      [[true, wildcardKeyDigest()]],
    );
    assert.deepEqual(dane('alias.test').findings, []);
  });

  test('an alias whose expanded name has no TLSA records: the records at the MX host name count', () => {
    const judged = host('fallback.test');
    assert.equal(judged.tlsaName, `_${world.smtpPort}._tcp.fallback.wildcard.test`);
    assert.equal(judged.status, 'secure');
    assert.deepEqual(
      judged.addresses.map((a) => a.matched),
      [true],
    );
  });

  test('TLSA on a host without STARTTLS: dane-required, nothing to match', () => {
    const judged = host('nostarttls.test');
    assert.deepEqual(
      judged.addresses.map((a) => a.matched),
      [null],
    );
    assert.deepEqual(dane('nostarttls.test').findings, ['dane-required']);
  });

  test('a signed zone without TLSA records publishes no DANE policy', () => {
    assert.equal(results.get('none.test')?.policy?.dane, null);
  });

  test('an untrusted resolver: the status is unknown (never insecure or secure), records still judged, resolver-untrusted', async () => {
    const untrusted: RunContext = { ...ctx, resolverTrusted: false };
    for (const domain of ['ee311.test', 'unsigned.test', 'stale.test']) {
      const policy = (await checkDomain(targetFromText(domain, 'test', 0), untrusted)).policy?.dane;
      assert.ok(policy, domain);
      assert.equal(policy.resolverTrusted, false);
      assert.deepEqual(
        policy.hosts.map((h) => h.status),
        ['unknown'],
        domain,
      );
      assert.equal(policy.findings.at(-1), 'resolver-untrusted', domain);
    }
    const stale = (await checkDomain(targetFromText('stale.test', 'test', 0), untrusted)).policy?.dane;
    assert.deepEqual(stale?.findings, ['tlsa-invalid', 'resolver-untrusted']);
  });

  test('with --trust-ad a non-loopback resolver is believed: the same run context rule', () => {
    assert.equal(contextForWorld(world, TIMEOUTS, { trustAd: true }).resolverTrusted, true);
  });
});
