import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizeTarget } from '../../src/dns/normalize.js';

describe('normalizeTarget accepts', () => {
  const cases: [string, string][] = [
    ['example.com', 'example.com'],
    ['  Example.COM  ', 'example.com'],
    ['example.com.', 'example.com'],
    ['user@Example.com', 'example.com'],
    ['"odd@local"@example.org', 'example.org'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['BÜCHER.example', 'xn--bcher-kva.example'],
    ['jörg@bücher.example.', 'xn--bcher-kva.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['ＥＸＡＭＰＬＥ．ｃｏｍ', 'example.com'],
    ['mail-1.sub.example.co.uk', 'mail-1.sub.example.co.uk'],
    ['123.example', '123.example'],
    [`${'a'.repeat(63)}.example`, `${'a'.repeat(63)}.example`],
  ];
  for (const [input, domain] of cases) {
    test(JSON.stringify(input), () => {
      assert.deepEqual(normalizeTarget(input), { ok: true, domain });
    });
  }
});

describe('normalizeTarget rejects', () => {
  const longName = Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.'); // 304 characters
  const cases: [string, RegExp][] = [
    ['', /empty/],
    ['   ', /empty/],
    ['user@', /nothing after "@"/],
    ['exa mple.com', /spaces/],
    ['example.com\tx', /spaces/],
    ['192.0.2.1', /IP address literals are not mail domains/],
    ['2001:db8::1', /IP address literals/],
    ['[192.0.2.1]', /IP address literals/],
    ['user@[192.0.2.1]', /IP address literals/],
    ['１９２.０.２.１', /IP address literals/],
    ['1.2.3', /IP address literals/],
    ['a..example', /empty label/],
    ['.example', /empty label/],
    ['example.com..', /empty label/],
    ['under_score.example', /"_" is not allowed/],
    ['a/b.example', /"\/" is not allowed/],
    ['a:25', /":" is not allowed/],
    ['exa\u0000mple.com', /"\\u0000" is not allowed/],
    ['exa\u001bmple.com', /"\\u001b" is not allowed/],
    ['-lead.example', /hyphen/],
    ['trail-.example', /hyphen/],
    [`${'a'.repeat(64)}.example`, /64 bytes long; the limit is 63/],
    [longName, /304 characters long; the limit is 253/],
    ['xn--zz.example', /not a valid internationalised domain name/],
    ['a\u200d.example', /not a valid internationalised domain name/],
    ['\u200b.example', /empty label/],
  ];
  for (const [input, message] of cases) {
    test(JSON.stringify(input), () => {
      const result = normalizeTarget(input);
      assert.equal(result.ok, false);
      assert.match((result as { message: string }).message, message);
    });
  }
});

describe('normalizeTarget properties', () => {
  const domainish = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme' }),
    fc.domain(),
    fc.emailAddress(),
    fc
      .array(fc.constantFrom('a', 'Ü', '-', '.', '@', '_', ' ', 'xn--', '1', '。', '\u200d', '[', ':'), { maxLength: 30 })
      .map((a) => a.join('')),
  );

  test('never throws, and a normalised domain normalises to itself', () => {
    fc.assert(
      fc.property(domainish, (input) => {
        const first = normalizeTarget(input);
        if (first.ok) {
          assert.deepEqual(normalizeTarget(first.domain), first);
          assert.match(first.domain, /^[a-z0-9.-]+$/);
          assert.ok(first.domain.length <= 253);
        } else {
          assert.ok(first.message.length > 0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('every generated domain is accepted, lower-cased', () => {
    fc.assert(
      // fc.domain() makes RFC 1034 host names with an alphabetic TLD: all valid mail domains,
      // except labels that claim to be Punycode ("xn--...") without being it.
      fc.property(
        fc.domain().filter((d) => !/(^|\.)xn--/.test(d)),
        (domain) => {
          assert.deepEqual(normalizeTarget(domain.toUpperCase()), { ok: true, domain: domain.toLowerCase() });
        },
      ),
    );
  });
});
