import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReportFile } from '../../src/baseline/report-file.js';
import { renderNdjson, renderNdjsonEnd, renderNdjsonLine } from '../../src/render/ndjson.js';
import { listResults } from '../../src/verdict/only.js';
import { HOSTILE, invalidInput, noStarttls, report, safe, selfSigned, slow } from '../factories.js';

const results = [safe(), noStarttls(), slow(), selfSigned(), invalidInput()].map((result, position) => ({ ...result, position }));

test('one line per result, each parsing back to exactly that result, then the report line', () => {
  const text = renderNdjson(report(results));
  assert.ok(text.endsWith('\n'));
  const lines = text.slice(0, -1).split('\n');
  assert.equal(lines.length, results.length + 1);
  lines.slice(0, -1).forEach((line, i) => assert.deepEqual(JSON.parse(line), results[i]));
});

test('the last line holds the run-level fields, and only it has a type', () => {
  const whole = report(results, { notes: ['a note'], interrupted: { notChecked: 3 } });
  const lines = renderNdjson(whole)
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  for (const line of lines.slice(0, -1)) assert.ok('settings' in line && !('type' in line) && !('notes' in line));
  const { results: _results, ...runLevel } = whole;
  assert.deepEqual(lines.at(-1), { type: 'report', ...runLevel, resultLines: results.length });
  assert.equal(renderNdjson(report([])), renderNdjsonEnd(report([]), 0));
});

test('with --only the report line says which are listed, and counts the listed lines', () => {
  const whole = report(results);
  const view = listResults(whole, 'undetermined');
  const lines = renderNdjson(whole, view).trimEnd().split('\n');
  assert.equal(lines.length, view.results.length + 1);
  const end = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
  assert.deepEqual([end.resultLines, end.listing], [view.results.length, view.listing]);
});

test('renderNdjsonLine and renderNdjsonEnd are the streaming form of the same text', () => {
  const whole = report(results);
  assert.equal(renderNdjson(whole), results.map(renderNdjsonLine).join('') + renderNdjsonEnd(whole, results.length));
});

test('read back, an NDJSON report is the report it was rendered from; a file cut short is refused', () => {
  const whole = report(results, { notes: ['a note'] });
  const text = renderNdjson(whole);
  const loaded = parseReportFile(text, 'r.ndjson');
  assert.deepEqual(loaded.report, whole);
  assert.deepEqual([loaded.skipped, loaded.listed], [0, false]);
  // A JSON report of one line is told from an NDJSON file by its `results`.
  assert.deepEqual(parseReportFile(JSON.stringify(whole), 'r.json').report, whole);
  const cut = text.split('\n').slice(0, 2).join('\n');
  assert.throws(() => parseReportFile(cut, 'r.ndjson'), /report r\.ndjson has no report line at its end/);
  const lost = text.split('\n').slice(1).join('\n');
  assert.throws(() => parseReportFile(lost, 'r.ndjson'), /holds 4 result lines, but its report line says 5/);
});

test('hostile server text: no raw control, C1, bidi or line-separator character, and the value round-trips', () => {
  const nasty = `${HOSTILE}\u009b31m\u007f\u2028\u2029\u200f`;
  const result = noStarttls('nasty.test', { dns: { outcome: 'mx', reason: null, message: nasty } });
  const line = renderNdjsonLine(result);
  assert.equal(line.indexOf('\n'), line.length - 1);
  assert.doesNotMatch(line.slice(0, -1), /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e]/);
  assert.match(line, /\\u009b31m/);
  assert.deepEqual(JSON.parse(line), result);
});
