import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { looksLikeHeader } from '../../src/input/csv-sniff.js';
import { readTargets } from '../../src/input/read-targets.js';
import { Rewindable } from '../../src/input/rewind.js';
import { TempDir, brief, fixture, rejectsWith, stdinOf } from './helpers.js';

const temp = new TempDir();
after(() => temp.cleanup());

const withColumn = (files: string[], column = 'Email') => ({ args: [], files, column });

describe('--column: CSV recognised by its header, plain lists read as lists', () => {
  test('a plain list and a CSV export in one run: the list is read as a list, with a warning', async () => {
    const list = temp.write('domains.txt', '# partners\npartner.org\nacme.com\n');
    const result = await readTargets(withColumn([list, fixture('contacts.csv')]), stdinOf());
    assert.deepEqual(result.targets.map(brief).slice(0, 2), [
      ['partner.org', 2, [`${list}:2`, `${fixture('contacts.csv')}:3`]],
      ['acme.com', 3, [`${list}:3`, `${fixture('contacts.csv')}:2`, `${fixture('contacts.csv')}:4`]],
    ]);
    assert.equal(result.entries, 7);
    assert.equal(
      result.warnings[0],
      `${list}: its first line has no column "Email", so it was read as a plain list (one domain or address per line)`,
    );
  });

  test('a CSV on stdin and a CSV named .txt are recognised by a header with the column (any case)', async () => {
    const txt = temp.write('export.txt', 'Name;E-MAIL\r\nJane;jane@acme.com\r\n');
    const stdin = stdinOf('\ufeffsep=,\nName,e-mail\n"Doe, Bob",bob@partner.org\n');
    const result = await readTargets(withColumn([txt, '-'], 'E-Mail'), stdin);
    assert.deepEqual(result.targets.map(brief), [
      ['acme.com', 1, [`${txt}:2`]],
      ['partner.org', 1, ['stdin:3']],
    ]);
    assert.deepEqual(result.warnings, []);
  });

  test('a plain list on stdin with --column is read whole, first line included', async () => {
    const result = await readTargets(withColumn(['-']), stdinOf('acme.com\nx@partner.org\n'));
    assert.deepEqual(result.targets.map(brief), [
      ['acme.com', 1, ['stdin:1']],
      ['partner.org', 1, ['stdin:2']],
    ]);
    assert.match(result.warnings[0]!, /^stdin: its first line has no column "Email", so it was read as a plain list/);
    const hostile = await readTargets(withColumn(['-'], 'E\u001b[2Jmail'), stdinOf('acme.com\n'));
    assert.match(hostile.warnings[0]!, /^stdin: its first line has no column "E\\x1b\[2Jmail", so/);
  });

  test('a table on stdin without the column is refused like a .csv file, not misread as a list', async () => {
    await rejectsWith(
      readTargets(withColumn(['-'], 'Emial'), stdinOf('Name,Email\nJane,jane@acme.com\n')),
      /^stdin has no column "Emial" in its header \(line 1\); its columns are "Name", "Email"$/,
    );
    const txt = temp.write('dataloader.txt', 'Id,Account.Name,Work Email\n003,Acme,jane@acme.com\n');
    await rejectsWith(readTargets(withColumn([txt]), stdinOf()), /dataloader\.txt has no column "Email"/);
  });

  test('hostile first lines: an open quote, a huge line, list lines with commas; every line is still read', async () => {
    const quote = temp.write('quote.txt', '"unbalanced <x@acme.com> # note\npartner.org\n');
    const huge = temp.write('huge.txt', `${'a'.repeat(200_000)}.example\nacme.com\n`);
    const commas = temp.write('commas.txt', 'acme.com, partner.org\nJane <jane@acme.com>, Bob <bob@acme.com>\nacme.com;\n');
    const result = await readTargets(withColumn([quote, huge, commas]), stdinOf());
    assert.deepEqual(
      result.targets.map((t) => [t.domain, t.sources]),
      [
        ['acme.com', [`${quote}:1`, `${huge}:2`, `${commas}:3`]],
        ['partner.org', [`${quote}:2`]],
        [null, [`${huge}:1`]],
        [null, [`${commas}:1`]],
        [null, [`${commas}:2`]],
      ],
    );
    assert.equal(result.warnings.length, 3);
    assert.ok(result.warnings.every((w) => / so it was read as a plain list/.test(w)));
  });

  test('an empty stdin and a blank file give nothing, and no warning', async () => {
    const blank = temp.write('blank.txt', '\n\r\n');
    assert.deepEqual(await readTargets(withColumn([blank, '-']), stdinOf()), {
      targets: [],
      warnings: [],
      entries: 0,
      traffic: new Map(),
      logReading: null,
    });
  });
});

describe('looksLikeHeader', () => {
  const header = (...names: string[]) => ({ names, line: 1, unterminated: false });
  const cases: [string[], boolean][] = [
    [['Name', 'Email'], true],
    [['Id', 'Account.Name', 'Email'], true],
    [['', 'Email', ''], true],
    [['Email'], false], // one field: a list line as much as a header
    [['acme.com', ' partner.org'], false],
    [['Jane <jane@acme.com>', ' Bob'], false],
    [['# owner: ops', ' updated 2024'], false],
    [['', '', ''], false],
  ];
  for (const [names, expected] of cases) {
    test(JSON.stringify(names), () => assert.equal(looksLikeHeader(header(...names)), expected));
  }
  test('an unterminated first row is no header', () => {
    assert.equal(looksLikeHeader({ names: ['Name', 'Email'], line: 1, unterminated: true }), false);
  });
});

describe('Rewindable', () => {
  async function* chunks(parts: string[]): AsyncGenerator<string> {
    yield* parts;
  }
  async function collect(text: AsyncIterable<string>, limit = Infinity): Promise<string> {
    let out = '';
    for await (const chunk of text) {
      out += chunk;
      if (out.length >= limit) break;
    }
    return out;
  }

  test('after a look of any length, the whole text reads from its first character', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 5 }), { maxLength: 10 }), fc.nat(60), async (parts, look) => {
        const text = new Rewindable(chunks(parts));
        await collect(text.peek(), look);
        assert.equal(await collect(text.rewind()), parts.join(''));
      }),
    );
  });
});
