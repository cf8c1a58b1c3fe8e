import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { CsvParser, MAX_FIELD_CHARS, detectDelimiter, parseCsv, type CsvRecord, type Delimiter } from '../../src/input/csv-parser.js';
import { openInput } from '../../src/input/open-input.js';

const fields = (records: CsvRecord[]) => records.map((r) => r.fields);
const lines = (records: CsvRecord[]) => records.map((r) => r.line);

describe('CsvParser', () => {
  test('quoted fields hold delimiters, doubled quotes and line breaks', () => {
    const records = parseCsv('a,"b,c","say ""hi""","x\r\ny\nz"\r\nlast,row\n', ',');
    assert.deepEqual(fields(records), [
      ['a', 'b,c', 'say "hi"', 'x\r\ny\nz'],
      ['last', 'row'],
    ]);
    // The second record starts on physical line 4: the first one spans lines 1-3.
    assert.deepEqual(lines(records), [1, 4]);
    assert.deepEqual(
      records.map((r) => r.endLine),
      [3, 4],
    );
  });

  test('CRLF, LF and lone CR all end records; no record after the final line break', () => {
    assert.deepEqual(fields(parseCsv('a\r\nb\nc\rd\r\n', ',')), [['a'], ['b'], ['c'], ['d']]);
    assert.deepEqual(fields(parseCsv('a,b', ',')), [['a', 'b']]);
    assert.deepEqual(parseCsv('', ','), []);
  });

  test('empty lines are blank records; an empty quoted field is not blank', () => {
    const records = parseCsv('a\n\n""\n,\n', ',');
    assert.deepEqual(fields(records), [['a'], [''], [''], ['', '']]);
    assert.deepEqual(
      records.map((r) => r.blank),
      [false, true, false, false],
    );
    assert.deepEqual(lines(records), [1, 2, 3, 4]);
  });

  test('semicolon and tab delimiters; a comma is then data', () => {
    assert.deepEqual(fields(parseCsv('a,b;"c;d"\n', ';')), [['a,b', 'c;d']]);
    assert.deepEqual(fields(parseCsv('a,b\t"c\td"\n', '\t')), [['a,b', 'c\td']]);
  });

  test('sloppy quoting is kept as text, not lost', () => {
    assert.deepEqual(fields(parseCsv('ab"c,"d"e,f\n', ',')), [['ab"c', 'de', 'f']]);
  });

  test('a quote never closed costs its own line only: the lines after it are parsed again', () => {
    const records = parseCsv('h\nok\n"open,\nmore\nstill\n', ',');
    assert.deepEqual(fields(records), [['h'], ['ok'], ['open,'], ['more'], ['still']]);
    assert.deepEqual(
      records.map((r) => r.unterminated),
      [false, false, true, false, false],
    );
    assert.deepEqual(lines(records), [1, 2, 3, 4, 5]);
    assert.equal(records[2]!.endLine, 3);
  });

  test('the fields before the open quote are kept; a CRLF after it is one line break', () => {
    const records = parseCsv('a,b,"c\r\nd,e\r\n\r\nf\r\n', ',');
    assert.deepEqual(fields(records), [['a', 'b', 'c'], ['d', 'e'], [''], ['f']]);
    assert.deepEqual(
      records.map((r) => [r.line, r.endLine, r.unterminated, r.blank]),
      [
        [1, 1, true, false],
        [2, 2, false, false],
        [3, 3, false, true],
        [4, 4, false, false],
      ],
    );
  });

  test('an open quote on the last line, without a line break after it', () => {
    const records = parseCsv('h\nx,"open', ',');
    assert.deepEqual(fields(records), [['h'], ['x', 'open']]);
    assert.deepEqual(
      records.map((r) => [r.line, r.endLine, r.unterminated]),
      [
        [1, 1, false],
        [2, 2, true],
      ],
    );
  });

  test('a quoted field running on past the span cap is given up before the end of the input', () => {
    const parser = new CsvParser(',', MAX_FIELD_CHARS, 12);
    const early = parser.push('h\n"open\nr1\nr2\nr3\nr4\nr5\n');
    // Given up once 13 characters after line 2 were read, without waiting for the end.
    assert.deepEqual(fields(early), [['h'], ['open'], ['r1'], ['r2'], ['r3'], ['r4'], ['r5']]);
    const records = [...early, ...parser.push('r6\n"ok\nstill ok",x\n'), ...parser.end()];
    assert.deepEqual(fields(records), [['h'], ['open'], ['r1'], ['r2'], ['r3'], ['r4'], ['r5'], ['r6'], ['ok\nstill ok', 'x']]);
    assert.deepEqual(lines(records), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(records.filter((r) => r.unterminated).length, 1);
  });

  test('a multi-line field within the span cap is data, however many lines it has', () => {
    const note = Array.from({ length: 2000 }, (_, i) => `note line ${i}`).join('\n');
    const records = parseCsv(`Notes,Email\n"${note}",a@b.example\nx,c@d.example\n`, ',');
    assert.deepEqual(
      records.map((r) => [r.line, r.fields[1], r.unterminated]),
      [
        [1, 'Email', false],
        [2, 'a@b.example', false],
        [2002, 'c@d.example', false],
      ],
    );
  });

  test('a field longer than the cap is cut and the record flagged', () => {
    const parser = new CsvParser(',', 10);
    const records = [...parser.push(`${'x'.repeat(25)},short\n`), ...parser.end()];
    assert.deepEqual(fields(records), [['x'.repeat(10), 'short']]);
    assert.equal(records[0]!.overlong, true);
  });

  test('a CRLF split across chunks is one line break', () => {
    const parser = new CsvParser(',');
    const records = [...parser.push('a,"b\r'), ...parser.push('\nc"\r'), ...parser.push('\nd\r'), ...parser.push('\n'), ...parser.end()];
    assert.deepEqual(fields(records), [['a', 'b\r\nc'], ['d']]);
    assert.deepEqual(lines(records), [1, 3]);
  });
});

describe('detectDelimiter', () => {
  const cases: [string, Delimiter][] = [
    ['Name,Email,City\n', ','],
    ['Name;Email;City\r\n', ';'],
    ['Name\tEmail\tCity', '\t'],
    ['"Doe, Jane";"Email";"City"\n', ';'], // commas inside quotes do not count
    ['Email\na;b;c;d;e\n', ','], // only the header line counts
    ['Email', ','],
    ['a,b;c\n', ','], // a tie goes to ','
  ];
  for (const [text, expected] of cases) {
    test(JSON.stringify(text), () => assert.equal(detectDelimiter(text), expected));
  }
});

/** Characters that stress the format, plus ordinary and astral text. */
const cellArb = fc
  .array(
    fc.oneof(fc.constantFrom(',', ';', '\t', '"', '\r', '\n', '\r\n', ' ', 'é', '😀', '\ufeff', 'a@b.c'), fc.string({ maxLength: 4 })),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));
