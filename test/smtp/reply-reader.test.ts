import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { LIMITS } from '../../src/model/limits.js';
import type { SmtpReply } from '../../src/model/observation.js';
import { ReplyReader, type ReadResult, type ReaderCaps } from '../../src/smtp/reply-reader.js';

function drain(reader: ReplyReader): ReadResult[] {
  const out: ReadResult[] = [];
  for (let r = reader.next(); r !== undefined; r = reader.next()) {
    out.push(r);
    if (!r.ok) break; // the error is sticky: stop after the first
  }
  return out;
}

function read(chunks: (string | Buffer)[], caps?: ReaderCaps): ReadResult[] {
  const reader = new ReplyReader(caps);
  for (const chunk of chunks) reader.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  return drain(reader);
}

const ok = (code: number, ...lines: string[]): ReadResult => ({ ok: true, reply: { code, lines } });

const FIXTURES: { name: string; wire: string; replies: ReadResult[] }[] = [
  { name: 'single line', wire: '220 mx.example.com ESMTP Postfix\r\n', replies: [ok(220, 'mx.example.com ESMTP Postfix')] },
  {
    name: 'multi-line EHLO',
    wire: '250-mx.example.com\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 STARTTLS\r\n',
    replies: [ok(250, 'mx.example.com', 'PIPELINING', 'SIZE 10240000', 'STARTTLS')],
  },
  { name: 'bare code', wire: '250\r\n', replies: [ok(250, '')] },
  { name: 'bare LF', wire: '220-one\n220 two\n', replies: [ok(220, 'one', 'two')] },
  {
    name: 'several replies',
    wire: '220-hi\r\n220 there\r\n250 ok\r\n454 4.7.0 TLS not available\r\n',
    replies: [ok(220, 'hi', 'there'), ok(250, 'ok'), ok(454, '4.7.0 TLS not available')],
  },
  { name: 'UTF-8 text', wire: '220 mx.exämple.test ✉ ready\r\n', replies: [ok(220, 'mx.exämple.test ✉ ready')] },
];

describe('ReplyReader: framing', () => {
  for (const fixture of FIXTURES) {
    test(`${fixture.name}: same replies when split at every offset`, () => {
      const bytes = Buffer.from(fixture.wire, 'utf8');
      assert.deepEqual(read([bytes]), fixture.replies);
      for (let i = 0; i <= bytes.length; i++) {
        assert.deepEqual(read([bytes.subarray(0, i), bytes.subarray(i)]), fixture.replies, `split at ${i}`);
      }
      assert.deepEqual(read([...bytes].map((b) => Buffer.from([b]))), fixture.replies, 'one byte at a time');
    });
  }

  test('an unfinished reply is not returned', () => {
    const reader = new ReplyReader();
    reader.push(Buffer.from('250-mx.example.com\r\n250 STARTT'));
    assert.equal(reader.next(), undefined);
    assert.equal(reader.hasPartial, true);
    reader.push(Buffer.from('LS\r\n'));
    assert.deepEqual(reader.next(), ok(250, 'mx.example.com', 'STARTTLS'));
    assert.equal(reader.hasPartial, false);
  });

  test('invalid UTF-8 is replaced, never thrown', () => {
    assert.deepEqual(read([Buffer.from([0x32, 0x32, 0x30, 0x20, 0xff, 0xfe, 0x41, 0x0d, 0x0a])]), [ok(220, '\ufffd\ufffdA')]);
  });

  test("control characters and escapes are kept raw (sanitising is the renderer's job)", () => {
    assert.deepEqual(read(['220 \x1b[31mred\x07\r\n']), [ok(220, '\x1b[31mred\x07')]);
  });
});

