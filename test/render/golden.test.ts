/**
 * Golden outputs with an injected clock (STYLE.md practice 11).
 *
 * fixtures/golden/report.json is one realistic report: the demo world run with
 * `--require required`, the clock fixed at 2026-01-02T03:04:05.000Z, and what a live run cannot
 * reproduce normalised (ports, durations; see normalizeLiveReport in golden-report.ts). That
 * stored report is rendered into every format and compared byte for byte with
 * fixtures/golden/demo.* (table with details and compact, json, ndjson, csv, csv-wide, junit, markdown, html).
 * A live run of the demo world must still produce the stored report, so it cannot drift from
 * what the code really does.
 *
 * A missing or different file fails, naming the first differing line. When the change is
 * intended, regenerate (after `npx tsc -p tsconfig.json`), then review `git diff fixtures/golden`:
 *
 *   UPDATE_GOLDEN=1 node --test dist/test/render/golden.test.js
 *
 * Nothing is ever rewritten without UPDATE_GOLDEN=1.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { EXIT } from '../../src/model/exit-codes.js';
import type { Report } from '../../src/model/report.js';
import { renderJson } from '../../src/render/json.js';
import { renderNdjson } from '../../src/render/ndjson.js';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import {
  FIXED_DATE,
  GOLDEN_DIR,
  GOLDEN_RENDERS,
  REPORT_FILE,
  UPDATE_COMMAND,
  firstDifference,
  liveDemoReport,
  readStored,
  reportText,
  writeIfChanged,
  type LiveRun,
} from './golden-report.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const HOW_TO_UPDATE = `if the change is intended: ${UPDATE_COMMAND}, then review git diff fixtures/golden`;

/** The stored report; a missing file fails with the command that creates it. */
function storedReport(): Report {
  const text = readStored(REPORT_FILE);
  assert.ok(text !== null, `missing ${REPORT_FILE}; create it with ${UPDATE_COMMAND}`);
  return JSON.parse(text) as Report;
}

describe('the golden report is what the demo world really produces', () => {
  let live: LiveRun;

  before(async () => {
    live = await liveDemoReport();
    if (UPDATE) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeIfChanged(REPORT_FILE, reportText(live.report));
    }
  });

  test('a live run, normalised, equals fixtures/golden/report.json (byte for byte, so field order counts too)', () => {
    const stored = readStored(REPORT_FILE);
    assert.ok(stored !== null, `missing ${REPORT_FILE}; create it with ${UPDATE_COMMAND}`);
    const difference = firstDifference(stored, reportText(live.report));
    if (difference !== null) assert.fail(`the live demo report differs from ${REPORT_FILE}: ${difference}\n${HOW_TO_UPDATE}`);
  });

  test('the run is the realistic one: fixed clock, the required gate fails, every demo domain in input order', () => {
    const scenario = loadScenario(join(fixturesDir(), 'scenarios', 'demo.json'));
    assert.equal(live.exitCode, EXIT.gateFailed);
    assert.equal(live.report.generatedAt, FIXED_DATE.toISOString());
    assert.deepEqual(live.report.gate, { setting: 'required', restrict: null, allowUndetermined: false, failOnNoMail: false });
    assert.deepEqual(
      live.report.results.map((result) => result.input),
      scenario.domains.map((entry) => entry.domain),
    );
  });
});

describe('every format of the stored report matches its golden file byte for byte', () => {
  for (const { file, render } of GOLDEN_RENDERS) {
    test(file, (t) => {
      const path = join(GOLDEN_DIR, file);
      const actual = render(storedReport());
      if (UPDATE) {
        if (writeIfChanged(path, actual)) t.diagnostic(`rewrote ${path}`);
        return;
      }
      const expected = readStored(path);
      assert.ok(expected !== null, `missing ${path}; create it with ${UPDATE_COMMAND}`);
      const difference = firstDifference(expected, actual);
      if (difference !== null) assert.fail(`${file} no longer matches the rendering of ${REPORT_FILE}: ${difference}\n${HOW_TO_UPDATE}`);
    });
  }

  test('fixtures/golden holds exactly the stored report and these outputs (no stale files)', () => {
    const expected = ['.gitattributes', 'report.json', ...GOLDEN_RENDERS.map((entry) => entry.file)].sort();
    assert.deepEqual(readdirSync(GOLDEN_DIR).sort(), expected);
  });
});

describe('machine formats round-trip', () => {
  test('JSON.parse(renderJson(report)) is the report', () => {
    const report = storedReport();
    assert.deepEqual(JSON.parse(renderJson(report)), report);
  });

  test('every NDJSON line parses to the result at its position, then one report line with the rest', () => {
    const report = storedReport();
    const text = renderNdjson(report);
    assert.ok(text.endsWith('\n'), 'the last line is terminated');
    const lines = text.slice(0, -1).split('\n');
    assert.equal(lines.length, report.results.length + 1);
    lines.slice(0, -1).forEach((line, index) => assert.deepEqual(JSON.parse(line), report.results[index], `line ${index + 1}`));
    const { results, ...runLevel } = report;
    assert.deepEqual(JSON.parse(lines.at(-1)!), { type: 'report', ...runLevel, resultLines: results.length });
  });
});
