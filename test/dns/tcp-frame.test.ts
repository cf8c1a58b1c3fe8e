import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FrameReader, frameMessage } from '../../src/dns/tcp-frame.js';

const messages = [Buffer.from('first message'), Buffer.alloc(0), Buffer.alloc(300, 7), Buffer.from('x')];
const stream = Buffer.concat(messages.map(frameMessage));

test('the length prefix counts the message only (RFC 1035 §4.2.2)', () => {
  assert.deepEqual([...frameMessage(Buffer.from('abc'))], [0, 3, 0x61, 0x62, 0x63]);
  assert.deepEqual([...frameMessage(Buffer.alloc(258)).subarray(0, 2)], [1, 2]);
});

test('a stream split at every offset yields the same messages', () => {
  for (let cut = 0; cut <= stream.length; cut++) {
    const reader = new FrameReader();
    const out = [...reader.push(stream.subarray(0, cut)), ...reader.push(stream.subarray(cut))];
    assert.deepEqual(out, messages, `cut at ${cut}`);
    assert.equal(reader.pendingBytes, 0);
  }
});

test('byte-by-byte delivery yields the same messages; an incomplete tail stays pending', () => {
  const reader = new FrameReader();
  const out: Buffer[] = [];
  for (const byte of stream.subarray(0, stream.length - 1)) out.push(...reader.push(Buffer.from([byte])));
  assert.deepEqual(out, messages.slice(0, 3));
  assert.equal(reader.pendingBytes, 2);
});

test('arbitrary chunkings of arbitrary bytes never throw and never lose bytes', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 20 }), (chunks) => {
      const reader = new FrameReader();
      let taken = 0;
      for (const chunk of chunks) {
        for (const m of reader.push(Buffer.from(chunk))) taken += m.length + 2;
      }
      assert.equal(
        taken + reader.pendingBytes,
        chunks.reduce((n, c) => n + c.length, 0),
      );
    }),
  );
});

test('a message over 65535 bytes cannot be framed (our bug, so it throws)', () => {
  assert.throws(() => frameMessage(Buffer.alloc(65536)), /cannot be framed/);
});
