/**
 * --only: one view over the report, listed the same way by every format, while the summaries,
 * the impact and the gate keep counting the whole run.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Chalk } from 'chalk';
import { parseCsv } from '../../src/input/csv-parser.js';
import type { DomainResult, GateConfig, Report } from '../../src/model/report.js';
import { FORMATS, renderReport, type Format } from '../../src/render/index.js';
import { exitCodeFor } from '../../src/verdict/gate.js';
import { ONLY_FILTERS, isListed, listResults, standing, type OnlyFilter } from '../../src/verdict/only.js';
import { gated, invalidInput, noStarttls, report, safe, selfSigned, slow } from '../factories.js';
import { htmlDomainNames } from './html-check.js';
import { findAll, parseXml } from './xml-check.js';

const plain = new Chalk({ level: 0 });

function render(whole: Report, format: Format, only: OnlyFilter | null, details = true): string {
  return renderReport(whole, format, { paint: plain, details, only });
}

/** safe, no STARTTLS (fails required), timeout (undetermined), self-signed (fails only the verify settings), an invalid input (gets no mail under any setting: no switch stops it, so never listed as failing). */
const mixed = (): DomainResult[] => [safe(), noStarttls(), slow(), selfSigned(), invalidInput()];
const gate = (overrides: Partial<GateConfig> = {}): GateConfig => ({
  setting: 'required',
  restrict: null,
  allowUndetermined: false,
  failOnNoMail: false,
  ...overrides,
});

