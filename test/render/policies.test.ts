/**
 * The receiver policies in every format, from factory-made results (DANE included: its lookups
 * live in another module, its shape is the model's). Policies never change a verdict or the gate.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Chalk } from 'chalk';
import { parseCsv } from '../../src/input/csv-parser.js';
import type { DomainPolicies } from '../../src/model/policy.js';
import type { DomainResult } from '../../src/model/report.js';
import { renderCompact } from '../../src/render/compact.js';
import { renderCsv } from '../../src/render/csv.js';
import { renderCsvWide } from '../../src/render/csv-wide.js';
import { renderJunit } from '../../src/render/junit.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { CSV_POLICY_COLUMNS, policyBriefs, policyLines } from '../../src/render/policy-text.js';
import { renderTable } from '../../src/render/table.js';
import { policyNote } from '../../src/verdict/policy-note.js';
import { MICROSOFT365 } from '../../src/model/profiles/microsoft365.js';
import { SALESFORCE } from '../../src/model/profiles/index.js';
import { HOSTILE, dane, gateConfig, gated, mtaSts, policies, report, safe, tlsRpt } from '../factories.js';
import { findAll, parseXml } from './xml-check.js';

const paint = new Chalk({ level: 0 });

/** An enforce policy the MX fails, a DANE rollover mistake with the record to publish, a broken TLS-RPT record. */
function broken(name: string): DomainPolicies {
  const base = dane(name);
  const host = base.hosts[0]!;
  return {
    mtaSts: mtaSts(name, {
      hosts: [{ host: `mx.${name}`, matchesPattern: true, certificateValid: false, satisfiesPolicy: false }],
      findings: ['sts-certificate-invalid'],
      messages: [`mx.${name} does not present a certificate that verifies for the MX host name`],
      honouringSender: {
        outcome: 'does-not-deliver',
        message: 'an MTA-STS sender would not deliver: no MX host satisfies the enforce policy',
      },
    }),
    dane: {
      ...base,
      hosts: [
        {
          ...host,
          addresses: [{ address: '192.0.2.1', matched: false, matchedRecord: null }],
          suggestedRecord: { usage: 3, selector: 1, matchingType: 1, data: 'cd'.repeat(32) },
        },
      ],
      findings: ['tlsa-invalid'],
      messages: [`no TLSA record of _25._tcp.mx.${name} matches the certificate presented`],
    },
    tlsRpt: tlsRpt(name, { rua: [], findings: ['tlsrpt-record-multiple'], messages: ['two TLS-RPT records'] }),
  };
}

const good = safe('good.test', { policy: policies('good.test') });
const bad = safe('bad.test', { policy: broken('bad.test') });
const none = safe('none.test', { policy: { mtaSts: null, dane: null, tlsRpt: null } });
const skipped = safe('skipped.test');

describe('policy lines', () => {
  test('one line per published policy, DANE included, and what is not published', () => {
    const lines = policyLines(policies('a.test', { tlsRpt: null }));
    assert.deepEqual(
      lines.map((line) => [line.tone, line.text]),
      [
        ['ok', 'MTA-STS enforce: mx.a.test ok'],
        ['ok', 'DANE: mx.a.test secure, TLSA matches'],
        ['none', 'not published: TLS-RPT'],
      ],
    );
  });

  test('a broken domain: each finding, what an honouring sender does, the TLSA record to publish', () => {
    const lines = policyLines(broken('b.test'));
    assert.deepEqual(
      lines.map((line) => line.tone),
      ['bad', 'bad', 'warn'],
    );
    assert.equal(lines[0]!.text, 'MTA-STS enforce: mx.b.test certificate fails');
    assert.match(lines[0]!.details.join('\n'), /would not deliver/);
    assert.equal(lines[1]!.text, 'DANE: mx.b.test secure, TLSA does not match');
    assert.ok(lines[1]!.details.includes(`publish for mx.b.test: _25._tcp.mx.b.test. IN TLSA 3 1 1 ${'cd'.repeat(32)}`));
    assert.equal(lines[2]!.text, 'TLS-RPT: no usable report address');
  });

  test('DANE with an untrusted resolver says so; statuses worst first in the brief', () => {
    const untrusted = dane('u.test', { resolverTrusted: false, findings: ['resolver-untrusted'], messages: ['x'] });
    untrusted.hosts[0]!.status = 'unknown';
    assert.match(
      policyLines({ mtaSts: null, dane: untrusted, tlsRpt: null })[0]!.text,
      /^DANE \(resolver not trusted for DNSSEC\): mx\.u\.test unknown/,
    );
    assert.equal(policyBriefs({ mtaSts: null, dane: untrusted, tlsRpt: null }).dane, 'unknown!');
  });

  test('briefs: "" when not looked up, none, mode, broken, findings marked', () => {
    assert.deepEqual(policyBriefs(null), { mtaSts: '', dane: '', tlsRpt: '' });
    assert.deepEqual(policyBriefs(none.policy), { mtaSts: 'none', dane: 'none', tlsRpt: 'none' });
    assert.deepEqual(policyBriefs(good.policy), { mtaSts: 'enforce', dane: 'secure', tlsRpt: 'published' });
    assert.deepEqual(policyBriefs(bad.policy), { mtaSts: 'enforce!', dane: 'mismatch!', tlsRpt: 'broken' });
    assert.equal(
      policyBriefs({ mtaSts: mtaSts('x.test', { policy: null, findings: ['sts-policy-fetch-error'] }), dane: null, tlsRpt: null }).mtaSts,
      'broken!',
    );
  });

  test('server text in a policy is sanitised', () => {
    const hostile = policyLines({ mtaSts: null, dane: null, tlsRpt: tlsRpt('h.test', { rua: [`mailto:${HOSTILE}`] }) });
    assert.ok(!hostile[0]!.text.includes('\u001b'));
  });
});

