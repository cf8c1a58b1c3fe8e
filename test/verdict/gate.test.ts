import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXIT } from '../../src/model/exit-codes.js';
import { exitCodeFor } from '../../src/verdict/gate.js';
import type { DomainResult, GateConfig, SettingVerdict } from '../../src/model/report.js';
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

const gate = (setting: SettingName, allowUndetermined = false): GateConfig => ({ setting, restrict: null, allowUndetermined });
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
