/**
 * Hostile SMTP servers and certificates (fixtures/scenarios/hostile-smtp.json), end to end and
 * all in one batch with well-behaved neighbours: every domain gets its verdict in bounded time,
 * each hostile address fails in the right phase for the right reason, nothing hangs or crashes,
 * the neighbours are judged as if the hostile servers were not there, and no server text reaches
 * a terminal unescaped.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Chalk } from 'chalk';
import { DEFAULT_TIMEOUTS, LIMITS } from '../../src/model/limits.js';
import type { AddressResult, DomainResult, Report } from '../../src/model/report.js';
import { SETTING_NAMES } from '../factories.js';
import type { Phase, Reason } from '../../src/model/vocabulary.js';
import { renderJson } from '../../src/render/json.js';
import { renderTable } from '../../src/render/table.js';
import { runBatch } from '../../src/run/batch.js';
import { targetFromText } from '../../src/run/check-domain.js';
import { parseEhlo } from '../../src/smtp/ehlo.js';
import { probeAddress } from '../../src/smtp/probe.js';
import { MAX_REPORTED_NAMES } from '../../src/tls/analyze.js';
import { contextForWorld } from '../../src/world/world-context.js';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { report } from '../factories.js';
import { assertExpected } from './expectations.js';

/** Short deadlines: every tarpit costs one phase (400 ms), never more than the host deadline. */
const TIMEOUTS = { ...DEFAULT_TIMEOUTS, phaseMs: 400, hostMs: 3_000, dnsQueryMs: 400, dnsAttempts: 2 };

/** Per MX host: the phase and reason of its address's failure; null when the session ran to QUIT. */
const FAILURES: Record<string, [Phase, Reason] | null> = {
  'mx.valid.test': null,
  'mx.plain.test': null,
  'mx.silent.test': ['banner', 'timeout'],
  'mx.drip.test': ['banner', 'timeout'],
  'mx.longline.test': ['banner', 'protocol-error'],
  'mx.endless.test': ['ehlo', 'protocol-error'],
  'mx.hangup.test': ['banner', 'connection-closed'],
  // A reset on the ClientHello, twice (the TLS 1.0/1.1 probe too): the handshake failed. Postfix
  // at level "may" retries such a server in plaintext, so it is "TLS not negotiable", not a tarpit.
  'mx.tlsreset.test': ['tls', 'tls-handshake-failed'],
  'mx.tlsstall.test': ['tls', 'timeout'],
  'mx.banner450.test': ['banner', 'smtp-temporary-failure'],
  'mx.banner554.test': ['banner', 'smtp-rejected'],
  'mx.banner421.test': ['banner', 'throttled'],
  'mx.ehlo421.test': ['ehlo', 'throttled'],
  'mx.starttls421.test': ['starttls', 'throttled'],
  'mx.ehlotls421.test': ['ehlo-tls', 'throttled'],
  'mx.helo.test': null,
  'mx.starttls554.test': ['starttls', 'starttls-rejected'],
  'mx.garbage.test': ['tls', 'tls-handshake-failed'],
  'mx.injection.test': null,
  'mx.unsolicited.test': ['ehlo', 'protocol-error'],
  'mx.nocode.test': ['banner', 'protocol-error'],
  'mx.shortcode.test': ['ehlo', 'protocol-error'],
  'mx.longcode.test': ['banner', 'protocol-error'],
  'mx.mixedcodes.test': ['ehlo', 'protocol-error'],
  'mx.barelf.test': null,
  'mx.nulbyte.test': null,
  'mx.badutf8.test': null,
  'mx.ansi.test': null,
  'mx.ansireject.test': ['banner', 'smtp-rejected'],
  'mx.chain20.test': null,
  'mx.manynames.test': null,
  'mx.nul.test': null,
  'mx.oddcase.test': null,
  'mx.backup.test': ['banner', 'timeout'],
  'mx2.backup.test': null,
};

/** C0 controls except LF, DEL, C1 controls, bidi controls: none may reach a terminal. */
const UNSAFE_FOR_TERMINAL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