describe('policies in each format', () => {
  const results: DomainResult[] = [good, bad, none, skipped];

  test('table: the lines under the domain, the verdict rows unchanged', () => {
    const text = renderTable(report([bad]), { paint });
    assert.match(text, /✘ MTA-STS enforce: mx\.bad\.test certificate fails\n {6}mx\.bad\.test does not present/);
    assert.match(text, /an MTA-STS sender would not deliver/);
    assert.match(text, /DANE: mx\.bad\.test secure, TLSA does not match/);
    assert.match(text, /required-verify +│ yes/);
    assert.doesNotMatch(renderTable(report([skipped]), { paint }), /MTA-STS|not published/);
  });

  test('batch view: a column per policy, only when policies were looked up', () => {
    const text = renderCompact(results, SALESFORCE, paint);
    assert.match(text, /MTA-STS +│ DANE +│ TLS-RPT/);
    assert.match(text, /bad\.test .*enforce! +│ mismatch! │ broken/);
    assert.doesNotMatch(renderCompact([skipped], SALESFORCE, paint), /MTA-STS/);
  });

  test('CSV and csv-wide: the policy columns at the end, finding codes space-separated', () => {
    for (const [text, perDomain] of [
      [renderCsv(report(results)), 4],
      [renderCsvWide(report(results)), 1],
    ] as const) {
      const [head, ...rows] = parseCsv(text, ',').map((record) => record.fields);
      assert.deepEqual(head!.slice(-CSV_POLICY_COLUMNS.length), [...CSV_POLICY_COLUMNS]);
      const cells = (domain: string) => {
        const row = rows.find((r) => r[1] === domain)!;
        return Object.fromEntries(CSV_POLICY_COLUMNS.map((column, i) => [column, row[row.length - CSV_POLICY_COLUMNS.length + i]]));
      };
      assert.equal(rows.length, results.length * perDomain);
      assert.deepEqual(cells('bad.test'), {
        mta_sts: 'enforce!',
        mta_sts_findings: 'sts-certificate-invalid',
        mta_sts_sender: 'does-not-deliver',
        dane: 'mismatch!',
        dane_findings: 'tlsa-invalid',
        tls_rpt: 'broken',
        tls_rpt_rua: '',
        tls_rpt_findings: 'tlsrpt-record-multiple',
      });
      assert.equal(cells('good.test').tls_rpt_rua, 'mailto:tls-reports@good.test');
      assert.equal(cells('skipped.test').mta_sts, '');
    }
    assert.doesNotMatch(renderCsv(report([skipped])), /mta_sts/);
  });

  test('JUnit: policies are system-out, never a failure; the gate counts are those of the verdicts', () => {
    const xmlText = renderJunit(report(gated([good, bad], 'required'), { gate: gateConfig({ setting: 'required' }) }));
    const root = parseXml(xmlText);
    assert.equal(findAll(root, 'failure').length, 0);
    const out = findAll(root, 'testcase')
      .filter((c) => c.attributes.name === 'bad.test')
      .flatMap((c) => findAll(c, 'system-out'));
    assert.equal(out.length, 1);
    assert.match(out[0]!.text, /receiver policies \(they do not change the verdict\):\n {2}bad: MTA-STS enforce/);
  });

  test('Markdown: a section with a row per domain and the published policies, escaped', () => {
    const text = renderMarkdown(report(results));
    assert.match(text, /## Receiver policies\n\nThey do not change the verdicts above/);
    assert.match(text, /\| bad\.test \| enforce\\! \| mismatch\\! \| broken \|/);
    assert.match(text, /- \*\*bad\.test\*\*\n {2}- ❌ MTA-STS enforce: mx\.bad\.test certificate fails/);
    assert.doesNotMatch(text, /\*\*none\.test\*\*/, 'nothing published: a row, no list item');
    assert.doesNotMatch(renderMarkdown(report([skipped])), /Receiver policies/);
  });

  test('the run-wide note: only when some domain publishes a policy', () => {
    assert.match(
      policyNote([good, none], SALESFORCE, true) ?? '',
      /do not change the verdicts per setting: Salesforce does not document honouring/,
    );
    assert.equal(policyNote([none, skipped], SALESFORCE, true), null);
    assert.match(
      policyNote([good, none], MICROSOFT365, true) ?? '',
      /MTA-STS \(mode enforce\) and DANE apply to the verdicts under default, EncryptionOnly/,
    );
    assert.match(policyNote([none], MICROSOFT365, false) ?? '', /not looked up \(--no-policies\)/);
  });
});