/** The domains (or inputs) a rendering lists, per format. */
function listedIn(format: Format, text: string): string[] {
  switch (format) {
    case 'json':
      return (JSON.parse(text) as Report).results.map((result) => result.domain ?? result.input);
    case 'ndjson':
      return (
        text
          .trimEnd()
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as DomainResult & { type?: string })
          // The last line is the report's run-level part, not a listed domain.
          .filter((result) => result.type === undefined)
          .map((result) => result.domain ?? result.input)
      );
    case 'csv':
    case 'csv-wide': {
      const rows = parseCsv(text, ',').slice(1);
      return [...new Set(rows.map((row) => row.fields[1] || row.fields[0]!.replace(/^'/, '')))];
    }
    case 'junit':
      return [...new Set(findAll(parseXml(text), 'testcase').map((c) => c.attributes.name!.replace(/^'/, '')))];
    case 'table':
      return text
        .split('\n')
        .map((line) => /^(\S.*?) {2}[✔!✘?] /.exec(line)?.[1])
        .filter((name) => name !== undefined);
    case 'markdown':
      return text
        .split('\n')
        .filter((line) => line.startsWith('| ') && !line.startsWith('| domain |'))
        .map((line) => line.slice(2, line.indexOf(' | ')).replace(/\\(.)/g, '$1'));
    case 'html':
      return htmlDomainNames(text);
  }
}

describe('the view', () => {
  test('failing, undetermined and at-risk, judged under required without a gate', () => {
    const results = mixed();
    assert.deepEqual(
      results.map((result) => standing(result, 'required')),
      ['passing', 'failing', 'undetermined', 'passing', 'no-mail'],
    );
    const names = (only: OnlyFilter) => listResults(report(results), only).results.map((result) => result.domain ?? result.input);
    assert.deepEqual(names('failing'), ['notls.test']);
    assert.deepEqual(names('undetermined'), ['slow.test']);
    assert.deepEqual(names('at-risk'), ['notls.test', 'slow.test']);
    assert.ok(results.every((result) => isListed(result, null, 'required')));
  });

  test('with a gate, each domain under its gate setting: outside --restrict, preferred', () => {
    const results = gated(mixed(), 'required-verify', ['notls.test']);
    const view = listResults(report(results, { gate: gate({ setting: 'required-verify', restrict: ['x.test'] }) }), 'failing');
    assert.deepEqual(
      view.results.map((result) => result.domain ?? result.input),
      ['selfsigned.test'],
    );
    assert.deepEqual(view.listing, { only: 'failing', setting: 'required-verify', shown: 1, total: 5 });
  });

  test('failing is exactly what fails the gate', () => {
    for (const setting of ['required', 'required-verify', 'preferred'] as const) {
      const results = gated(mixed(), setting);
      const whole = report(results, { gate: gate({ setting }) });
      const failing = listResults(whole, 'failing').results;
      assert.equal(exitCodeFor({ ...whole, results: failing }) === 1, exitCodeFor(whole) === 1, setting);
      for (const result of results) assert.equal(failing.includes(result), exitCodeFor({ ...whole, results: [result] }) === 1);
    }
  });
});

describe('every format lists the view', () => {
  const whole = report(gated(mixed(), 'required'), { gate: gate() });
  const expected: Record<OnlyFilter, string[]> = {
    failing: ['notls.test'],
    undetermined: ['slow.test'],
    'at-risk': ['notls.test', 'slow.test'],
  };

  for (const format of FORMATS) {
    test(`${format}: all five without --only, the filtered ones with each value`, () => {
      // Which domains are listed; the order is each format's own (the table puts those cut off first).
      const sorted = (names: string[]) => [...names].sort();
      assert.deepEqual(
        sorted(listedIn(format, render(whole, format, null))),
        sorted(whole.results.map((result) => result.domain ?? result.input)),
      );
      for (const only of ONLY_FILTERS)
        assert.deepEqual(sorted(listedIn(format, render(whole, format, only))), sorted(expected[only]), only);
    });
  }

  test('the table: the summary and the impact still count all five, and say what is shown', () => {
    for (const details of [true, false]) {
      const text = render(whole, 'table', 'failing', details);
      assert.match(text, /Summary of 5 domains/);
      assert.match(text, /Switching to required stops mail to 1 domain; 1 domain undetermined; 1 domain gets no mail under any setting\./);
      assert.match(text, /Showing 1 of 5 domains \(--only failing\); the summary, the impact and the gate count all 5\./);
    }
    assert.doesNotMatch(render(whole, 'table', null), /Showing/);
  });

  test('the table with nothing to list: no empty table, the summary and the sentence', () => {
    const text = render(report([safe()], { gate: gate() }), 'table', 'failing', false);
    assert.doesNotMatch(text, /│ domain/);
    assert.match(text, /Showing 0 of 1 domain \(--only failing\)/);
  });

  test('JSON: a top-level listing says the list is filtered; without --only the report is unchanged', () => {
    const parsed = JSON.parse(render(whole, 'json', 'at-risk')) as Report & { listing: unknown };
    assert.deepEqual(parsed.listing, { only: 'at-risk', setting: 'required', shown: 2, total: 5 });
    assert.deepEqual(Object.keys(parsed), [...Object.keys(whole), 'listing']);
    assert.deepEqual({ ...parsed, listing: undefined, results: whole.results }, { ...whole, listing: undefined });
    assert.ok(!('listing' in JSON.parse(render(whole, 'json', null))));
    assert.equal(render(whole, 'json', null), renderReport(whole, 'json', { paint: plain, details: true }));
  });

  test('JUnit: every suite says what is shown; Markdown says it under the title and keeps the impact of the whole run', () => {
    const suites = findAll(parseXml(render(report(mixed()), 'junit', 'failing')), 'testsuite');
    assert.equal(suites.length, 4);
    for (const suite of suites) {
      const only = findAll(suite, 'property').find((p) => p.attributes.name === 'only');
      assert.equal(only?.attributes.value, 'showing 1 of 5 domains (--only failing)');
    }
    const text = render(whole, 'markdown', 'failing');
    assert.match(text, /^# tlscheck report\n\nGenerated .* for 5 domains\. Showing 1 of 5 domains \(--only failing\); the summary/);
    assert.match(
      text,
      /\*\*Switching to required stops mail to 1 domain; 1 domain undetermined; 1 domain gets no mail under any setting\.\*\*/,
    );
    assert.deepEqual(
      text
        .split('\n')
        .filter((line) => line.startsWith('### '))
        .map((line) => line.slice(4)),
      ['notls.test'],
    );
  });
});
