import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderNdjson, renderNdjsonLine } from '../../src/render/ndjson.js';
import { HOSTILE, invalidInput, noStarttls, report, safe, selfSigned, slow } from '../factories.js';

const results = [safe(), noStarttls(), slow(), selfSigned(), invalidInput()];

test('one line per result, each parsing back to exactly that result', () => {
  const text = renderNdjson(report(results));
  assert.ok(text.endsWith('\n'));
  const lines = text.slice(0, -1).split('\n');
  assert.equal(lines.length, results.length);
  lines.forEach((line, i) => assert.deepEqual(JSON.parse(line), results[i]));
});

test('every line is a DomainResult: no summary or header line, run-level fields stay out', () => {
  const text = renderNdjson(report(results, { notes: ['a note'], interrupted: { notChecked: 3 } }));
  for (const line of text.trimEnd().split('\n')) {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    assert.ok('settings' in parsed && 'input' in parsed, line);
    assert.ok(!('notes' in parsed) && !('interrupted' in parsed));
  }
  assert.equal(renderNdjson(report([])), '');
});

test('renderNdjsonLine is the streaming form of the same line', () => {
  assert.equal(renderNdjson(report(results)), results.map(renderNdjsonLine).join(''));
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
