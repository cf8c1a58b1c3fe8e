import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { entryFromLine, interpretEntry } from '../../src/input/entry.js';

describe('entryFromLine', () => {
  const cases: [string, string | null][] = [
    ['acme.com', 'acme.com'],
    ['  acme.com \t ', 'acme.com'],
    ['', null],
    ['   \t', null],
    ['# a comment', null],
    ['   # indented comment', null],
    ['acme.com # trailing comment', 'acme.com'],
    ['acme.com\t# tab before the comment', 'acme.com'],
    ['acme.com#fragment', 'acme.com#fragment'], // no whitespace before '#': not a comment, reported as invalid later
    ['"Team #1" <team@acme.com> # vip', '"Team #1" <team@acme.com>'],
    ['"unbalanced <x@acme.com> # note', '"unbalanced <x@acme.com>'],
    ['\ufeffacme.com', 'acme.com'],
  ];
  for (const [line, expected] of cases) {
    test(JSON.stringify(line), () => assert.equal(entryFromLine(line), expected));
  }
});

describe('interpretEntry', () => {
  const valid: [string, string][] = [
    ['acme.com', 'acme.com'],
    ['ACME.COM.', 'acme.com'],
    ['jane@Acme.com', 'acme.com'],
    ['Jane Doe <jane@acme.com>', 'acme.com'],
    ['"Doe, Jane" <jane@acme.com>', 'acme.com'],
    ['"jane@acme.com" <jane@acme.com>', 'acme.com'],
    ['<jane@acme.com>', 'acme.com'],
    ['jane@acme.com;', 'acme.com'],
    ['jane@acme.com, ', 'acme.com'],
    ['Jane Doe jane@acme.com', 'acme.com'],
    ['J. Doe <j@acme.com>', 'acme.com'],
    ['jörg@bücher.example', 'xn--bcher-kva.example'],
    ['"odd@local"@example.org', 'example.org'],
    ['"carol@home"@acme.com', 'acme.com'],
    ['"Team #1" <team@acme.com>', 'acme.com'],
    ['@acme.com', 'acme.com'],
    ["o'brien+tag@acme.com", 'acme.com'],
    ['jane doe@acme.com', 'acme.com'], // in a list, words before an address are a name (mail clients paste that)
  ];
  for (const [entry, domain] of valid) {
    test(`accepts ${JSON.stringify(entry)}`, () => assert.deepEqual(interpretEntry(entry, 'line'), { ok: true, domain }));
  }

  const invalid: [string, RegExp][] = [
    ['a.com, b.com', /more than one address or domain; give one per line/],
    ['jane@acme.com, bob@partner.org', /more than one/],
    ['jane@acme.com bob@partner.org', /more than one/],
    ['Jane <jane@acme.com>, Bob <bob@partner.org>', /more than one/],
    ['Jane <>', /address between < and > is empty/],
    ['acme.com#fragment', /"#" is not allowed/],
    ['not a domain', /spaces/],
    ['user@', /nothing after "@"/],
    ['192.0.2.1', /IP address literals/],
    ['', /empty target/],
    ['carol@@bad', /^more than one "@" in the address \(an address has one, before its domain\)$/],
    ['a@b@acme.com', /more than one "@"/],
    ['Carol <carol@@acme.com>', /more than one "@"/],
    ['not-an-email', /^"not-an-email" has no dot, so it is not a mail domain \(a mail domain is a name like acme\.com\)$/],
    ['carol@bad', /"bad" has no dot/],
    ['none', /"none" has no dot/],
    ['com.', /"com" has no dot/],
    ['Bob <bob doe@acme.com>', /^the address between < and > has spaces$/],
  ];
  for (const [entry, message] of invalid) {
    test(`rejects ${JSON.stringify(entry)}`, () => {
      const outcome = interpretEntry(entry, 'line');
      assert.equal(outcome.ok, false);
      assert.match(outcome.ok ? '' : outcome.error, message);
    });
  }

  describe('a CSV cell holds an address, a domain or "Name <address>", with no other spaces', () => {
    const cells: [string, string | RegExp][] = [
      ['jane@acme.com', 'acme.com'],
      ['  jane@acme.com ', 'acme.com'],
      ['"Doe, Jane" <jane@acme.com>', 'acme.com'],
      ['Jane Doe <jane@acme.com>', 'acme.com'],
      ['"jane doe"@acme.com', 'acme.com'], // a quoted local part may hold spaces (RFC 5321 §4.1.2)
      ['jörg@bücher.example', 'xn--bcher-kva.example'],
      ['jane doe@acme.com', /^has spaces, so it is not one address \(a cell holds an address, a domain or "Name <address>"\)$/],
      ['Jane Doe jane@acme.com', /has spaces/],
      ['jane@acme.com (work)', /has spaces/],
      ['John Smith', /has spaces/],
      ['jane@acme.com bob@partner.org', /more than one address or domain; give one per cell/],
    ];
    for (const [cell, expected] of cells) {
      test(JSON.stringify(cell), () => {
        const outcome = interpretEntry(cell, 'cell');
        if (typeof expected === 'string') assert.deepEqual(outcome, { ok: true, domain: expected });
        else assert.match(outcome.ok ? 'accepted' : outcome.error, expected);
      });
    }
  });

  test('the unit names what to give one of', () => {
    assert.deepEqual(interpretEntry('a.com b.com', 'cell'), {
      ok: false,
      error: 'holds more than one address or domain; give one per cell',
    });
    assert.deepEqual(interpretEntry('a.com b.com', 'argument'), {
      ok: false,
      error: 'holds more than one address or domain; give one per argument',
    });
  });
});
