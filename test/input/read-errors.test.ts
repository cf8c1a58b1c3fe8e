import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { InputError, readTargets, type InputResult } from '../../src/input/read-targets.js';
import { describeReadError } from '../../src/input/open-input.js';
import { sniff } from '../../src/input/sniff.js';
import { MAX_SOURCES_PER_TARGET } from '../../src/model/target.js';
import { TempDir, rejectsWith, stdinOf } from './helpers.js';

const temp = new TempDir();
after(() => temp.cleanup());

const list = (files: string[]) => ({ args: [], files, column: null });

describe('input that cannot be read is an InputError naming it', () => {
  test('a missing file', async () => {
    const missing = join(temp.path, 'nope.txt');
    await rejectsWith(readTargets(list([missing]), stdinOf()), new RegExp(`^cannot read ${missing}: the file does not exist$`));
  });

  test('a directory', async () => {
    const dir = join(temp.path, 'a-dir');
    mkdirSync(dir);
    await rejectsWith(readTargets(list([dir]), stdinOf()), /a-dir: it is a directory, not a file$/);
  });

  test('permission denied', async (t) => {
    if (process.getuid?.() === 0) {
      t.skip('root reads any file; the error mapping is tested below');
      return;
    }
    const file = temp.write('secret.txt', 'acme.com\n');
    chmodSync(file, 0o000);
    await rejectsWith(readTargets(list([file]), stdinOf()), /secret\.txt: permission denied$/);
  });

  test('error codes map to plain reasons', () => {
    const err = (code: string) => Object.assign(new Error(`${code}: raw`), { code });
    assert.equal(describeReadError('a.txt', err('EACCES')), 'cannot read a.txt: permission denied');
    assert.equal(describeReadError('a.txt', err('EISDIR')), 'cannot read a.txt: it is a directory, not a file');
    assert.equal(describeReadError('a.txt', err('EIO')), 'cannot read a.txt: EIO: raw');
    assert.equal(describeReadError('bad\nname', err('ENOENT')), 'cannot read bad\\x0aname: the file does not exist');
  });

  test('a binary file (NUL bytes)', async () => {
    const png = temp.write(
      'logo.png',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    );
    await rejectsWith(readTargets(list([png]), stdinOf()), /logo\.png: it looks like a binary file, not a list of domains$/);
  });

  test('a binary file (mostly invalid UTF-8, no NUL), and a spreadsheet hint', async () => {
    const bytes = Buffer.alloc(4000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = 0x80 + ((i * 37) % 0x40); // lone continuation bytes
    const xlsx = temp.write('contacts.xlsx', bytes);
    await rejectsWith(
      readTargets(list([xlsx]), stdinOf()),
      /contacts\.xlsx: it looks like a binary file, not a list of domains \(a spreadsheet\? export it as CSV and use --column\)$/,
    );
  });

  test('a text file with a NUL byte in one line and invalid UTF-8 in another: those lines are reported, the rest read', async () => {
    const bytes = Buffer.concat([
      Buffer.from('acme.com\nbad\0line.example\n'),
      Buffer.from('b\xfccher.example\n', 'latin1'),
      Buffer.from('beta.example\n'),
    ]);
    const file = temp.write('damaged.txt', bytes);
    const result = await readTargets(list([file]), stdinOf());
    assert.deepEqual(
      result.targets.map((t) => [t.domain, t.sources]),
      [
        ['acme.com', [`${file}:1`]],
        [null, [`${file}:2`]],
        [null, [`${file}:3`]],
        ['beta.example', [`${file}:4`]],
      ],
    );
    assert.match(result.targets[1]!.error!, /character "\\u0000" is not allowed/);
    assert.deepEqual(result.warnings, [
      `${file}: 1 line has characters that are not valid UTF-8 (line 3); save the file as UTF-8`,
      `${file}: 1 line has a NUL byte (line 2)`,
    ]);
  });

  test('binary data on stdin', async () => {
    await rejectsWith(readTargets(list(['-']), stdinOf(Buffer.from([1, 2, 0, 4]))), /^cannot read stdin: it looks like a binary file/);
  });

  test('a read error in the middle of stdin', async () => {
    const stdin = new PassThrough();
    stdin.write('a.example\n'.repeat(2000));
    setImmediate(() => stdin.destroy(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' })));
    await rejectsWith(readTargets(list(['-']), stdin), /^cannot read stdin: EIO: i\/o error, read$/);
  });

  test('stdin given twice, and an empty --column', async () => {
    await rejectsWith(readTargets(list(['-', '-']), stdinOf()), /only once/);
    await rejectsWith(readTargets({ args: [], files: [], column: '  ' }, stdinOf()), /--column needs the name of a column/);
  });
});

describe('sniff', () => {
  test('text, UTF-16 with a BOM, binary', () => {
    assert.deepEqual(sniff(Buffer.from('acme.com\r\n\tbücher.example\n')), { kind: 'text', encoding: 'utf-8' });
    assert.deepEqual(sniff(new Uint8Array()), { kind: 'text', encoding: 'utf-8' });
    assert.deepEqual(sniff(Buffer.from([0xff, 0xfe, 0x61, 0])), { kind: 'text', encoding: 'utf-16le' });
    assert.deepEqual(sniff(Buffer.from([0xfe, 0xff, 0, 0x61])), { kind: 'text', encoding: 'utf-16be' });
    // One NUL byte in a text file is a damaged line, not a binary file; NULs throughout are binary.
    assert.deepEqual(sniff(Buffer.from('acme.com\0\nbeta.example\n')), { kind: 'text', encoding: 'utf-8' });
    assert.deepEqual(sniff(Buffer.from('acme.com\n', 'utf16le')), { kind: 'binary' });
    assert.deepEqual(sniff(Buffer.from('\x01\x02\x03\x04abc')), { kind: 'binary' });
    // A little Latin-1 in a text file is text (its entries are reported one by one).
    assert.deepEqual(sniff(Buffer.from('m\xfcller@acme.com\nacme.com\n', 'latin1')), { kind: 'text', encoding: 'utf-8' });
    // A multi-byte character cut at the end of the sample is not invalid.
    assert.deepEqual(sniff(Buffer.from('ö').subarray(0, 1)), { kind: 'text', encoding: 'utf-8' });
  });
});

/** What must hold for any result: every entry accounted for, each target well-formed. */
function assertWellFormed(result: InputResult): void {
  assert.equal(
    result.targets.reduce((sum, t) => sum + t.recipients, 0),
    result.entries,
  );
  for (const t of result.targets) {
    assert.equal(t.domain === null, t.error !== null);
    assert.ok(t.sources.length >= 1 && t.sources.length <= Math.min(MAX_SOURCES_PER_TARGET, t.recipients));
    if (t.error !== null) assert.doesNotMatch(t.error, /[\r\n]/);
  }
  for (const w of result.warnings) assert.doesNotMatch(w, /[\r\n]/);
}

describe('random file contents (fast-check)', () => {
  const pieces = [
    'a',
    'b.example',
    '@',
    '.',
    ',',
    ';',
    '\t',
    ' ',
    '"',
    '""',
    '#',
    '<',
    '>',
    '\n',
    '\r',
    '\r\n',
    'Email',
    'é',
    '\ufeff',
    '\0',
    '\x1b',
    '\ufffd',
  ];
  const textArb = fc
    .array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 })), { maxLength: 60 })
    .map((p) => Buffer.from(p.join('')));
  const contentArb = fc.oneof(
    textArb,
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  );
  let n = 0;

  test('readTargets never throws anything but InputError, and accounts for every entry', async () => {
    await fc.assert(
      fc.asyncProperty(
        contentArb,
        fc.constantFrom('list.txt', 'table.csv', 'x.CSV'),
        fc.constantFrom(null, 'Email', 'a'),
        async (content, name, column) => {
          const file = temp.write(`${n++}-${name}`, content);
          try {
            assertWellFormed(await readTargets({ args: [], files: [file], column }, stdinOf()));
          } catch (err) {
            if (!(err instanceof InputError)) throw err;
            assert.doesNotMatch(err.message, /[\r\n]/);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('in a list, every line that is neither blank nor a comment is exactly one entry', async () => {
    const lineArb = fc
      .array(fc.constantFrom('acme.com', 'A.example', 'x@a.example', 'bad_one', ' ', '', 'a b', '<j@a.example>', 'é'), { maxLength: 4 })
      .map((p) => p.join(''));
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'), async (lines, eol) => {
        const file = temp.write(`${n++}.txt`, lines.join(eol));
        const result = await readTargets({ args: [], files: [file], column: null }, stdinOf());
        assert.equal(result.entries, lines.filter((l) => l.trim() !== '').length);
        assertWellFormed(result);
      }),
      { numRuns: 150 },
    );
  });
});
