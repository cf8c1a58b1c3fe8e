import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderRestrictList, restrictListNotes } from '../../src/render/suggest-restrict.js';
import type { RestrictSuggestion } from '../../src/verdict/suggest-restrict.js';

function suggestion(overrides: Partial<RestrictSuggestion> = {}): RestrictSuggestion {
  return { setting: 'required', entries: [], wildcards: [], safe: [], notDelivered: [], undetermined: [], notDomains: 0, ...overrides };
}

describe('renderRestrictList', () => {
  test('comma-separated without spaces, one line', () => {
    const s = suggestion({ entries: ['shop.test', '*.shop.test', 'valid.test'] });
    assert.equal(renderRestrictList(s), 'shop.test,*.shop.test,valid.test\n');
  });

  test('nothing safe: an empty line', () => {
    assert.equal(renderRestrictList(suggestion()), '\n');
  });
});

describe('restrictListNotes', () => {
  test('what the list covers, what happens to the others, and what was left out', () => {
    const notes = restrictListNotes(
      suggestion({
        entries: ['shop.test', '*.shop.test'],
        wildcards: ['*.shop.test'],
        safe: ['shop.test', 'eu.shop.test', 'us.shop.test'],
        notDelivered: ['a.test', 'b.test', 'c.test', 'd.test', 'e.test', 'f.test'],
        undetermined: ['slow.test'],
        notDomains: 1,
      }),
      'preferred',
    );
    assert.deepEqual(notes, [
      'suggest-restrict required: 2 entries (1 wildcard) for the 3 checked domains delivered under required; listed domains get required, all others preferred.',
      'not listed: 6 not delivered (a.test, b.test, c.test, d.test, e.test, …); 1 undetermined (slow.test); 1 input that is not a domain.',
      'a wildcard also covers subdomains that were not checked: *.shop.test.',
    ]);
  });

  test('an empty list warns that an empty field applies the setting to all mail', () => {
    const [note, ...rest] = restrictListNotes(suggestion({ setting: 'required-verify', notDelivered: ['a.test'] }), 'preferred');
    assert.match(note!, /no checked domain would be delivered under required-verify/);
    assert.match(note!, /Do not paste an empty list: an empty "Restrict TLS to these domains" applies required-verify to all mail/);
    assert.deepEqual(rest, ['not listed: 1 not delivered (a.test).']);
  });

  test('one entry, every domain safe: no "not listed" line', () => {
    assert.deepEqual(restrictListNotes(suggestion({ entries: ['valid.test'], safe: ['valid.test'] }), 'preferred'), [
      'suggest-restrict required: 1 entry for the 1 checked domain delivered under required; listed domains get required, all others preferred.',
    ]);
  });
});
