/**
 * Names compared as OpenSSL compares them (X509_NAME_cmp through the canonical encoding): string
 * types, case and white space do not matter; attribute types, order and other values do.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readTlv } from '../../src/tls/der.js';
import { canonicalText, parseName } from '../../src/tls/distinguished-name.js';

const tlv = (tag: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([tag, body.length]), body]);
const CN = Buffer.from([0x06, 0x03, 0x55, 0x04, 0x03]);
const O = Buffer.from([0x06, 0x03, 0x55, 0x04, 0x0a]);
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const printable = (text: string) => tlv(0x13, Buffer.from(text, 'latin1'));
const bmp = (text: string) => tlv(0x1e, Buffer.from(text, 'utf16le').swap16());

/** A Name of one attribute per RDN. */
function name(...attributes: [Buffer, Buffer][]): string {
  const der = tlv(0x30, Buffer.concat(attributes.map(([type, value]) => tlv(0x31, tlv(0x30, Buffer.concat([type, value]))))));
  const parsed = parseName(der, readTlv(der, 0) ?? undefined);
  assert.ok(parsed !== null);
  return parsed.key;
}

describe('canonical names', () => {
  test('string type, case and white space do not matter', () => {
    const reference = name([CN, utf8('foo bar')]);
    assert.equal(name([CN, printable('  Foo   BAR ')]), reference);
    assert.equal(name([CN, bmp('FOO\tbar')]), reference);
  });

  test('the attribute type, the order and the text do', () => {
    const reference = name([O, utf8('example')], [CN, utf8('ca')]);
    assert.notEqual(name([CN, utf8('ca')], [O, utf8('example')]), reference);
    assert.notEqual(name([O, utf8('example')], [O, utf8('ca')]), reference);
    assert.notEqual(name([O, utf8('exampl e')], [CN, utf8('ca')]), reference);
  });

  test('canonicalText: trim, one space per run, ASCII lower case only', () => {
    assert.equal(canonicalText(' \t A  B\nC \r'), 'a b c');
    assert.equal(canonicalText('ÄBC'), 'Äbc');
  });

  test('a malformed name is null, never an exception', () => {
    for (const bytes of [
      [0x30, 0x03, 0x31, 0x01, 0x30],
      [0x31, 0x00],
      [0x30, 0x04, 0x31, 0x02, 0x30, 0x00],
    ]) {
      const der = Buffer.from(bytes);
      assert.equal(parseName(der, readTlv(der, 0) ?? undefined), null, Buffer.from(bytes).toString('hex'));
    }
  });
});
