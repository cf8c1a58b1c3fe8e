import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXIT, exitCodeFor } from '../../src/cli/exit-codes.js';
import type { DomainResult, SettingVerdict } from '../../src/model/report.js';

function result(domain: string, required: boolean | null): DomainResult {
  const verdict: SettingVerdict = { deliverable: required, transport: required ? 'tls' : null, via: null, viaAddress: null, reasons: [] };
  const ok: SettingVerdict = { ...verdict, deliverable: true, transport: 'plaintext' };
  return {
    input: domain,
    domain,
    dns: { outcome: 'mx', reason: null, message: null },
    mx: [],
    settings: { preferred: ok, required: verdict, 'preferred-verify': ok, 'required-verify': verdict },
    durationMs: 0,
  };
}

test('no gate: always 0', () => {
  assert.equal(exitCodeFor([result('a.t', false)], null, false), EXIT.ok);
});

test('gate: a failing domain exits 1, even next to undetermined ones', () => {
  assert.equal(exitCodeFor([result('a.t', true), result('b.t', false), result('c.t', null)], 'required', false), EXIT.gateFailed);
});

test('gate: undetermined exits 3 unless allowed', () => {
  const results = [result('a.t', true), result('c.t', null)];
  assert.equal(exitCodeFor(results, 'required', false), EXIT.gateUndetermined);
  assert.equal(exitCodeFor(results, 'required', true), EXIT.ok);
});

test('gate judges the named setting only', () => {
  assert.equal(exitCodeFor([result('a.t', false)], 'preferred', false), EXIT.ok);
});
