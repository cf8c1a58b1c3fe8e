import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EXIT } from '../../src/model/exit-codes.js';
import { evaluateGate, exitCodeFor } from '../../src/verdict/gate.js';
import { NAMED_DOMAINS } from '../../src/verdict/named-domains.js';
import type { BaselineChange, DomainResult, GateConfig } from '../../src/model/report.js';
import type { SettingName } from '../../src/model/settings.js';
import { delivered, domain, gateConfig, notDelivered, undetermined } from '../factories.js';

/** A domain delivered under the preferred settings; under the required ones as `required` says (null: undetermined). */
function result(name: string, required: boolean | null, gateSetting: SettingName | null = 'required'): DomainResult {
  const verdict = required === null ? undetermined() : required ? delivered('tls') : notDelivered();
  return domain(name, { gateSetting, settings: { required: verdict, 'required-verify': verdict } });
}

const code = (results: DomainResult[], config: GateConfig | null, interrupted: { notChecked: number } | null = null) =>
  exitCodeFor({ results, gate: config, interrupted, baseline: null });

test('no gate: always 0', () => {
  assert.equal(code([result('a.t', false, null)], null), EXIT.ok);
});

test('gate: a failing domain exits 1, even next to undetermined ones', () => {
  assert.equal(code([result('a.t', true), result('b.t', false), result('c.t', null)], gateConfig()), EXIT.gateFailed);
});

test('gate: undetermined exits 3 unless allowed', () => {
  const results = [result('a.t', true), result('c.t', null)];
  assert.equal(code(results, gateConfig()), EXIT.gateUndetermined);
  assert.equal(code(results, gateConfig({ allowUndetermined: true })), EXIT.ok);
});

test('gate: each domain is judged under its own gate setting (--restrict puts unlisted domains under preferred)', () => {
  assert.equal(code([result('listed.t', true), result('unlisted.t', false, 'preferred')], gateConfig()), EXIT.ok);
  assert.equal(code([result('listed.t', false), result('unlisted.t', true, 'preferred')], gateConfig()), EXIT.gateFailed);
});

test('an interrupted run never passes', () => {
  assert.equal(code([result('a.t', true)], gateConfig(), { notChecked: 3 }), EXIT.interrupted);
  assert.equal(code([result('a.t', true)], null, { notChecked: 3 }), EXIT.interrupted);
});

test('a domain that gets no mail under any setting is counted apart, and fails only with failOnNoMail', () => {
  const noMail = result('nullmx.t', false);
  noMail.settings.preferred = { ...noMail.settings.preferred, deliverable: false, transport: null, reasons: ['null-mx'] };
  const results = [result('a.t', true), noMail];
  assert.deepEqual(evaluateGate(results, { setting: 'required', failOnNoMail: false }), {
    setting: 'required',
    failing: 0,
    stopped: { count: 0, first: [] },
    undetermined: { count: 0, first: [] },
    noMail: { count: 1, first: ['nullmx.t'] },
    passed: 1,
  });
  assert.equal(evaluateGate(results, { setting: 'required', failOnNoMail: true }).failing, 1);
  assert.equal(code(results, gateConfig()), EXIT.ok);
  assert.equal(code(results, gateConfig({ failOnNoMail: true })), EXIT.gateFailed);
});

describe('--fail-on-regression', () => {
  const change = (undetermined: boolean): BaselineChange => ({
    domain: 'a.t',
    kind: 'verdict-changed',
    setting: 'required',
    host: null,
    before: 'delivered (tls)',
    after: undetermined ? 'undetermined (timeout)' : 'not delivered (starttls-not-supported)',
    regression: true,
    effect: 'regression',
    undetermined,
  });
  const withBaseline = (changes: BaselineChange[], config: GateConfig | null) => ({
    results: [result('a.t', true)],
    gate: config,
    interrupted: null,
    baseline: { file: 'old.json', generatedAt: '2025-01-01T00:00:00.000Z', changes },
  });

  test('a regression fails the run only when asked', () => {
    assert.equal(exitCodeFor(withBaseline([change(false)], null)), EXIT.ok);
    assert.equal(exitCodeFor(withBaseline([change(false)], null), { failOnRegression: true }), EXIT.gateFailed);
  });

  test('a regression to undetermined does not fail it when --allow-undetermined is given', () => {
    assert.equal(exitCodeFor(withBaseline([change(true)], gateConfig()), { failOnRegression: true }), EXIT.gateFailed);
    assert.equal(exitCodeFor(withBaseline([change(true)], gateConfig({ allowUndetermined: true })), { failOnRegression: true }), EXIT.ok);
    assert.equal(
      exitCodeFor(withBaseline([change(false)], gateConfig({ allowUndetermined: true })), { failOnRegression: true }),
      EXIT.gateFailed,
    );
  });
});

test('the gate keeps counts and the first few names in input order, not a list of every domain', () => {
  // 1,000 failing domains arriving in completion order (here: the reverse of the input).
  const failing = Array.from({ length: 1000 }, (_, i) => ({ ...result(`d${i}.t`, false), position: i })).reverse();
  const gate = evaluateGate(failing, { setting: 'required', failOnNoMail: false });
  assert.equal(gate.failing, 1000);
  assert.deepEqual(gate.stopped, { count: 1000, first: ['d0.t', 'd1.t', 'd2.t', 'd3.t', 'd4.t'] });
  assert.equal(gate.stopped.first.length, NAMED_DOMAINS);
});