describe('hostile SMTP world, end to end', () => {
  const scenario = loadScenario(join(fixturesDir(), 'scenarios', 'hostile-smtp.json'));
  let world: World;
  const results = new Map<string, DomainResult>();
  const addresses = new Map<string, AddressResult>();

  before(
    async () => {
      world = await startWorld(scenario);
      const targets = scenario.domains.map((d, i) => targetFromText(d.domain, `argument ${i + 1}`, i));
      // All at once: the hostile servers and their neighbours share the run.
      const checked = await runBatch(targets, contextForWorld(world, TIMEOUTS), { concurrency: targets.length });
      assert.equal(checked.notChecked, 0);
      for (const result of checked.results) {
        results.set(result.input, result);
        for (const host of result.mx) for (const address of host.addresses) addresses.set(host.host, address);
      }
    },
    { timeout: 20_000 },
  );
  after(() => world.close());

  test('the scenario and this test name the same MX hosts', () => {
    const hosts = scenario.dns.records.filter((r) => r.type === 'A').map((r) => r.name);
    assert.deepEqual([...hosts].sort(), Object.keys(FAILURES).sort());
  });

  for (const entry of scenario.domains) {
    test(`${entry.domain}: ${entry.title ?? ''}`, () => {
      const result = results.get(entry.domain);
      assert.ok(result, 'a result for every input');
      assertExpected(result, entry.expect);
      for (const host of result.mx) {
        assert.equal(host.addresses.length, 1, host.host);
        const failure = host.addresses[0]?.failure ?? null;
        assert.deepEqual(failure && [failure.phase, failure.reason], FAILURES[host.host], `${host.host}: ${failure?.message}`);
      }
    });
  }

  const address = (host: string): AddressResult => {
    const found = addresses.get(host);
    assert.ok(found, `an address result for ${host}`);
    return found;
  };

  test('421 anywhere is throttling: undetermined, never "no STARTTLS"', () => {
    for (const domain of ['banner421.test', 'ehlo421.test', 'starttls421.test', 'ehlotls421.test']) {
      for (const name of SETTING_NAMES) assert.deepEqual(results.get(domain)?.settings[name].reasons, ['throttled'], `${domain} ${name}`);
      assert.notEqual(address(`mx.${domain}`).starttls, false, domain);
    }
    assert.equal(address('mx.starttls421.test').starttls, true);
    assert.ok(address('mx.ehlotls421.test').tls !== null, 'the 421 came after a completed handshake');
  });

  test('EHLO refused with 550: HELO fallback, reported as such, no STARTTLS', () => {
    const helo = address('mx.helo.test');
    assert.deepEqual([helo.heloFallback, helo.starttls, helo.failure], [true, false, null]);
    assert.deepEqual(results.get('helo.test')?.settings.required.reasons, ['starttls-not-supported']);
  });

  test('caps and tarpits are named in the failure', () => {
    assert.match(address('mx.longline.test').failure?.message ?? '', new RegExp(`longer than ${LIMITS.maxLineBytes} bytes`));
    assert.match(address('mx.endless.test').failure?.message ?? '', new RegExp(`more than ${LIMITS.maxReplyLines} reply lines`));
    assert.match(address('mx.drip.test').failure?.message ?? '', /no answer within the 400 ms phase deadline/);
    assert.match(address('mx.unsolicited.test').failure?.message ?? '', /unsolicited/);
    assert.equal(address('mx.unsolicited.test').starttls, null, 'the fake reply is never taken as the EHLO reply ("no STARTTLS")');
    assert.deepEqual(address('mx.tlsreset.test').legacyProtocols, [], 'the TLS 1.0/1.1 probe was reset too');
  });

  test('tolerated oddities: bare LF, NUL and invalid UTF-8 in the text', () => {
    assert.deepEqual(address('mx.barelf.test').banner, ['mx.barelf.test ESMTP', 'lines end in a bare LF']);
    assert.deepEqual(address('mx.barelf.test').extensions, ['PIPELINING', 'STARTTLS']);
    assert.deepEqual(address('mx.nulbyte.test').banner, ['mx.nulbyte.test ESMTP \u0000NUL\u0000 inside']);
    assert.deepEqual(address('mx.badutf8.test').banner, ['mx.badutf8.test \ufffd\ufffd\ufffd( ESMTP']);
    assert.deepEqual(address('mx.ansi.test').extensions, ['PIPELINING', 'STARTTLS'], 'a keyword with an escape is no keyword');
  });

  test('a 20-certificate chain: kept up to the cap, untrusted (unknown-issuer), names still judged', () => {
    const cert = address('mx.chain20.test').certificate;
    assert.equal(cert?.chainLength, 20, 'the report counts what was sent, not what was kept');
    assert.deepEqual([cert?.trustError, cert?.matchesMx], ['unknown-issuer', true]);
    assert.deepEqual(results.get('chain20.test')?.settings['required-verify'].reasons, ['certificate-not-trusted']);
  });

  test('2,000 names: every one is matched, the report keeps a bounded list with the matching one', () => {
    const cert = address('mx.manynames.test').certificate;
    assert.ok(cert);
    assert.equal(cert.matchesMx, true);
    assert.equal(cert.names.length, MAX_REPORTED_NAMES);
    assert.ok(cert.names.includes('mx.manynames.test'));
  });

  test('a NUL inside a name never matches the prefix; odd case and a trailing dot do match', () => {
    const nul = address('mx.nul.test').certificate;
    assert.deepEqual([nul?.names, nul?.matchesMx, nul?.trustError], [['mx.nul.test\u0000.evil.test'], false, null]);
    assert.deepEqual(results.get('nul.test')?.settings['required-verify'].reasons, ['certificate-host-mismatch']);
    const odd = address('mx.oddcase.test').certificate;
    assert.deepEqual([odd?.names, odd?.matchesMx, odd?.trusted], [['MX.OddCase.TEST.'], true, true]);
  });

  test('the injected EHLO reply behind the 220 to STARTTLS is never the post-TLS EHLO', async () => {
    const server = world.servers.injection;
    assert.ok(server);
    const obs = await probeAddress(
      { address: server.address, family: 4, host: 'mx.injection.test', port: server.port },
      { helo: 'tlscheck.invalid', timeouts: TIMEOUTS },
    );
    assert.equal(obs.failure, null);
    assert.ok(obs.ehloTls !== null && obs.ehlo !== null);
    assert.equal(obs.ehloTls.lines[0], 'mx.injection.test greets tlscheck.invalid');
    assert.equal(
      parseEhlo(obs.ehloTls).extensions.has('STARTTLS'),
      false,
      'the injected reply advertised STARTTLS; the real one after TLS does not',
    );
    assert.equal(parseEhlo(obs.ehlo).extensions.has('STARTTLS'), true);
    assert.deepEqual(address('mx.injection.test').extensions, ['PIPELINING', 'SIZE', '8BITMIME', 'STARTTLS']);
    assert.equal(server.stats.tlsSessions, 2);
  });

  test('no terminal control character survives the table; JSON escapes them', () => {
    const all = report([...results.values()]);
    const table = renderTable(all, { paint: new Chalk({ level: 0 }) });
    assert.ok(table.includes('ansi.test') && table.includes('\\x1b[2J'), 'the escapes are shown, escaped');
    assert.doesNotMatch(table, UNSAFE_FOR_TERMINAL);
    const json = renderJson(all);
    // JSON.stringify escapes C0 (and nothing else: DEL, C1 and bidi controls stay raw, as JSON allows).
    assert.doesNotMatch(json, /[\u0000-\u0009\u000b-\u001f]/);
    assert.ok(json.includes('\\u001b[2J\\u001b[31mEVIL\\u001b]0;title\\u0007'));
    assert.ok(json.includes('\\u0000NUL\\u0000'));
    const parsed = JSON.parse(json) as Report;
    const ansi = parsed.results.find((r) => r.domain === 'ansi.test')?.mx[0]?.addresses[0];
    assert.deepEqual(ansi?.banner, [
      'mx.ansi.test ESMTP \u001b[2J\u001b[31mEVIL\u001b]0;title\u0007',
      'C1 CSI \u009b31m, RLO \u202e, DEL \u007f',
    ]);
  });

  test('the tool never sends mail, never pipelines, and every server survived', async () => {
    const all = Object.values(world.servers);
    const commands = all.flatMap((server) => server.stats.commands);
    assert.equal(commands.filter((line) => /^(MAIL|RCPT|DATA)\b/i.test(line)).length, 0);
    assert.equal(
      all.reduce((sum, server) => sum + server.stats.pipelinedViolations, 0),
      0,
    );
    const valid = world.servers.valid;
    assert.ok(valid);
    const again = await probeAddress(
      { address: valid.address, family: 4, host: 'mx.valid.test', port: valid.port },
      { helo: 'tlscheck.invalid', timeouts: TIMEOUTS },
    );
    assert.equal(again.failure, null);
  });
});