describe('ReplyReader: malformed input is an error value', () => {
  const bad: [string, string, RegExp][] = [
    ['no code', 'hello there\r\n', /without a reply code/],
    ['empty line', '\r\n', /without a reply code/],
    ['two digits', '25 ok\r\n', /without a reply code/],
    ['letter in code', '2x0 ok\r\n', /without a reply code/],
    ['code out of range', '650 ok\r\n', /without a reply code/],
    ['wrong separator', '250x ok\r\n', /followed by "x"/],
    ['tab separator', '250\tok\r\n', /followed by/],
    ['mixed codes', '250-one\r\n251 two\r\n', /mixes codes 250 and 251/],
  ];
  for (const [name, wire, pattern] of bad) {
    test(name, () => {
      const results = read([wire]);
      assert.equal(results.length, 1);
      const [result] = results;
      assert.ok(result !== undefined && !result.ok);
      assert.match(result.error, pattern);
    });
  }

  test('replies before the error are delivered first, and the error is sticky', () => {
    const reader = new ReplyReader();
    reader.push(Buffer.from('220 hi\r\ngarbage\r\n250 never seen\r\n'));
    assert.deepEqual(reader.next(), ok(220, 'hi'));
    assert.equal(reader.next()?.ok, false);
    assert.equal(reader.next()?.ok, false);
    reader.push(Buffer.from('250 still ignored\r\n'));
    assert.equal(reader.next()?.ok, false);
  });

  test('a 10 kB line is an error as soon as the cap is passed, without waiting for its end', () => {
    const reader = new ReplyReader();
    reader.push(Buffer.from(`250 ${'a'.repeat(10_000)}`));
    const result = reader.next();
    assert.ok(result !== undefined && !result.ok);
    assert.match(result.error, new RegExp(`longer than ${LIMITS.maxLineBytes} bytes`));
    assert.equal(reader.buffered.bytes, 0);
  });

  test('a line of exactly maxLineBytes passes; one more byte fails', () => {
    const caps = { maxLineBytes: 10, maxReplyLines: 5 };
    assert.deepEqual(read(['250 123456\r\n'], caps), [ok(250, '123456')]);
    const over = read(['250 1234567\r\n'], caps);
    assert.equal(over[0]?.ok, false);
    const overLf = read(['250 1234567\n'], caps);
    assert.equal(overLf[0]?.ok, false);
  });

  test('endless continuation lines stop at the line cap', () => {
    const reader = new ReplyReader();
    for (let i = 0; i < LIMITS.maxReplyLines + 50; i++) reader.push(Buffer.from(`250-line ${i}\r\n`));
    const result = reader.next();
    assert.ok(result !== undefined && !result.ok);
    assert.match(result.error, new RegExp(`more than ${LIMITS.maxReplyLines} reply lines`));
    assert.deepEqual(reader.buffered, { bytes: 0, lines: 0 });
  });

  test('exactly maxReplyLines lines is still one reply', () => {
    const wire = `${'250-x\r\n'.repeat(LIMITS.maxReplyLines - 1)}250 end\r\n`;
    const results = read([wire]);
    assert.equal(results.length, 1);
    assert.equal(results[0]?.ok && results[0].reply.lines.length, LIMITS.maxReplyLines);
  });

  test('untaken complete replies count against the line cap too', () => {
    const caps = { maxLineBytes: 100, maxReplyLines: 3 };
    const results = read(['250 a\r\n250 b\r\n250 c\r\n250 d\r\n'], caps);
    assert.deepEqual(results.slice(0, 3), [ok(250, 'a'), ok(250, 'b'), ok(250, 'c')]);
    assert.equal(results[3]?.ok, false);
  });
});

describe('ReplyReader: discard (RFC 3207 §6)', () => {
  test('drops complete replies, the unfinished line and an error', () => {
    const reader = new ReplyReader();
    reader.push(Buffer.from('220 go ahead\r\n250-fake\r\n250 INJECTED\r\n250 par'));
    assert.deepEqual(reader.next(), ok(220, 'go ahead'));
    reader.discard();
    assert.equal(reader.next(), undefined);
    assert.deepEqual(reader.buffered, { bytes: 0, lines: 0 });
    reader.push(Buffer.from('garbage\r\n'));
    assert.equal(reader.next()?.ok, false);
    reader.discard();
    assert.equal(reader.next(), undefined);
    reader.push(Buffer.from('250 real\r\n'));
    assert.deepEqual(reader.next(), ok(250, 'real'));
  });
});

describe('ReplyReader: properties', () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 60 }).filter((s) => !/[\r\n]/.test(s));
  const reply = fc.record({
    code: fc.integer({ min: 100, max: 599 }),
    lines: fc.array(text, { minLength: 1, maxLength: 6 }),
  });
  const serialise = (r: SmtpReply, lf: boolean): string =>
    r.lines.map((line, i) => `${r.code}${i === r.lines.length - 1 ? ' ' : '-'}${line}${lf ? '\n' : '\r\n'}`).join('');

  test('any chunking of any well-formed replies gives the same replies', () => {
    fc.assert(
      fc.property(fc.array(reply, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), fc.boolean(), (replies, cuts, lf) => {
        const bytes = Buffer.from(replies.map((r) => serialise(r, lf)).join(''), 'utf8');
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let last = 0;
        for (const p of points) {
          chunks.push(bytes.subarray(last, p));
          last = p;
        }
        chunks.push(bytes.subarray(last));
        assert.deepEqual(
          read(chunks),
          replies.map((r) => ok(r.code, ...r.lines)),
        );
      }),
    );
  });

  test('random bytes never throw and memory stays within the caps', () => {
    const caps = { maxLineBytes: 32, maxReplyLines: 6 };
    const chunk = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.constantFrom('250-', '250 ', '\r\n', '\n', '220 ok\r\n', '421').map((s) => Buffer.from(s)),
    );
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 40 }), (chunks) => {
        const reader = new ReplyReader(caps);
        for (const c of chunks) {
          reader.push(c);
          assert.ok(reader.buffered.bytes <= caps.maxLineBytes + 1);
          assert.ok(reader.buffered.lines <= caps.maxReplyLines);
        }
        let lines = 0;
        for (const result of drain(reader)) {
          if (!result.ok) continue;
          lines += result.reply.lines.length;
          for (const line of result.reply.lines) assert.ok(line.length <= caps.maxLineBytes);
        }
        assert.ok(lines <= caps.maxReplyLines);
      }),
    );
  });
});
