/**
 * Receiver policies end to end: our resolver, the policy fetch over real HTTPS on loopback (the
 * test PKI, verification on), the MX probe, and the judgement, against the world of
 * fixtures/scenarios/policies.json. One domain per finding and one with everything right.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_TIMEOUTS } from '../../src/model/limits.js';
import type { DomainPolicies, MtaStsPolicy } from '../../src/model/policy.js';
import type { DomainResult } from '../../src/model/report.js';
import { runBatch } from '../../src/run/batch.js';
import { checkDomain, targetFromText } from '../../src/run/check-domain.js';
import { contextForWorld } from '../../src/world/world-context.js';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { assertExpected } from '../run/expectations.js';

// The slow policy host answers after 4 s; one phase (the fetch's deadline) is well under that.
const TIMEOUTS = { ...DEFAULT_TIMEOUTS, phaseMs: 1_500, hostMs: 8_000, dnsQueryMs: 500, dnsAttempts: 2 };

describe('receiver policies, end to end', () => {
  const scenario = loadScenario(join(fixturesDir(), 'scenarios', 'policies.json'));
  let world: World;
  const results = new Map<string, DomainResult>();

  before(async () => {
    world = await startWorld(scenario);
    const targets = scenario.domains.map((d, i) => targetFromText(d.domain, `argument ${i + 1}`, i));
    const checked = await runBatch(targets, contextForWorld(world, TIMEOUTS), { concurrency: 8 });
    for (const result of checked.results) results.set(result.input, result);
  });
  after(() => world.close());

  const policy = (domain: string): DomainPolicies => {
    const found = results.get(domain)?.policy;
    assert.ok(found, `${domain} has its policies looked up`);
    return found;
  };
  const sts = (domain: string): MtaStsPolicy => {
    const found = policy(`${domain}.sts.test`).mtaSts;
    assert.ok(found, `${domain} publishes MTA-STS`);
    assert.equal(found.messages.length, found.findings.length, 'one message per finding');
    return found;
  };

  test('every domain keeps the verdicts its scenario expects: policies change no setting', () => {
    for (const entry of scenario.domains) assertExpected(results.get(entry.domain)!, entry.expect);
  });

  test('everything right: enforce policy parsed, the MX satisfies it, TLS-RPT by mail and HTTPS', () => {
    const good = sts('good');
    assert.deepEqual(good.findings, []);
    assert.equal(good.id, '20261201T000000');
    assert.deepEqual(good.policy, { mode: 'enforce', mx: ['mx.valid.test'], maxAge: 604800 });
    assert.deepEqual(good.hosts, [{ host: 'mx.valid.test', matchesPattern: true, certificateValid: true, satisfiesPolicy: true }]);
    assert.equal(good.honouringSender.outcome, 'delivers');
    assert.deepEqual(policy('good.sts.test').tlsRpt, {
      rua: ['mailto:tls-reports@good.sts.test', 'https://reports.good.sts.test/v1'],
      findings: [],
      messages: [],
    });
    assert.equal(policy('good.sts.test').dane, null);
  });

  test('testing mode, a wildcard pattern, a charset parameter and a record split over two strings are fine', () => {
    const testing = sts('testing');
    assert.deepEqual(testing.findings, []);
    assert.equal(testing.id, 'abc123');
    assert.equal(testing.hosts[0]?.matchesPattern, true);
    assert.equal(testing.honouringSender.outcome, 'delivers');
  });

  test('sts-media-type: text/html; the sender refuses the policy', () => {
    assert.deepEqual(sts('mediatype').findings, ['sts-media-type']);
    assert.match(sts('mediatype').messages[0]!, /text\/html/);
    assert.equal(sts('mediatype').honouringSender.outcome, 'no-policy');
  });

  test('sts-policy-fetch-error: a redirect is not followed', () => {
    assert.deepEqual(sts('redirect').findings, ['sts-policy-fetch-error']);
    assert.match(sts('redirect').messages[0]!, /HTTP 301 redirect to https:\/\/www\.sts\.test/);
    assert.equal(sts('redirect').policy, null);
  });

  test('sts-policy-fetch-error: a policy over 64 KiB is cut off', () => {
    assert.deepEqual(sts('large').findings, ['sts-policy-fetch-error']);
    assert.match(sts('large').messages[0]!, /larger than 64 KiB/);
  });

  test('sts-policy-fetch-error: a slow host runs into the deadline', () => {
    assert.deepEqual(sts('slow').findings, ['sts-policy-fetch-error']);
    assert.match(sts('slow').messages[0]!, /within 1500 ms/);
  });

  test('sts-policy-fetch-error: no policy host at all', () => {
    assert.deepEqual(sts('nohost').findings, ['sts-policy-fetch-error']);
    assert.match(sts('nohost').messages[0]!, /mta-sts\.nohost\.sts\.test/);
  });

  test('sts-webpki-invalid: the policy host presents a certificate for another name, and no request is made', () => {
    const wrong = sts('wrongcert');
    assert.deepEqual(wrong.findings, ['sts-webpki-invalid']);
    assert.match(wrong.messages[0]!, /not valid for mta-sts\.wrongcert\.sts\.test \(names: mail\.elsewhere\.test\)/);
    assert.equal(world.policyServer.requests.get('mta-sts.wrongcert.sts.test'), undefined);
  });

  test('sts-policy-invalid: no version, an unknown mode', () => {
    const invalid = sts('invalid');
    assert.deepEqual(invalid.findings, ['sts-policy-invalid']);
    assert.match(invalid.messages[0]!, /no version field/);
    assert.match(invalid.messages[0]!, /mode "enforcing"/);
  });

  test('sts-max-age-short: one hour', () => {
    assert.deepEqual(sts('shortage').findings, ['sts-max-age-short']);
    assert.equal(sts('shortage').honouringSender.outcome, 'delivers');
  });

  test('sts-mx-not-covered: under enforce a sender would not deliver', () => {
    const uncovered = sts('notcovered');
    assert.deepEqual(uncovered.findings, ['sts-mx-not-covered']);
    assert.equal(uncovered.hosts[0]?.matchesPattern, false);
    assert.equal(uncovered.honouringSender.outcome, 'does-not-deliver');
  });

  test('sts-certificate-invalid: the MX certificate is for another name, judged from the probe', () => {
    const bad = sts('badcert');
    assert.deepEqual(bad.findings, ['sts-certificate-invalid']);
    assert.deepEqual(bad.hosts, [{ host: 'mx.badcert.sts.test', matchesPattern: true, certificateValid: false, satisfiesPolicy: false }]);
    assert.equal(bad.honouringSender.outcome, 'does-not-deliver');
  });

  test('sts-record-multiple and sts-record-invalid', () => {
    assert.deepEqual(sts('tworecords').findings, ['sts-record-multiple']);
    assert.equal(sts('tworecords').honouringSender.outcome, 'no-policy');
    assert.deepEqual(sts('badrecord').findings, ['sts-record-invalid']);
    assert.match(sts('badrecord').messages[0]!, /no id field/);
  });

  test('sts-record-dns-error and tlsrpt-record-dns-error: SERVFAIL is not "none published"', () => {
    const failed = policy('dnsfail.sts.test');
    assert.deepEqual(failed.mtaSts?.findings, ['sts-record-dns-error']);
    assert.deepEqual(failed.tlsRpt?.findings, ['tlsrpt-record-dns-error']);
  });

  test('tlsrpt-record-invalid (an ftp: URI) and tlsrpt-record-multiple', () => {
    assert.deepEqual(policy('badrecord.sts.test').tlsRpt?.findings, ['tlsrpt-record-invalid']);
    assert.match(policy('badrecord.sts.test').tlsRpt!.messages[0]!, /ftp:/);
    assert.deepEqual(policy('rpttwo.sts.test').tlsRpt?.findings, ['tlsrpt-record-multiple']);
  });

  test('no policy published: every part null', () => {
    assert.deepEqual(policy('none.sts.test'), { mtaSts: null, dane: null, tlsRpt: null });
  });

  test('one HTTPS request per domain per run, even when the domain is checked twice', async () => {
    const ctx = contextForWorld(world, TIMEOUTS);
    const before = world.policyServer.requests.get('mta-sts.good.sts.test') ?? 0;
    const target = targetFromText('good.sts.test', 'argument 1', 0);
    const [first, second] = await Promise.all([checkDomain(target, ctx), checkDomain(target, ctx)]);
    assert.deepEqual(first.policy, second.policy);
    assert.equal(world.policyServer.requests.get('mta-sts.good.sts.test'), before + 1);
  });

  test('--no-policies: no lookup, no fetch, policy null', async () => {
    const ctx = contextForWorld(world, TIMEOUTS, { policies: false });
    const before = world.policyServer.requests.get('mta-sts.good.sts.test') ?? 0;
    const result = await checkDomain(targetFromText('good.sts.test', 'argument 1', 0), ctx);
    assert.equal(result.policy, null);
    assert.equal(world.policyServer.requests.get('mta-sts.good.sts.test') ?? 0, before);
  });
});
