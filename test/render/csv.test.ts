import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseCsv } from '../../src/input/csv-parser.js';
import { sanitize } from '../../src/text/sanitize.js';
import { CSV_COLUMNS, csvCell, renderCsv } from '../../src/render/csv.js';
import { FORMULA, HOSTILE, gateConfig, gated, invalidInput, noStarttls, report, safe, selfSigned, slow } from '../factories.js';

/** The cell as a reader gets it back: RFC 4180-parsed on its own. */
function readBack(cell: string): string {
  if (cell === '') return ''; // an empty line holds no record at all
  const records = parseCsv(cell, ',');
  assert.equal(records.length, 1, cell);
  assert.equal(records[0]!.fields.length, 1, cell);
  return records[0]!.fields[0]!;
}

describe('csvCell', () => {
  test('plain text stays as is', () => {
    assert.equal(csvCell('acme.com'), 'acme.com');
    assert.equal(csvCell(''), '');
  });

  test('commas and quotes are quoted, quotes doubled (RFC 4180 §2.6-2.7)', () => {
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(readBack(csvCell('say "hi", twice')), 'say "hi", twice');
  });

  test('formula starters get a leading apostrophe (OWASP CSV injection)', () => {
    assert.equal(csvCell(FORMULA), `'${FORMULA}`);
    for (const start of ['=', '+', '-', '@']) assert.equal(readBack(csvCell(`${start}1+1`)), `'${start}1+1`);
    assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
  });

  test('control characters are made visible first: no raw TAB, CR or LF, and no formula behind them', () => {
    assert.equal(csvCell('\t=1+1'), '\\x09=1+1');
    assert.equal(csvCell('\r\n=1'), '\\x0d\\x0a=1');
    assert.equal(csvCell('a\u0000b\u001b[31m'), 'a\\x00b\\x1b[31m');
  });

  test('long values are not cut (this is data)', () => {
    assert.equal(csvCell('x'.repeat(5000)).length, 5000);
  });

  test('property: any text reads back as one field that is neither a formula nor a control character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        const back = readBack(csvCell(text));
        const visible = sanitize(text, Number.POSITIVE_INFINITY);
        assert.ok(back === visible || back === `'${visible}`);
        assert.doesNotMatch(back, /^[=+\-@\t\r]/);
        assert.doesNotMatch(back, /[\u0000-\u001f\u007f-\u009f]/);
      }),
    );
  });
});

describe('renderCsv', () => {
  const hostileVia = noStarttls('evil.test', {
    input: `user@evil.test,${FORMULA}`,
    sources: ['list "a".csv:3', 'list.csv:9'],
    recipients: 12,
  });
  hostileVia.settings.preferred = { ...hostileVia.settings.preferred, via: `mx.evil.test${HOSTILE}` };
  const results = [safe(), hostileVia, slow(), selfSigned(), invalidInput()];

  test('CRLF after every record, one header then one row per domain and setting', () => {
    const text = renderCsv(report(results));
    assert.ok(text.endsWith('\r\n'));
    assert.doesNotMatch(text, /[^\r]\n/);
    const records = parseCsv(text, ',');
    assert.deepEqual(records[0]!.fields, [...CSV_COLUMNS]);
    assert.equal(records.length, 1 + results.length * 4);
    for (const record of records) assert.equal(record.fields.length, CSV_COLUMNS.length);
  });

  test('values round-trip (sanitised, formula-safe) and columns hold the verdicts', () => {
    const rows = parseCsv(renderCsv(report(results)), ',')
      .slice(1)
      .map((record) => Object.fromEntries(CSV_COLUMNS.map((column, i) => [column, record.fields[i]!])));
    const evil = rows.filter((row) => row.domain === 'evil.test');
    assert.deepEqual(
      evil.map((row) => row.setting),
      ['preferred', 'required', 'preferred-verify', 'required-verify'],
    );
    assert.equal(evil[0]!.input, `user@evil.test,${FORMULA}`);
    assert.equal(evil[0]!.recipients, '12');
    assert.equal(evil[0]!.sources, 'list "a".csv:3 list.csv:9');
    assert.equal(
      evil[0]!.via,
      `mx.evil.test\\x1b[31mred\\x1b[0m\\x00|pipe|</testcase><x a='1'>&amp;]]>\\u{202e}evil @everyone [link](http://x) \`code\` $x$ \\u{d800} \\u{ffff}\\x0d\\x0anext`,
    );
    assert.deepEqual([evil[0]!.deliverable, evil[0]!.transport, evil[0]!.via_address], ['yes', 'plaintext', '192.0.2.1']);
    assert.deepEqual(
      [evil[1]!.deliverable, evil[1]!.transport, evil[1]!.via, evil[1]!.reasons, evil[1]!.why],
      ['no', '', '', 'starttls-not-supported', 'STARTTLS not offered'],
    );
    const slowRow = rows.find((row) => row.domain === 'slow.test' && row.setting === 'required')!;
    assert.equal(slowRow.deliverable, 'undetermined');
    const invalid = rows.find((row) => row.domain === '' && row.setting === 'preferred')!;
    assert.equal(invalid.input, `'${FORMULA}`);
    assert.equal(invalid.sources, 'contacts.csv:7');
    assert.equal(invalid.reasons, 'invalid-input');
  });

  test('"applies": every row without a gate; with a gate only the setting each domain is judged under', () => {
    const column = CSV_COLUMNS.indexOf('applies');
    const applies = (text: string) =>
      parseCsv(text, ',')
        .slice(1)
        .map((record) => record.fields[column]);
    assert.ok(applies(renderCsv(report(results))).every((cell) => cell === 'yes'));
    const gate = gateConfig({ restrict: ['safe.test'] });
    const text = renderCsv(report(gated([safe(), noStarttls()], 'required', ['notls.test']), { gate }));
    assert.deepEqual(applies(text), ['', 'yes', '', '', 'yes', '', '', '']);
  });

  test('reasons are codes joined by a space and why is the sentences joined by "; "', () => {
    const both = noStarttls('two.test');
    both.settings.required = { ...both.settings.required, reasons: ['starttls-not-supported', 'timeout'] };
    const record = parseCsv(renderCsv(report([both])), ',')[2]!;
    assert.equal(record.fields[CSV_COLUMNS.indexOf('reasons')], 'starttls-not-supported timeout');
    assert.equal(record.fields[CSV_COLUMNS.indexOf('why')], 'STARTTLS not offered; timed out (retry later)');
  });
});
