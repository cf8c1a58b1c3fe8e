import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Chalk } from 'chalk';
import { renderBaselineText } from '../../src/render/baseline.js';
import { summarizeChanges } from '../../src/verdict/changes.js';
import { baselineChange, baselineComparison } from '../factories.js';

const plain = new Chalk({ level: 0 });
const colour = new Chalk({ level: 1 });

const sample = baselineComparison([
  baselineChange({
    domain: 'acme.test',
    setting: 'required',
    before: 'delivered (tls via mx1.acme.com)',
    after: 'not delivered (starttls-not-supported)',
    effect: 'regression',
  }),
  baselineChange({
    domain: 'acme.test',
    kind: 'starttls-lost',
    host: 'mx1.acme.com',
    before: 'offered (1 address)',
    after: 'not offered (1 address)',
    effect: 'regression',
  }),
  baselineChange({
    domain: 'beta.test',
    kind: 'certificate-now-verifies',
    host: 'mx.beta.test',
    before: 'expired',
    after: 'verified',
    effect: 'improvement',
    undetermined: false,
  }),
  baselineChange({
    domain: 'beta.test',
    setting: 'required',
    before: 'undetermined (timeout)',
    after: 'not delivered (starttls-not-supported)',
  }),
  baselineChange({ domain: 'gamma.test', kind: 'mx-added', host: 'mx2.gamma.test', after: 'MX 20' }),
  baselineChange({ domain: 'gamma.test', kind: 'mx-removed', host: 'mx1.gamma.test', before: 'MX 10' }),
  baselineChange({ domain: 'new.test', kind: 'new-domain' }),
]);

describe('summarizeChanges', () => {
  test('counts regressions, improvements and changes that are neither', () => {
    assert.deepEqual(summarizeChanges(sample), { regressions: 2, improvements: 1, other: 4 });
    assert.deepEqual(summarizeChanges(baselineComparison([])), { regressions: 0, improvements: 0, other: 0 });
  });
});

describe('renderBaselineText', () => {
  test('a header with the counts, then one line per change', () => {
    assert.equal(
      renderBaselineText(sample, plain),
      [
        'Changes since prev.json (2025-01-01T00:00:00.000Z): 2 regressions, 1 improvement, 4 other changes',
        '  ✘ acme.test  required: delivered (tls via mx1.acme.com) → not delivered (starttls-not-supported)',
        '  ✘ acme.test  mx1.acme.com STARTTLS lost: offered (1 address) → not offered (1 address)',
        '  ✔ beta.test  mx.beta.test certificate now verifies: expired → verified',
        '  • beta.test  required: undetermined (timeout) → not delivered (starttls-not-supported)',
        '  • gamma.test  mx2.gamma.test MX host added: MX 20',
        '  • gamma.test  mx1.gamma.test MX host removed: was MX 10',
        '  • new.test  new domain (not in the baseline)',
      ].join('\n'),
    );
  });

  test('no changes says so', () => {
    assert.equal(
      renderBaselineText(baselineComparison([]), plain),
      'Changes since prev.json (2025-01-01T00:00:00.000Z): 0 regressions, 0 improvements\n  no changes',
    );
  });

  test('regressions are red, improvements green', () => {
    const lines = renderBaselineText(sample, colour).split('\n');
    assert.ok(lines[1]!.startsWith(`  ${colour.red('✘')} `), lines[1]);
    assert.ok(lines[3]!.startsWith(`  ${colour.green('✔')} `), lines[3]);
  });

  test('strings from the file or a server cannot drive the terminal', () => {
    const hostile = baselineComparison([
      baselineChange({ domain: 'evil\u001b[2J.test', kind: 'mx-added', host: 'mx\r\n\u202eevil', after: 'MX 10\u0007' }),
    ]);
    const text = renderBaselineText({ ...hostile, file: 'a\nb.json', generatedAt: '\u001b]0;title\u0007' }, plain);
    assert.doesNotMatch(text.split('\n').slice(1).join(''), /[\u0000-\u001f\u202e]/);
    assert.equal(text.split('\n').length, 2);
    assert.match(text, /evil\\x1b\[2J\.test/);
    assert.match(text, /mx\\x0d\\x0a\\u\{202e\}evil/);
    assert.match(text, /a\\x0ab\.json/);
  });
});
