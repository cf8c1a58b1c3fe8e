import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRelayTarget } from '../../src/input/relay-target.js';

const parsed = (text: string) => {
  const result = parseRelayTarget(text);
  return result.ok ? [result.target.host, result.target.literal, result.target.port] : result.message;
};

describe('parseRelayTarget: host[:port] as the admin types it', () => {
  test('a name, with and without a port; normalised like a domain', () => {
    assert.deepEqual(parsed('smtp.example.com:587'), ['smtp.example.com', null, 587]);
    assert.deepEqual(parsed('SMTP.Example.COM.'), ['smtp.example.com', null, null]);
    assert.deepEqual(parsed('bücher.example:25'), ['xn--bcher-kva.example', null, 25]);
  });

  test('IPv4 and IPv6 addresses, IPv6 with a port in brackets', () => {
    assert.deepEqual(parsed('203.0.113.5:25'), ['203.0.113.5', 4, 25]);
    assert.deepEqual(parsed('203.0.113.5'), ['203.0.113.5', 4, null]);
    assert.deepEqual(parsed('[2001:db8::5]:10025'), ['2001:db8::5', 6, 10025]);
    assert.deepEqual(parsed('2001:db8::5'), ['2001:db8::5', 6, null]);
  });

  test('refused with a one-line reason', () => {
    assert.match(String(parsed('smtp.example.com:0')), /port must be a whole number from 1 to 65535/);
    assert.match(String(parsed('smtp.example.com:99999')), /port must be/);
    assert.match(String(parsed('smtp.example.com:abc')), /port must be/);
    assert.match(String(parsed(':25')), /no relay host/);
    assert.match(String(parsed('user@example.com')), /e-mail address/);
    assert.match(String(parsed('bad_name!.com:25')), /relay "bad_name!\.com"/);
    assert.match(String(parsed('')), /no relay host/);
  });
});
