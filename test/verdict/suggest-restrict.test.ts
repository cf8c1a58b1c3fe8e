import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { DomainResult } from '../../src/model/report.js';
import type { SettingName } from '../../src/model/settings.js';
import type { Delivery } from '../../src/verdict/delivery.js';
import { matchesRestrict } from '../../src/verdict/gate.js';
import { compareDomainNames, mayWildcard, suggestRestrict } from '../../src/verdict/suggest-restrict.js';
import { delivered, domain as domainResult, notDelivered, undetermined, verdicts } from '../factories.js';

/** A result whose verdict under `required` is `delivery` (the other settings do not matter here). */
function checked(domain: string | null, delivery: Delivery): DomainResult {
  const required =
    delivery === 'delivered'
      ? delivered('tls')
      : delivery === 'not-delivered'
        ? notDelivered('starttls-not-supported')
        : undetermined('timeout');
  return domainResult(domain ?? 'not a domain', { settings: verdicts(delivered('plaintext'), required, required, required), domain });
}

const suggest = (spec: Record<string, Delivery>, setting: SettingName = 'required') =>
  suggestRestrict(
    Object.entries(spec).map(([domain, delivery]) => checked(domain, delivery)),
    setting,
  );

const ok = 'delivered' as const;
const no = 'not-delivered' as const;
const unknown = 'undetermined' as const;

/** Salesforce's documented reading: `*.x` matches names one level below x only. */
function matchesNarrowly(name: string, entry: string): boolean {
  if (!entry.startsWith('*.')) return name === entry;
  const base = entry.slice(2);
  return name.endsWith(`.${base}`) && !name.slice(0, -base.length - 1).includes('.');
}

describe('suggestRestrict: examples', () => {
  test('only the safe domains, sorted, comma-ready', () => {
    const s = suggest({ 'zeta.com': ok, 'acme.com': ok, 'legacy.org': no, 'slow.net': unknown });
    assert.deepEqual(s.entries, ['acme.com', 'zeta.com']);
    assert.deepEqual(s.safe, ['acme.com', 'zeta.com']);
    assert.deepEqual(s.notDelivered, ['legacy.org']);
    assert.deepEqual(s.undetermined, ['slow.net']);
  });

  test('several safe subdomains and nothing unsafe below: one wildcard, and the parent listed apart (*.x never matches x)', () => {
    const s = suggest({ 'example.com': ok, 'eu.example.com': ok, 'us.example.com': ok, 'other.org': ok });
    assert.deepEqual(s.entries, ['example.com', '*.example.com', 'other.org']);
    assert.deepEqual(s.wildcards, ['*.example.com']);
  });

  test('no wildcard when a checked name below is unsafe or undetermined, at any depth', () => {
    assert.deepEqual(suggest({ 'eu.example.com': ok, 'us.example.com': ok, 'old.example.com': no }).entries, [
      'eu.example.com',
      'us.example.com',
    ]);
    assert.deepEqual(suggest({ 'eu.example.com': ok, 'us.example.com': ok, 'a.b.example.com': unknown }).entries, [
      'eu.example.com',
      'us.example.com',
    ]);
  });

  test('an unsafe parent does not stop the wildcard (it is not matched by it) and is not listed', () => {
    assert.deepEqual(suggest({ 'example.com': no, 'eu.example.com': ok, 'us.example.com': ok }).entries, ['*.example.com']);
  });

  test('one safe subdomain is listed as itself: a wildcard would only add unchecked names', () => {
    assert.deepEqual(suggest({ 'eu.example.com': ok, 'example.com': ok }).entries, ['example.com', 'eu.example.com']);
  });

  test('deeper safe names are listed too, so the list is right whether or not the platform matches deeper names', () => {
    const s = suggest({ 'a.example.com': ok, 'b.example.com': ok, 'x.b.example.com': ok });
    assert.deepEqual(s.entries, ['*.example.com', 'x.b.example.com']);
    const nested = suggest({ 'a.example.com': ok, 'b.example.com': ok, 'x.b.example.com': ok, 'y.b.example.com': ok });
    assert.deepEqual(nested.entries, ['*.example.com', '*.b.example.com']);
  });

  test('never a wildcard over a public suffix: top-level domains, country-code second levels, structured generic TLDs', () => {
    assert.deepEqual(suggest({ 'a.com': ok, 'b.com': ok }).entries, ['a.com', 'b.com']);
    assert.deepEqual(suggest({ 'acme.co.uk': ok, 'shop.co.uk': ok }).entries, ['acme.co.uk', 'shop.co.uk']);
    assert.deepEqual(suggest({ 'x.com.au': ok, 'y.com.au': ok }).entries, ['x.com.au', 'y.com.au']);
    assert.deepEqual(suggest({ 'smith.law.pro': ok, 'jones.law.pro': ok }).entries, ['jones.law.pro', 'smith.law.pro']);
    assert.deepEqual(suggest({ 'eu.acme.co.uk': ok, 'us.acme.co.uk': ok }).entries, ['*.acme.co.uk']);
  });

  test('the conservative rule: a base needs two labels, three under a country code or an IDN top-level domain', () => {
    for (const base of ['com', 'uk', 'co.uk', 'example.de', 'github.io', 'xn--80aswg.xn--p1ai', 'law.pro', 'eu.int', '', 'a..b'])
      assert.equal(mayWildcard(base), false, base);
    for (const base of ['example.com', 'example.co.uk', 'mail.example.de', 'shop.test', 'b.example.com'])
      assert.equal(mayWildcard(base), true, base);
  });

  test('IDN in the ASCII form the platform compares; case and the root dot do not make duplicates', () => {
    const s = suggestRestrict([checked('bücher.example', ok), checked('Acme.COM.', ok), checked('acme.com', ok)], 'required');
    assert.deepEqual(s.entries, ['acme.com', 'xn--bcher-kva.example']);
  });

  test('a name checked twice with different answers takes the worse one', () => {
    const s = suggestRestrict(
      [checked('acme.com', ok), checked('ACME.com', unknown), checked('x.org', no), checked('x.org', unknown)],
      'required',
    );
    assert.deepEqual([s.entries, s.undetermined, s.notDelivered], [[], ['acme.com'], ['x.org']]);
  });

  test('inputs that are not domains are counted, never listed', () => {
    const s = suggestRestrict([checked(null, no), checked('acme.com', ok)], 'required');
    assert.deepEqual([s.entries, s.notDomains], [['acme.com'], 1]);
  });

  test('the setting asked for is the one judged', () => {
    const spec = { 'acme.com': ok, 'legacy.org': no };
    assert.deepEqual(suggest(spec, 'preferred').entries, ['acme.com', 'legacy.org']);
    assert.deepEqual(suggest(spec, 'required-verify').entries, ['acme.com']);
  });

  test('nothing safe: an empty list', () => {
    assert.deepEqual(suggest({ 'legacy.org': no, 'slow.net': unknown }).entries, []);
  });

  test('domain order: labels from the right, a name before its wildcard and subdomains', () => {
    const names = ['acme.de', 'x.y.partner.com', '*.partner.com', 'partner.com', 'b.com', 'a.b.com', '*.b.com'];
    assert.deepEqual([...names].sort(compareDomainNames), [
      'b.com',
      '*.b.com',
      'a.b.com',
      'partner.com',
      '*.partner.com',
      'x.y.partner.com',
      'acme.de',
    ]);
  });
});

