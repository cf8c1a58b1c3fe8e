import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { sanitize } from '../../src/text/sanitize.js';

test('escape sequences and control characters become visible text', () => {
  assert.equal(sanitize('mx \u001b[31mred\u001b[0m\r\nX'), 'mx \\x1b[31mred\\x1b[0m\\x0d\\x0aX');
  assert.equal(sanitize('a\u0000b\u009bc\u007f'), 'a\\x00b\\x9bc\\x7f');
  assert.equal(sanitize('evil\u202egpj.exe'), 'evil\\u{202e}gpj.exe');
});

test('long text is cut and says by how much', () => {
  const out = sanitize('x'.repeat(10_000));
  assert.ok(out.startsWith('x'.repeat(200)));
  assert.match(out, /\(9800 more\)$/);
});

test('property: no control character survives', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
      assert.doesNotMatch(sanitize(text, 10_000), /[\u0000-\u001f\u007f-\u009f]/);
    }),
  );
});
