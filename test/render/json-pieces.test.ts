import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonPieces, safeJson } from '../../src/render/json.js';
import { listResults } from '../../src/verdict/only.js';
import { gateConfig, invalidInput, noStarttls, report, safe, selfSigned, slow } from '../factories.js';

test('the json report written in pieces is, byte for byte, JSON.stringify of the report with indent 2', () => {
  const hostile = safe('x.test', { input: 'a "results": "\u0000results" \u009b\u202e' });
  const results = [safe(), noStarttls(), slow(), selfSigned(), invalidInput(), hostile];
  for (const whole of [report(results), report(results, { gate: gateConfig(), notes: ['"results": []'] }), report([])]) {
    assert.equal([...jsonPieces(whole)].join(''), `${safeJson(whole, 2)}\n`);
    const view = listResults(whole, 'failing');
    const filtered = { ...whole, results: view.results, listing: view.listing };
    assert.equal([...jsonPieces(whole, view)].join(''), `${safeJson(filtered, 2)}\n`);
  }
  assert.ok([...jsonPieces(report(results))].length > results.length, 'one piece per result, at least');
});
