import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as dnsPacket from 'dns-packet';
import type { Answer, Packet } from 'dns-packet';
import { buildQuery, matchReply, newQueryId, type Expected } from '../../src/dns/message.js';

const expected: Expected = { id: 4321, name: 'example.com', type: 'MX' };

function reply(overrides: Partial<Packet> = {}): Buffer {
  return dnsPacket.encode({
    type: 'response',
    id: 4321,
    flags: dnsPacket.RECURSION_AVAILABLE,
    questions: [{ name: 'Example.COM.', type: 'MX', class: 'IN' }],
    answers: [{ name: 'example.com', type: 'MX', ttl: 60, data: { preference: 10, exchange: 'mx.example.com' } }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, flags: 0 } as Answer],
    ...overrides,
  });
}

describe('buildQuery', () => {
  test('asks one IN question with RD, AD and an EDNS0 OPT of 1232 bytes', () => {
    const q = dnsPacket.decode(buildQuery(expected));
    assert.equal(q.id, 4321);
    assert.equal(q.flag_qr, false);
    assert.equal(q.flag_rd, true);
    assert.equal(q.flag_ad, true);
    assert.deepEqual(q.questions, [{ name: 'example.com', type: 'MX', class: 'IN' }]);
    const opt = q.additionals?.[0] as { type: string; udpPayloadSize: number };
    assert.equal(opt.type, 'OPT');
    assert.equal(opt.udpPayloadSize, 1232);
  });

  test('query IDs spread over the 16-bit space', () => {
    const ids = new Set(Array.from({ length: 200 }, newQueryId));
    assert.ok(ids.size > 150, 'IDs are not a counter or a constant');
    for (const id of ids) assert.ok(id >= 0 && id <= 0xffff);
  });
});

describe('matchReply', () => {
  test('believes a reply to our ID and question (name compared case-insensitively, trailing dot ignored)', () => {
    const parsed = matchReply(reply({ flags: dnsPacket.AUTHENTIC_DATA | 3 }), expected);
    assert.equal(parsed?.rcode, 'NXDOMAIN');
    assert.equal(parsed?.authenticated, true);
    assert.equal(parsed?.truncated, false);
    assert.deepEqual(
      parsed?.answers.map((a) => a.type),
      ['MX'],
      'the OPT record is not an answer',
    );
  });

  test('ignores replies under another ID, for another question, or that are not responses', () => {
    assert.equal(matchReply(reply({ id: 4322 }), expected), null);
    assert.equal(matchReply(reply({ questions: [{ name: 'example.net', type: 'MX' }] }), expected), null);
    assert.equal(matchReply(reply({ questions: [{ name: 'example.com', type: 'A' }] }), expected), null);
    assert.equal(matchReply(reply({ questions: [{ name: 'example.com', type: 'MX', class: 'CH' }] }), expected), null);
    assert.equal(matchReply(reply({ questions: [] }), expected), null);
    const two = [
      { name: 'example.com', type: 'MX' as const },
      { name: 'example.com', type: 'MX' as const },
    ];
    assert.equal(matchReply(reply({ questions: two }), expected), null);
    assert.equal(matchReply(reply({ type: 'query' }), expected), null);
    assert.equal(matchReply(reply({ flags: 2 << 11 }), expected), null, 'opcode STATUS is not an answer to QUERY');
  });

  test('random bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        matchReply(Buffer.from(bytes), expected);
      }),
      { numRuns: 3000 },
    );
  });

  test('a real reply with random bytes overwritten never throws', () => {
    const base = reply();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
        fc.nat(base.length),
        (edits, cut) => {
          const bytes = Buffer.from(base);
          for (const [at, value] of edits) bytes[at] = value;
          const parsed = matchReply(bytes.subarray(0, cut), expected);
          if (parsed) assert.ok(Array.isArray(parsed.answers));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
