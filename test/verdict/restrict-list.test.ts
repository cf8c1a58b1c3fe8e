import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { gateSettingFor, matchesRestrict, parseRestrictList, unmatchedPatterns } from '../../src/verdict/gate.js';
import { gateConfig } from '../factories.js';

const patterns = (text: string) => {
  const parsed = parseRestrictList(text);
  assert.ok(parsed.ok, text);
  return parsed.patterns;
};

describe('restrict list', () => {
  test('Salesforce example: *.subdomains.com matches aco and bco, not the bare domain', () => {
    const list = patterns('*.subdomains.com');
    assert.equal(matchesRestrict('aco.subdomains.com', list), true);
    assert.equal(matchesRestrict('bco.subdomains.com', list), true);
    assert.equal(matchesRestrict('subdomains.com', list), false);
    assert.equal(matchesRestrict('xsubdomains.com', list), false);
  });

  test('deeper names match a wildcard (the fail-safe reading)', () => {
    assert.equal(matchesRestrict('a.b.subdomains.com', patterns('*.subdomains.com')), true);
  });

  test('an exact entry matches only itself, case and trailing dot aside', () => {
    const list = patterns(' Acme.COM , partner.org.');
    assert.equal(matchesRestrict('acme.com', list), true);
    assert.equal(matchesRestrict('ACME.com.', list), true);
    assert.equal(matchesRestrict('mail.acme.com', list), false);
    assert.equal(matchesRestrict('partner.org', list), true);
  });

  test('entries may be separated by commas, semicolons, spaces or newlines, as people paste them', () => {
    assert.deepEqual(patterns('notls.test;good.test'), ['notls.test', 'good.test']);
    assert.deepEqual(patterns('a.test b.test\n*.c.test ; ,d.test'), ['a.test', 'b.test', '*.c.test', 'd.test']);
    assert.deepEqual(patterns('a.test, A.test.'), ['a.test']);
  });

  test('each entry must be a host name or *.host name', () => {
    for (const bad of ['acme..com', '-acme.com', 'acme-.com', 'ac_me.com', `${'a'.repeat(64)}.com`, '*']) {
      const parsed = parseRestrictList(bad);
      assert.equal(parsed.ok, bad === '*', bad);
    }
  });

  test('unmatchedPatterns names the patterns that match no checked domain', () => {
    assert.deepEqual(unmatchedPatterns(['acme.com', '*.partner.com', 'notls.tset'], ['acme.com', 'eu.partner.com']), ['notls.tset']);
    assert.deepEqual(unmatchedPatterns(['*'], []), ['*']);
  });

  test('Unicode entries are compared in ASCII form', () => {
    assert.equal(matchesRestrict('xn--bcher-kva.example', patterns('bücher.example')), true);
  });

  test('bad entries are refused with the entry named', () => {
    for (const bad of ['a*.com', 'foo', '*.*.com', ', ,']) {
      const parsed = parseRestrictList(bad);
      assert.equal(parsed.ok, false, bad);
    }
    const parsed = parseRestrictList('acme.com, a*b.com');
    assert.ok(!parsed.ok && parsed.message.includes('a*b.com'));
  });

  test('gate setting: listed domains get the gate setting, others preferred, no gate none', () => {
    const gate = gateConfig({ restrict: patterns('acme.com,*.partner.com') });
    assert.equal(gateSettingFor('acme.com', gate, 'preferred'), 'required');
    assert.equal(gateSettingFor('eu.partner.com', gate, 'preferred'), 'required');
    assert.equal(gateSettingFor('other.org', gate, 'preferred'), 'preferred');
    assert.equal(gateSettingFor('other.org', { ...gate, restrict: null }, 'preferred'), 'required');
    assert.equal(gateSettingFor('acme.com', null, 'preferred'), null);
  });

  test('property: *.base matches exactly the strict subdomains of base', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 2, maxLength: 3 }), fc.array(label, { maxLength: 3 }), (baseLabels, prefix) => {
        const base = baseLabels.join('.');
        const domain = [...prefix, base].join('.');
        assert.equal(matchesRestrict(domain, [`*.${base}`]), prefix.length > 0);
        assert.equal(matchesRestrict(domain, [base]), prefix.length === 0);
      }),
    );
  });
});