describe('suggestRestrict: properties', () => {
  // Very few labels, so names share parents often and wildcards (and what must stop them) get a
  // chance: a generic, a country-code and an IDN top-level domain.
  const label = fc.constantFrom('a', 'b', 'co', 'xn--bcher-kva');
  const tld = fc.constantFrom('com', 'uk', 'xn--p1ai');
  const name = fc
    .tuple(fc.array(label, { minLength: 0, maxLength: 3, size: 'max' }), tld)
    .map(([labels, top]) => [...labels, top].join('.'));
  const delivery = fc.constantFrom<Delivery>('delivered', 'not-delivered', 'undetermined');
  // size 'max': fast-check otherwise keeps arrays to about ten items, too few to share parents.
  const batch = fc.array(fc.tuple(name, delivery), { maxLength: 40, size: 'max' });

  /** The verdict per name the way suggestRestrict must read it: the worse answer wins. */
  function judged(entries: ReadonlyArray<[string, Delivery]>): Map<string, Delivery> {
    const rank = { delivered: 0, undetermined: 1, 'not-delivered': 2 };
    const map = new Map<string, Delivery>();
    for (const [domain, d] of entries) if (!map.has(domain) || rank[d] > rank[map.get(domain)!]) map.set(domain, d);
    return map;
  }

  const run = (entries: ReadonlyArray<[string, Delivery]>) =>
    suggestRestrict(
      entries.map(([domain, d]) => checked(domain, d)),
      'required',
    );

  test('every entry covers only safe checked domains, even reading *.x as matching every depth', () => {
    fc.assert(
      fc.property(batch, (entries) => {
        const verdict = judged(entries);
        for (const entry of run(entries).entries) {
          for (const [domain, d] of verdict)
            if (matchesRestrict(domain, [entry])) assert.equal(d, 'delivered', `${entry} covers ${domain}`);
        }
      }),
    );
  });

  test('every safe checked domain is covered, even reading *.x as matching one level only', () => {
    fc.assert(
      fc.property(batch, (entries) => {
        const suggestion = run(entries);
        for (const [domain, d] of judged(entries)) {
          if (d !== 'delivered') continue;
          assert.ok(
            suggestion.entries.some((entry) => matchesNarrowly(domain, entry)),
            `${domain} is not covered by ${suggestion.entries.join(',')}`,
          );
        }
      }),
    );
  });

  test('no unsafe or undetermined checked domain is covered, and each is reported as such', () => {
    fc.assert(
      fc.property(batch, (entries) => {
        const suggestion = run(entries);
        for (const [domain, d] of judged(entries)) {
          if (d === 'delivered') continue;
          assert.ok(!matchesRestrict(domain, suggestion.entries), domain);
          assert.ok((d === 'not-delivered' ? suggestion.notDelivered : suggestion.undetermined).includes(domain), domain);
        }
      }),
    );
  });

  test('sorted, no duplicates, ASCII, wildcards only over allowed bases with at least two safe children', () => {
    fc.assert(
      fc.property(batch, (entries) => {
        const suggestion = run(entries);
        const verdict = judged(entries);
        assert.deepEqual(suggestion.entries, [...new Set(suggestion.entries)].sort(compareDomainNames));
        for (const entry of suggestion.entries) {
          assert.match(entry, /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/);
          if (!entry.startsWith('*.')) continue;
          const base = entry.slice(2);
          assert.ok(mayWildcard(base), entry);
          const children = [...verdict].filter(([domain, d]) => d === 'delivered' && matchesNarrowly(domain, entry));
          assert.ok(children.length >= 2, entry);
        }
      }),
    );
  });

  test('deterministic: the order of the input does not matter', () => {
    fc.assert(
      fc.property(
        batch.chain((entries) =>
          fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length })),
        ),
        ([entries, shuffled]) => assert.deepEqual(run(shuffled), run(entries)),
      ),
    );
  });
});