const tableArb = fc.array(fc.array(cellArb, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });

/** RFC 4180 writing: a field is quoted when it must be (or when `always`), quotes doubled. */
function writeCsv(
  table: string[][],
  delimiter: Delimiter,
  eol: string,
  trailing: boolean,
  always: boolean,
): { text: string; starts: number[] } {
  let text = '';
  const starts: number[] = [];
  table.forEach((row, r) => {
    starts.push(text.length);
    text += row
      .map((field) => {
        // A lone empty field would be an empty line; a leading U+FEFF would read as a byte order mark.
        const must = /["\r\n]/.test(field) || field.includes(delimiter) || field.startsWith('\ufeff') || (row.length === 1 && field === '');
        return must || always ? `"${field.replaceAll('"', '""')}"` : field;
      })
      .join(delimiter);
    if (r < table.length - 1 || trailing) text += eol;
  });
  return { text, starts };
}

/** Cuts bytes at the given offsets (any offsets, even inside a UTF-8 sequence). */
function cut(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  return chunks.filter((c) => c.length > 0);
}

describe('CSV round trip (fast-check)', () => {
  test('any table written with RFC 4180 quoting reads back the same, in any chunking of the bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        tableArb,
        fc.constantFrom<Delimiter>(',', ';', '\t'),
        fc.constantFrom('\r\n', '\n'),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 7 })),
        async (generated, delimiter, eol, trailing, always, bom, offsets, long, step) => {
          // A long first row pushes the rest past the sniffed head, onto the later-chunks path.
          const table = long ? [['p'.repeat(9000)], ...generated] : generated;
          const { text, starts } = writeCsv(table, delimiter, eol, trailing, always);
          const bytes = Buffer.concat([Buffer.from(bom ? '\ufeff' : ''), Buffer.from(text, 'utf8')]);
          // Through the real input path: byte chunks -> sniffing and UTF-8 decoding -> parser.
          // Tiny pieces cut every multi-byte character; past the long row only, to stay quick.
          const from = long ? 9000 : 0;
          const pieces = Array.from({ length: Math.ceil((bytes.length - from) / (step ?? 1)) }, (_, i) => from + i * (step ?? 1));
          const chunks = cut(bytes, step === null ? offsets : pieces);
          const input = await openInput('-', Readable.from(chunks));
          const parser = new CsvParser(delimiter);
          const records: CsvRecord[] = [];
          for await (const chunk of input.text) records.push(...parser.push(chunk));
          records.push(...parser.end());
          assert.deepEqual(fields(records), table);
          const expectedLines = starts.map((s) => 1 + (text.slice(0, s).match(/\r\n|\r|\n/g)?.length ?? 0));
          assert.deepEqual(lines(records), expectedLines);
          assert.ok(records.every((r) => !r.unterminated && !r.blank));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('string chunks cut at every offset give the same records', () => {
    const text = 'Name;Email\r\n"Doe; ""J"""; "j@a.example"\r\n"multi\r\nline";x@b.example\n\n;\r';
    const whole = parseCsv(text, ';');
    for (let i = 0; i <= text.length; i++) {
      for (const j of [i, Math.min(text.length, i + 1), Math.min(text.length, i + 7)]) {
        const parser = new CsvParser(';');
        const records = [
          ...parser.push(text.slice(0, i)),
          ...parser.push(text.slice(i, j)),
          ...parser.push(text.slice(j)),
          ...parser.end(),
        ];
        assert.deepEqual(records, whole, `cut at ${i}/${j}`);
      }
    }
  });

  test('with quotes never closed (at the end, and past the span cap), any cut gives the same records', () => {
    const text = 'Name,Email\r\n"Doe, J\r\nj@a.example\r\nx,"multi\nline",y\r"open\nb@c.example\n';
    const parse = (parts: string[]) => {
      const parser = new CsvParser(',', MAX_FIELD_CHARS, 9);
      return [...parts.flatMap((part) => parser.push(part)), ...parser.end()];
    };
    const whole = parse([text]);
    assert.deepEqual(
      whole.map((r) => [r.line, r.unterminated]),
      [
        [1, false],
        [2, true],
        [3, false],
        [4, false],
        [6, true],
        [7, false],
      ],
    );
    for (let i = 0; i <= text.length; i++) {
      for (const j of [i, Math.min(text.length, i + 1), Math.min(text.length, i + 5)]) {
        assert.deepEqual(parse([text.slice(0, i), text.slice(i, j), text.slice(j)]), whole, `cut at ${i}/${j}`);
      }
    }
  });
});

describe('every physical line is in exactly one record (fast-check)', () => {
  const pieceArb = fc.constantFrom('a', 'x@y.example', ',', ';', '"', '""', ' ', '\r', '\n', '\r\n', 'é');
  test('records follow each other line by line, from line 1 to the last line, whatever the quoting', () => {
    fc.assert(
      fc.property(fc.array(pieceArb, { maxLength: 80 }), fc.integer({ min: 1, max: 30 }), (parts, span) => {
        const text = parts.join('');
        const parser = new CsvParser(',', MAX_FIELD_CHARS, span);
        const records = [...parser.push(text), ...parser.end()];
        const breaks = text.match(/\r\n|\r|\n/g)?.length ?? 0;
        const lastLine = /[\r\n]$/.test(text) || text === '' ? breaks : breaks + 1;
        let next = 1;
        for (const record of records) {
          assert.equal(record.line, next);
          assert.ok(record.endLine >= record.line);
          if (record.unterminated) assert.equal(record.endLine, record.line);
          next = record.endLine + 1;
        }
        assert.equal(next - 1, lastLine);
      }),
      { numRuns: 500 },
    );
  });
});
