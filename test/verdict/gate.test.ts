import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXIT } from '../../src/model/exit-codes.js';
import { exitCodeFor } from '../../src/verdict/gate.js';
import type { DomainResult, GateConfig } from '../../src/model/report.js';
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
