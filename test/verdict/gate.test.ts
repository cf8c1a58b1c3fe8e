import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EXIT } from '../../src/model/exit-codes.js';
import { evaluateGate, exitCodeFor } from '../../src/verdict/gate.js';
import type { BaselineChange, DomainResult, GateConfig, SettingVerdict } from '../../src/model/report.js';
import type { SettingName } from '../../src/model/settings.js';

function result(domain: string, required: boolean | null, gateSetting: SettingName | null = 'required'): DomainResult {
  const verdict: SettingVerdict = { deliverable: required, transport: required ? 'tls' : null, via: null, viaAddress: null, reasons: [] };
  const ok: SettingVerdict = { ...verdict, deliverable: true, transport: 'plaintext' };
  return {
    input: domain,
    domain,
    dns: { outcome: 'mx', reason: null, message: null },
    mx: [],
    settings: { preferred: ok, required: verdict, 'preferred-verify': ok, 'required-verify': verdict },
    durationMs: 0,
    recipients: 1,
    sources: [],
    gateSetting,
  };
}

const gate = (setting: SettingName, allowUndetermined = false): GateConfig => ({
  setting,
  restrict: null,
  allowUndetermined,
  failOnNoMail: false,
});
const code = (results: DomainResult[], config: GateConfig | null, interrupted: { notChecked: number } | null = null) =>
  exitCodeFor({ results, gate: config, interrupted, baseline: null });

test('no gate: always 0', () => {
  assert.equal(code([result('a.t', false, null)], null), EXIT.ok);
});

test('gate: a failing domain exits 1, even next to undetermined ones', () => {
  assert.equal(code([result('a.t', true), result('b.t', false), result('c.t', null)], gate('required')), EXIT.gateFailed);
});

test('gate: undetermined exits 3 unless allowed', () => {
  const results = [result('a.t', true), result('c.t', null)];
  assert.equal(code(results, gate('required')), EXIT.gateUndetermined);
  assert.equal(code(results, gate('required', true)), EXIT.ok);
});

test('gate: each domain is judged under its own gate setting (--restrict puts unlisted domains under preferred)', () => {
  assert.equal(code([result('listed.t', true), result('unlisted.t', false, 'preferred')], gate('required')), EXIT.ok);
  assert.equal(code([result('listed.t', false), result('unlisted.t', true, 'preferred')], gate('required')), EXIT.gateFailed);
});

test('an interrupted run never passes', () => {
  assert.equal(code([result('a.t', true)], gate('required'), { notChecked: 3 }), EXIT.interrupted);
  assert.equal(code([result('a.t', true)], null, { notChecked: 3 }), EXIT.interrupted);
});

test('a domain that gets no mail under any setting is counted apart, and fails only with failOnNoMail', () => {
  const noMail = result('nullmx.t', false);
  noMail.settings.preferred = { ...noMail.settings.preferred, deliverable: false, transport: null, reasons: ['null-mx'] };
  const results = [result('a.t', true), noMail];
  assert.deepEqual(evaluateGate(results, { setting: 'required', failOnNoMail: false }), {
    setting: 'required',
    failing: [],
    undetermined: [],
    noMail: ['nullmx.t'],
    passed: 1,
  });
  assert.equal(code(results, gate('required')), EXIT.ok);
  assert.equal(code(results, { ...gate('required'), failOnNoMail: true }), EXIT.gateFailed);
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
    assert.equal(exitCodeFor(withBaseline([change(true)], gate('required')), { failOnRegression: true }), EXIT.gateFailed);
    assert.equal(exitCodeFor(withBaseline([change(true)], gate('required', true)), { failOnRegression: true }), EXIT.ok);
    assert.equal(exitCodeFor(withBaseline([change(false)], gate('required', true)), { failOnRegression: true }), EXIT.gateFailed);
  });
});
