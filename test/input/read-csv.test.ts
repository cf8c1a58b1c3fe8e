import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_QUOTED_SPAN } from '../../src/input/csv-parser.js';
import { readTargets } from '../../src/input/read-targets.js';
import { TempDir, brief, fixture, rejectsWith, stdinOf } from './helpers.js';

const temp = new TempDir();
after(() => temp.cleanup());

const csv = (files: string[], column: string, args: string[] = []) => ({ args, files, column });

describe('CSV exports (--column)', () => {
  test('a contacts report: quoted commas, doubled quotes, multi-line cells, empty and short rows, a footer', async () => {
    const file = fixture('contacts.csv');
    const result = await readTargets(csv([file], 'email'), stdinOf());
    const at = (...lines: number[]) => lines.map((n) => `${file}:${n}`);
    assert.deepEqual(result.targets.map(brief), [
      ['acme.com', 2, at(2, 4)],
      ['partner.org', 1, at(3)],
      [null, 1, at(8)],
      ['xn--bcher-kva.example', 1, at(9)], // line 9: the record on line 4 spans lines 4-6
    ]);
    assert.equal(result.targets[1]!.input, 'John Smith <JOHN@partner.org>');
    assert.match(result.targets[2]!.error!, /"_" is not allowed/);
    assert.equal(result.entries, 5);
    assert.deepEqual(result.warnings, [`${file}: 4 rows have an empty Email cell (lines 7, 10, 12, 13); 3 of them end before that column`]);
  });

  test('the column is matched case-insensitively, after trimming', async () => {
    for (const column of ['Email', 'EMAIL', '  email ']) {
      const result = await readTargets(csv([fixture('contacts.csv')], column), stdinOf());
      assert.equal(result.entries, 5, column);
    }
    const padded = temp.write('padded.csv', ' Name , E-Mail \nJane, jane@acme.com \n');
    const result = await readTargets(csv([padded], 'e-mail'), stdinOf());
    assert.deepEqual(result.targets.map(brief), [['acme.com', 1, [`${padded}:2`]]]);
  });

  test('semicolon delimiter with a BOM and CRLF (a European spreadsheet export)', async () => {
    const text = '\ufeffName;Email;Company\r\n"Doe; Jane";jane@acme.com;"Acme, Inc."\r\nBob;"Bob <bob@Partner.org>";Partner\r\n';
    const file = temp.write('eu.csv', text);
    const result = await readTargets(csv([file], 'Email'), stdinOf());
    assert.deepEqual(result.targets.map(brief), [
      ['acme.com', 1, [`${file}:2`]],
      ['partner.org', 1, [`${file}:3`]],
    ]);
  });

  test('a tab-separated export, and an Excel "sep=;" line', async () => {
    const tsv = temp.write('contacts.tsv', 'Name\tEmail\nJane, Doe\tjane@acme.com\n');
    assert.deepEqual(
      (await readTargets(csv([tsv], 'Email'), stdinOf())).targets.map((t) => t.domain),
      ['acme.com'],
    );
    const sep = temp.write('sep.csv', 'sep=;\r\nName;Email\r\nJane,Doe;jane@acme.com\r\n');
    const result = await readTargets(csv([sep], 'Email'), stdinOf());
    assert.deepEqual(result.targets.map(brief), [['acme.com', 1, [`${sep}:3`]]]);
  });

  test('line numbers stay right across multi-line records and blank lines', async () => {
    const text = 'Notes,Email\n"line one\nline two\n\nline four",a@one.example\n\n"x\r\ny",b@two.example\r\nz,"c@three.example"';
    const file = temp.write('multi.csv', text);
    const result = await readTargets(csv([file], 'Email'), stdinOf());
    assert.deepEqual(result.targets.map(brief), [
      ['one.example', 1, [`${file}:2`]],
      ['two.example', 1, [`${file}:7`]],
      ['three.example', 1, [`${file}:9`]],
    ]);
  });

  test('an unterminated quote costs its own row only: the row is invalid with its line, the next rows are read', async () => {
    // Before: lines 3-4 became one invalid entry and kim@x.example was lost.
    const file = temp.write('open.csv', 'Name,Email\nJane,jane@acme.com\n"Bob,bob@partner.org\nKim,kim@x.example\n');
    const result = await readTargets(csv([file], 'Email'), stdinOf());
    assert.deepEqual(result.targets.map(brief), [
      ['acme.com', 1, [`${file}:2`]],
      [null, 1, [`${file}:3`]],
      ['x.example', 1, [`${file}:4`]],
    ]);
    assert.equal(result.targets[1]!.input, 'Bob,bob@partner.org');
    assert.equal(
      result.targets[1]!.error,
      `line 3 opens a quoted field that is never closed (a '"' is missing), so its cell cannot be read`,
    );
    assert.equal(result.entries, 3);
    assert.deepEqual(result.warnings, [
      `${file}: 1 row has a quoted field that is never closed (line 3): no '"' before the end of the input or within 131,072 characters; each was read as that line alone, and reading went on at the next line`,
    ]);
  });

  test('500 contacts with one unclosed quote: 499 read, 1 invalid with its line', async () => {
    const rows = Array.from({ length: 500 }, (_, i) =>
      i === 2 ? `"Contact ${i},c${i}@d${i}.example,x` : `Contact ${i},c${i}@d${i}.example,x`,
    );
    const file = temp.write('five-hundred.csv', `Name,Email,Note\r\n${rows.join('\r\n')}\r\n`);
    const result = await readTargets(csv([file], 'Email'), stdinOf());
    assert.equal(result.entries, 500);
    assert.equal(result.targets.length, 500);
    const invalid = result.targets.filter((t) => t.domain === null);
    assert.deepEqual(invalid.map(brief), [[null, 1, [`${file}:4`]]]);
    assert.deepEqual(
      result.targets.map((t) => t.sources[0]),
      rows.map((_, i) => `${file}:${i + 2}`),
    );
  });

  test('a quote left open in a long file is given up after the span cap, and every later row is read', async () => {
    const rows = Array.from({ length: 4000 }, (_, i) => `Contact number ${i},c${i}@d${i}.example`);
    rows[10] = `Contact "number 10,c10@d10.example`; // a stray quote mid-field is text, not an opening
    rows[20] = `"Contact number 20,c20@d20.example`; // this one opens a field that never closes
    assert.ok(rows.slice(21).join('\n').length > MAX_QUOTED_SPAN);
    const file = temp.write('long.csv', `Name,Email\n${rows.join('\n')}\n`);
    const result = await readTargets(csv([file], 'Email'), stdinOf());
    assert.equal(result.entries, 4000);
    assert.deepEqual(
      result.targets.filter((t) => t.domain === null).map((t) => t.sources),
      [[`${file}:22`]],
    );
    assert.equal(result.targets[3999]!.domain, 'd3999.example');
  });

  test('a quote left open after the column: the cell is read, the row is named in the warning', async () => {
    const file = temp.write('open-note.csv', 'Email,Note\njane@acme.com,"never closed\nbob@partner.org,fine\n');
    const result = await readTargets(csv([file], 'Email'), stdinOf());
    assert.deepEqual(result.targets.map(brief), [
      ['acme.com', 1, [`${file}:2`]],
      ['partner.org', 1, [`${file}:3`]],
    ]);
    assert.match(result.warnings[0]!, /1 row has a quoted field that is never closed \(line 2\)/);
  });

  test('a missing column is an InputError listing the columns (sanitised, cut)', async () => {
    await rejectsWith(
      readTargets(csv([fixture('contacts.csv')], 'Mail'), stdinOf()),
      /contacts\.csv has no column "Mail" in its header \(line 1\); its columns are "First Name", "Last Name", "Account Name", "Email", "Mailing City"$/,
    );
    const hostile = temp.write('hostile.csv', `"evil\u001b[31m\nname",${'x'.repeat(100)}\na,b\n`);
    await rejectsWith(readTargets(csv([hostile], 'Email'), stdinOf()), /its columns are "evil\\x1b\[31m\\x0aname", "x{40}… \(60 more\)"$/);
    const wide = temp.write('wide.csv', Array.from({ length: 40 }, (_, i) => `c${i}`).join(',') + '\n');
    await rejectsWith(readTargets(csv([wide], 'Email'), stdinOf()), /"c29" and 10 more$/);
  });

  test('a .csv file without --column is an InputError naming the columns and suggesting one', async () => {
    await rejectsWith(
      readTargets({ args: [], files: [fixture('contacts.csv')], column: null }, stdinOf()),
      /contacts\.csv is a CSV file: name the column that holds the addresses with --column \(e\.g\. --column "Email"\); its columns are "First Name", .*"Mailing City"$/,
    );
    const upper = temp.write('LIST.CSV', 'Domain\nacme.com\n');
    await rejectsWith(readTargets({ args: [], files: [upper], column: null }, stdinOf()), /LIST\.CSV is a CSV file: .*--column "Domain"/);
  });

  test('an empty CSV, and a header without rows, give no entries', async () => {
    const empty = temp.write('empty.csv', '');
    const header = temp.write('header.csv', 'Name,Email\r\n');
    assert.deepEqual(await readTargets(csv([empty, header], 'Email'), stdinOf()), {
      targets: [],
      warnings: [],
      entries: 0,
      traffic: new Map(),
      logReading: null,
    });
    assert.deepEqual(await readTargets({ args: [], files: [empty], column: null }, stdinOf()), {
      targets: [],
      warnings: [],
      entries: 0,
      traffic: new Map(),
      logReading: null,
    });
  });

  test('a header with an unterminated quote is an InputError', async () => {
    const file = temp.write('broken-header.csv', '"Name,Email\njane@acme.com\n');
    await rejectsWith(readTargets(csv([file], 'Email'), stdinOf()), /header \(line 1\) opens a quoted field that is never closed$/);
  });

  test('a repeated column name: the first is used, with a warning', async () => {
    const file = temp.write('twice.csv', 'Email,Name,email\na@one.example,x,b@two.example\n');
    const result = await readTargets(csv([file], 'EMAIL'), stdinOf());
    assert.deepEqual(
      result.targets.map((t) => t.domain),
      ['one.example'],
    );
    assert.deepEqual(result.warnings, [`${file}: 2 columns are named "Email" (columns 1, 3); using column 1`]);
  });

  test('CSV from stdin, mixed with arguments', async () => {
    const stdin = stdinOf('Email\njane@acme.com\n\n"Bob <bob@acme.com>"\n');
    const result = await readTargets(csv(['-'], 'Email', ['acme.com']), stdin);
    assert.deepEqual(result.targets.map(brief), [['acme.com', 3, ['argument 1', 'stdin:2', 'stdin:4']]]);
  });

  test('cells that are not addresses are invalid entries with their line, not domains to look up', async () => {
    const file = temp.write(
      'dirty.csv',
      'Name,Email\nCarol,carol@@bad\nNone,not-an-email\nDoe,jane doe@acme.com\nTBD,n/a\nOk,ok@acme.com\nIDN,jörg@bücher.example\n',
    );
    const result = await readTargets(csv([file], 'Email'), stdinOf());
    assert.deepEqual(
      result.targets.map((t) => [t.domain, t.sources, t.error?.replace(/ \(.*/, '')]),
      [
        [null, [`${file}:2`], 'more than one "@" in the address'],
        [null, [`${file}:3`], '"not-an-email" has no dot, so it is not a mail domain'],
        [null, [`${file}:4`], 'has spaces, so it is not one address'],
        [null, [`${file}:5`], 'character "/" is not allowed in a mail domain'],
        ['acme.com', [`${file}:6`], undefined],
        ['xn--bcher-kva.example', [`${file}:7`], undefined],
      ],
    );
  });

  test('rows with more fields than the header (an unquoted delimiter shifts the cells) are named in a warning', async () => {
    const file = temp.write('shifted.csv', 'Name,Website,Email\nDoe, Jane,acme.com,jane@partner.org\nBob,b.example,bob@b.example,,\n');
    const result = await readTargets(csv([file], 'Email'), stdinOf());
    // Line 3's extra fields are empty (a trailing delimiter): not a shift.
    assert.deepEqual(
      result.targets.map((t) => t.domain),
      ['acme.com', 'b.example'],
    );
    assert.deepEqual(result.warnings, [
      `${file}: 1 row has more fields than the header's 3 (line 2): a delimiter in an unquoted cell shifts the cells after it, so the Email cell of such a row may not be its address`,
    ]);
  });

  test('a cell with several addresses is one invalid entry', async () => {
    const file = temp.write('several.csv', 'Email\n"jane@acme.com; bob@partner.org"\n');
    const result = await readTargets(csv([file], 'Email'), stdinOf());
    assert.deepEqual(
      result.targets.map((t) => [t.domain, t.error]),
      [[null, 'holds more than one address or domain; give one per cell']],
    );
  });
});
