import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCsv } from '../../src/input/csv-parser.js';
import { SETTING_NAMES } from '../factories.js';
import { csvCell, renderCsv } from '../../src/render/csv.js';
import { csvWideColumns, renderCsvWide } from '../../src/render/csv-wide.js';
import { SALESFORCE } from '../../src/model/profiles/index.js';

const CSV_WIDE_COLUMNS = csvWideColumns(SALESFORCE);
import { FORMULA, HOSTILE, delivered, gated, invalidInput, noStarttls, report, safe, selfSigned, slow, mxHost } from '../factories.js';

/** The rows as objects keyed by column name. */
function rows(text: string): Array<Record<string, string>> {
  const records = parseCsv(text, ',');
  assert.deepEqual(records[0]!.fields, [...CSV_WIDE_COLUMNS]);
  return records.slice(1).map((record) => {
    assert.equal(record.fields.length, CSV_WIDE_COLUMNS.length, `line ${record.line}`);
    return Object.fromEntries(CSV_WIDE_COLUMNS.map((column, i) => [column, record.fields[i]!]));
  });
}

describe('renderCsvWide', () => {
  const hostile = noStarttls('evil.test', {
    input: `user@evil.test,${FORMULA}`,
    sources: ['list "a".csv:3', 'list.csv:9'],
    recipients: 12,
  });
  hostile.settings.preferred = { ...hostile.settings.preferred, via: `mx.evil.test${HOSTILE}` };
  const results = [safe(), hostile, slow(), selfSigned(), invalidInput()];

  test('columns: who, then per setting the verdict, transport, via and why, then the gate setting, MX hosts and sources', () => {
    const perSetting = SETTING_NAMES.flatMap((name) => [name, `${name}_transport`, `${name}_via`, `${name}_why`]);
    assert.deepEqual([...CSV_WIDE_COLUMNS], ['input', 'domain', 'recipients', ...perSetting, 'gate_setting', 'mx', 'sources']);
  });

  test('one row per domain in report order, CRLF after every record (RFC 4180)', () => {
    const text = renderCsvWide(report(results));
    assert.ok(text.endsWith('\r\n'));
    assert.doesNotMatch(text, /[^\r]\n/);
    assert.deepEqual(
      rows(text).map((row) => row.domain),
      ['safe.test', 'evil.test', 'slow.test', 'selfsigned.test', ''],
    );
  });

  test('yes / no / undetermined per setting, with transport, via and the reasons in words', () => {
    const [good, evil, timeout, self, invalid] = rows(renderCsvWide(report(results)));
    assert.deepEqual(
      SETTING_NAMES.map((name) => [good![name], good![`${name}_transport`]]),
      [
        ['yes', 'tls'],
        ['yes', 'tls'],
        ['yes', 'verified-tls'],
        ['yes', 'verified-tls'],
      ],
    );
    assert.equal(good!['required_via'], 'mx.example.test');
    assert.deepEqual(
      [evil!.required, evil!.required_transport, evil!.required_via, evil!.required_why],
      ['no', '', '', 'STARTTLS not offered'],
    );
    assert.deepEqual([timeout!.required, timeout!.required_why], ['undetermined', 'timed out (retry later)']);
    assert.deepEqual([self!.preferred, self!['required-verify'], self!['required-verify_why']], ['yes', 'no', 'self-signed certificate']);
    assert.deepEqual([invalid!.preferred, invalid!.mx], ['no', '']);
  });

  test('input, recipients, MX hosts (preference order) and sources', () => {
    const twoMx = safe('twomx.test', { mx: [mxHost('mx1.twomx.test', 10, []), mxHost('mx2.twomx.test', 20, [])] });
    const [row] = rows(renderCsvWide(report([twoMx])));
    assert.equal(row!.mx, 'mx1.twomx.test mx2.twomx.test');
    const evil = rows(renderCsvWide(report(results)))[1]!;
    assert.equal(evil.input, `user@evil.test,${FORMULA}`);
    assert.equal(evil.recipients, '12');
    assert.equal(evil.sources, 'list "a".csv:3 list.csv:9');
  });

  test('every cell is formula-safe and sanitised exactly like the long form (csvCell)', () => {
    const text = renderCsvWide(report(results));
    const evil = rows(text)[1]!;
    assert.equal(
      evil.preferred_via,
      `mx.evil.test\\x1b[31mred\\x1b[0m\\x00|pipe|</testcase><x a='1'>&amp;]]>\\u{202e}evil @everyone [link](http://x) \`code\` $x$ \\u{d800} \\u{ffff}\\x0d\\x0anext`,
    );
    assert.equal(rows(text)[4]!.input, `'${FORMULA}`);
    const hostileLine = text.split('\r\n')[2]!;
    assert.ok(hostileLine.startsWith(`${csvCell(`user@evil.test,${FORMULA}`)},evil.test,12,`));
  });

  test('non-ASCII text is kept as UTF-8 text (the BOM is the sink’s business, not the renderer’s)', () => {
    const text = renderCsvWide(report([safe('xn--bcher-kva.example', { input: 'Jürgen <j@bücher.example>' })]));
    assert.ok(!text.startsWith('\ufeff'));
    assert.equal(rows(text)[0]!.input, 'Jürgen <j@bücher.example>');
  });

  test('gate_setting: empty without a gate; with --restrict the setting each domain is judged under', () => {
    assert.ok(rows(renderCsvWide(report(results))).every((row) => row.gate_setting === ''));
    const gate = { setting: 'required' as const, restrict: ['safe.test'], allowUndetermined: false, failOnNoMail: false };
    const text = renderCsvWide(report(gated([safe(), noStarttls()], 'required', ['notls.test']), { gate }));
    assert.deepEqual(
      rows(text).map((row) => row.gate_setting),
      ['required', 'preferred'],
    );
  });

  test('a delivered verdict keeps the reasons of the MX hosts tried before it, as the long form does', () => {
    const later = safe('later.test');
    later.settings.required = delivered('tls', 'mx2.later.test', ['starttls-not-supported']);
    const [row] = rows(renderCsvWide(report([later])));
    assert.deepEqual([row!.required, row!.required_via, row!.required_why], ['yes', 'mx2.later.test', 'STARTTLS not offered']);
    const long = parseCsv(renderCsv(report([later])), ',')[2]!.fields;
    assert.ok(long.includes('STARTTLS not offered'));
  });
});
