import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extensionKeywords, offersStartTls, parseEhlo } from '../../src/smtp/ehlo.js';

const reply = (code: number, ...lines: string[]) => ({ code, lines });

describe('parseEhlo', () => {
  test('domain, greeting and upper-cased keywords with their parameters', () => {
    const info = parseEhlo(
      reply(250, 'mx.example.com Hello client [192.0.2.1]', 'pipelining', 'SIZE 10240000', 'AUTH PLAIN  LOGIN ', 'starttls'),
    );
    assert.equal(info.domain, 'mx.example.com');
    assert.equal(info.greeting, 'Hello client [192.0.2.1]');
    assert.deepEqual(
      [...info.extensions],
      [
        ['PIPELINING', ''],
        ['SIZE', '10240000'],
        ['AUTH', 'PLAIN  LOGIN'],
        ['STARTTLS', ''],
      ],
    );
  });

  test('a single-line 250 advertises nothing', () => {
    const info = parseEhlo(reply(250, 'mx.example.com'));
    assert.equal(info.domain, 'mx.example.com');
    assert.equal(info.greeting, '');
    assert.equal(info.extensions.size, 0);
  });

  test('an empty reply text gives empty fields', () => {
    const info = parseEhlo(reply(250, ''));
    assert.deepEqual([info.domain, info.greeting, info.extensions.size], ['', '', 0]);
  });

  test('a reply other than 250 advertises nothing', () => {
    assert.equal(parseEhlo(reply(502, 'mx', 'STARTTLS')).extensions.size, 0);
    assert.equal(offersStartTls(reply(421, 'mx', 'STARTTLS')), false);
  });

  test('invalid keywords are skipped; the first of a repeated keyword wins', () => {
    const info = parseEhlo(reply(250, 'mx', 'AUTH=LOGIN PLAIN', '-BAD', '', '   ', 'SIZE 1', 'size 2', '8BITMIME'));
    assert.deepEqual(
      [...info.extensions],
      [
        ['SIZE', '1'],
        ['8BITMIME', ''],
      ],
    );
  });

  test('tabs separate parameters too', () => {
    assert.equal(parseEhlo(reply(250, 'mx', 'SIZE\t42')).extensions.get('SIZE'), '42');
  });
});

describe('offersStartTls', () => {
  test('advertised in any case, with surrounding spaces', () => {
    assert.equal(offersStartTls(reply(250, 'mx', 'PIPELINING', 'StartTLS ')), true);
  });
  test('the word in the greeting line does not count', () => {
    assert.equal(offersStartTls(reply(250, 'mx.example.com STARTTLS', 'PIPELINING')), false);
  });
  test('look-alike keywords do not count', () => {
    assert.equal(offersStartTls(reply(250, 'mx', 'XSTARTTLS', 'STARTTLS-X', 'STARTTL')), false);
  });
});

test('extensionKeywords lists keywords in advertised order', () => {
  assert.deepEqual(extensionKeywords(reply(250, 'mx', 'starttls', 'SIZE 5', 'pipelining')), ['STARTTLS', 'SIZE', 'PIPELINING']);
});
