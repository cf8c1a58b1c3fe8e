import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readTargets } from '../../src/input/read-targets.js';
import { MAX_SOURCES_PER_TARGET } from '../../src/model/target.js';
import { TempDir, brief, fixture, stdinOf } from './helpers.js';

const temp = new TempDir();
after(() => temp.cleanup());

const list = (files: string[], args: string[] = []) => ({ args, files, column: null });

describe('plain lists', () => {
  test('mixed file: comments, blank lines, emails, case, trailing dots, IDN, duplicates, invalid lines', async () => {
    const file = fixture('mixed.txt');
    const result = await readTargets(list([file]), stdinOf());
    const at = (...lines: number[]) => lines.map((n) => `${file}:${n}`);
    assert.deepEqual(result.targets.map(brief), [
      ['acme.com', 3, at(3, 4, 5)],
      ['partner.org', 3, at(6, 12, 13)],
      ['xn--bcher-kva.example', 3, at(7, 8, 9)],
      [null, 1, at(14)],
      [null, 1, at(15)],
      [null, 1, at(16)],
      [null, 1, at(17)],
      [null, 1, at(18)],
      ['spaced.example', 1, at(19)],
    ]);
    // The first entry naming a domain is its input; comments and whitespace are not part of it.
    assert.deepEqual(
      result.targets.map((t) => t.input),
      [
        'acme.com',
        'Partner.ORG',
        'bücher.example',
        'not a domain',
        'user@',
        '192.0.2.1',
        'under_score.example',
        'partner.org, acme.com',
        'spaced.example',
      ],
    );
    const errors = result.targets.filter((t) => t.domain === null).map((t) => t.error ?? '');
    const expected = [/spaces/, /nothing after "@"/, /IP address literals/, /"_" is not allowed/, /more than one address or domain/];
    errors.forEach((error, i) => assert.match(error, expected[i]!));
    assert.ok(result.targets.every((t) => (t.domain === null) === (t.error !== null)));
    assert.equal(result.entries, 15);
    assert.deepEqual(result.warnings, []);
  });

  test('arguments come first, then the files in the order given, then stdin as a file', async () => {
    const one = temp.write('one.txt', 'b.example\nA.example\n');
    const two = temp.write('two.txt', 'c.example\nb.example\n');
    const stdin = stdinOf('user@c.example\nd.example');
    const result = await readTargets(list([one, '-', two], ['a.example', 'x@B.example', 'bad domain']), stdin);
    assert.deepEqual(result.targets.map(brief), [
      ['a.example', 2, ['argument 1', `${one}:2`]],
      ['b.example', 3, ['argument 2', `${one}:1`, `${two}:2`]],
      [null, 1, ['argument 3']],
      ['c.example', 2, ['stdin:1', `${two}:1`]],
      ['d.example', 1, ['stdin:2']],
    ]);
    assert.equal(result.targets[1]!.input, 'x@B.example');
    assert.equal(result.entries, 9);
  });

  test('a file given twice is read once, with a warning', async () => {
    const file = temp.write('twice.txt', 'acme.com\n');
    const result = await readTargets(list([file, file]), stdinOf());
    assert.deepEqual(result.targets.map(brief), [['acme.com', 1, [`${file}:1`]]]);
    assert.deepEqual(result.warnings, [`${file} is given more than once; it was read once`]);
  });

  test('one file under two names (./, a symbolic link) is read once, with a warning', async () => {
    const file = temp.write('same.txt', 'acme.com\n');
    const dotted = `${dirname(file)}/./same.txt`;
    const link = join(dirname(file), 'link.txt');
    symlinkSync(file, link);
    const result = await readTargets(list([file, dotted, link]), stdinOf());
    assert.deepEqual(result.targets.map(brief), [['acme.com', 1, [`${file}:1`]]]);
    assert.deepEqual(result.warnings, [
      `${dotted} is the same file as ${file}; it was read once`,
      `${link} is the same file as ${file}; it was read once`,
    ]);
  });

  test('an overlong entry is reported with its input cut', async () => {
    const file = temp.write('long.txt', `${'x'.repeat(5000)}@acme.com\nJane ${'y'.repeat(5000)} <jane@acme.com>\n`);
    const result = await readTargets(list([file]), stdinOf());
    assert.deepEqual(result.targets.map(brief), [['acme.com', 2, [`${file}:1`, `${file}:2`]]]);
    assert.equal(result.targets[0]!.input, `${'x'.repeat(1000)}…`);
  });

  test('arguments alone, and `Name <addr>` arguments', async () => {
    const result = await readTargets(list([], ['Jane <jane@acme.com>', 'ACME.com']), stdinOf());
    assert.deepEqual(result.targets.map(brief), [['acme.com', 2, ['argument 1', 'argument 2']]]);
  });

  test('sources are capped, recipients count every entry', async () => {
    const file = temp.write('many.txt', Array.from({ length: 25 }, (_, i) => `u${i}@same.example`).join('\n'));
    const result = await readTargets(list([file]), stdinOf());
    assert.equal(result.targets.length, 1);
    assert.equal(result.targets[0]!.recipients, 25);
    assert.deepEqual(
      result.targets[0]!.sources,
      Array.from({ length: MAX_SOURCES_PER_TARGET }, (_, i) => `${file}:${i + 1}`),
    );
  });

  test('a UTF-8 BOM and a mix of CRLF, LF and CR line ends', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('one.example\r\ntwo.example\nthree.example\rfour.example  \r\n\r\nfive.example'),
    ]);
    const file = temp.write('bom-crlf.txt', bytes);
    const result = await readTargets(list([file]), stdinOf());
    assert.deepEqual(result.targets.map(brief), [
      ['one.example', 1, [`${file}:1`]],
      ['two.example', 1, [`${file}:2`]],
      ['three.example', 1, [`${file}:3`]],
      ['four.example', 1, [`${file}:4`]],
      ['five.example', 1, [`${file}:6`]],
    ]);
    assert.equal(result.targets[0]!.input, 'one.example', 'no BOM left in the first input');
  });

  test('UTF-16 with a BOM (spreadsheet "Unicode text") is read as text', async () => {
    const le = temp.write(
      'utf16le.txt',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('bücher.example\r\nacme.com\r\n', 'utf16le')]),
    );
    const result = await readTargets(list([le]), stdinOf());
    assert.deepEqual(
      result.targets.map((t) => t.domain),
      ['xn--bcher-kva.example', 'acme.com'],
    );
  });

  test('stdin through a PassThrough, with chunks cut inside a UTF-8 character and a CRLF', async () => {
    const { PassThrough } = await import('node:stream');
    const stdin = new PassThrough();
    const bytes = Buffer.from('jörg@bücher.example\r\nacme.com\r\n');
    const split = bytes.indexOf(0xc3) + 1; // inside the two bytes of "ö"
    const crlf = bytes.indexOf(0x0d) + 1; // between CR and LF
    setImmediate(() => {
      stdin.write(bytes.subarray(0, split));
      setImmediate(() => {
        stdin.write(bytes.subarray(split, crlf));
        setImmediate(() => stdin.end(bytes.subarray(crlf)));
      });
    });
    const result = await readTargets(list(['-']), stdin);
    assert.deepEqual(result.targets.map(brief), [
      ['xn--bcher-kva.example', 1, ['stdin:1']],
      ['acme.com', 1, ['stdin:2']],
    ]);
  });

  test('Latin-1 text is read, its broken entries reported, and one warning says why', async () => {
    const file = temp.write('latin1.txt', Buffer.from('acme.com\nm\xfcller@b\xfccher.example\n', 'latin1'));
    const result = await readTargets(list([file]), stdinOf());
    assert.deepEqual(result.targets.map(brief), [
      ['acme.com', 1, [`${file}:1`]],
      [null, 1, [`${file}:2`]],
    ]);
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0]!, /1 line has characters that are not valid UTF-8 \(line 2\); save the file as UTF-8$/);
  });

  test('an empty file, and a file of comments only, give no entries (not an error)', async () => {
    const empty = temp.write('empty.txt', '');
    const comments = temp.write('comments.txt', '# nothing yet\n\n   \n');
    const result = await readTargets(list([empty, comments]), stdinOf());
    assert.deepEqual(result, { targets: [], warnings: [], entries: 0, traffic: new Map(), logReading: null });
  });

  test('a 100,000-line file gives the right counts', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      if (i % 10_000 === 0) lines.push('# section');
      lines.push(i % 1000 === 999 ? `broken_${i}.example` : `user${i}@d${i % 500}.Example`);
    }
    const file = temp.write('big.txt', lines.join('\r\n') + '\r\n');
    const result = await readTargets(list([file]), stdinOf());
    assert.equal(result.entries, 100_000);
    assert.equal(result.targets.length, 500 + 100);
    const d0 = result.targets.find((t) => t.domain === 'd0.example')!;
    assert.equal(d0.recipients, 200);
    assert.deepEqual(d0.sources.slice(0, 2), [`${file}:2`, `${file}:502`]);
    const invalid = result.targets.filter((t) => t.domain === null);
    assert.equal(invalid.length, 100);
    assert.deepEqual(invalid[0]!.sources, [`${file}:${999 + 2}`]); // one comment line above, 1-based
    assert.equal(
      result.targets.reduce((sum, t) => sum + t.recipients, 0),
      result.entries,
    );
  });
});
