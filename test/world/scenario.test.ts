import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { SETTING_NAMES } from '../factories.js';
import { fixturesDir, loadScenario, ScenarioError } from '../../src/world/scenario.js';
import { problemsOf } from './helpers.js';

const demoPath = join(fixturesDir(), 'scenarios', 'demo.json');

/** A small valid scenario to break one field at a time. */
function base(): Record<string, unknown> {
  return {
    name: 't',
    servers: { a: { family: 4, behaviour: { certificate: 'valid' } } },
    dns: {
      records: [
        { name: 'mx.a.test', type: 'A', server: 'a' },
        { name: 'a.test', type: 'MX', data: { preference: 10, exchange: 'mx.a.test' } },
      ],
    },
    domains: [
      {
        domain: 'a.test',
        expect: {
          preferred: 'tls',
          required: 'tls',
          'preferred-verify': 'verified-tls',
          'required-verify': 'verified-tls',
          via: 'mx.a.test',
        },
      },
    ],
  };
}

describe('scenario files', () => {
  test('fixturesDir is the absolute fixtures/ of the package', () => {
    assert.ok(isAbsolute(fixturesDir()));
    assert.ok(existsSync(join(fixturesDir(), 'pki', 'root.pem')));
  });

  test('the demo scenario loads and is internally consistent', () => {
    const demo = loadScenario(demoPath);
    assert.equal(demo.name, 'demo');
    const referenced = new Set(demo.dns.records.flatMap((r) => ('server' in r ? [r.server] : [])));
    assert.deepEqual([...referenced].sort(), Object.keys(demo.servers).sort(), 'every server is reachable through DNS');
    const named = new Set(demo.dns.records.map((r) => r.name));
    for (const entry of demo.domains) {
      if (entry.domain === 'nxdomain.test') assert.ok(!named.has(entry.domain));
      else if (!(demo.dns.servfail ?? []).includes(entry.domain)) assert.ok(named.has(entry.domain), `${entry.domain} has records`);
    }
  });

  test('demo expectations follow the settings rules', () => {
    const demo = loadScenario(demoPath);
    for (const { domain, expect } of demo.domains) {
      const [p, r, pv, rv] = SETTING_NAMES.map((name) => expect[name]);
      // Verify settings never do better than their plain counterparts, and required never beats preferred on reach.
      if (r === 'tls') assert.equal(p === 'tls' || p === 'plaintext', true, domain);
      if (rv === 'verified-tls') assert.equal(r, 'tls', domain);
      if (pv === 'verified-tls') assert.equal(rv, 'verified-tls', domain);
      if (p === 'undetermined') assert.deepEqual([r, pv, rv], ['undetermined', 'undetermined', 'undetermined'], domain);
      // `via` names a host exactly when required would deliver.
      assert.equal(expect.via !== null && expect.via !== undefined, r === 'tls', domain);
    }
  });

  test('a valid scenario passes', () => {
    assert.deepEqual(problemsOf(base()), []);
  });

  test('names every problem, with its path', () => {
    const broken = base();
    broken.servers = {
      a: { family: 5, behaviour: { starttls: 'sometimes' } },
      b: { family: 6, behaviour: { certificate: 'valid' } },
      c: { family: 6, behaviour: { certificate: 'valid' } },
    };
    broken.dns = {
      records: [
        { name: 'mx.a.test', type: 'A', server: 'nope' },
        { name: 'mx.b.test', type: 'A', server: 'b' },
        { name: 'Bad.Name.', type: 'A', data: '1.2.3.4' },
        { name: 'x.test', type: 'AAAA', data: '1.2.3.4' },
        { name: 'x.test', type: 'SRV', data: {} },
      ],
    };
    broken.domains = [
      { domain: 'a.test', expect: { preferred: 'maybe', required: 'tls', 'required-verify': 'tls' } },
      { domain: 'a.test', expect: {} },
    ];
    const problems = problemsOf(broken);
    for (const expected of [
      /^servers\.a\.family: must be 4 or 6$/,
      /^servers\.a\.behaviour\.starttls: must be one of/,
      /^servers: at most one server can have family 6/,
      /^dns\.records\[0\]\.server: no server named "nope"/,
      /^dns\.records\[1\]\.server: A record for a family 6 server/,
      /^dns\.records\[2\]\.name: must be a lower-case ASCII name/,
      /^dns\.records\[3\]\.data: must be an IPv6 address/,
      /^dns\.records\[4\]\.type: must be A, AAAA, MX, CNAME, TXT or TLSA/,
      /^domains\[0\]\.expect\.preferred: must be one of/,
      /^domains\[0\]\.expect\.preferred-verify: must be one of/,
      /^domains: listed twice: a\.test/,
    ]) {
      assert.ok(
        problems.some((p) => expected.test(p)),
        `${expected} in:\n${problems.join('\n')}`,
      );
    }
  });

  test('a server that would reach a handshake needs a certificate; the null MX exchange "." is accepted', () => {
    const s = base();
    s.servers = { a: { family: 4, behaviour: {} } };
    (s.dns as { records: unknown[] }).records.push({ name: 'null.test', type: 'MX', data: { preference: 0, exchange: '.' } });
    assert.deepEqual(problemsOf(s), ['servers.a.behaviour: advertises STARTTLS with starttls "accept" but has no certificate']);
  });

  test('a file that is not JSON gives a clear error naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlscheck-scenario-'));
    try {
      const file = join(dir, 'bad.json');
      writeFileSync(file, '{ "name": ');
      assert.throws(
        () => loadScenario(file),
        (error: unknown) => error instanceof ScenarioError && error.message.includes(file) && /not JSON/.test(error.message),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
