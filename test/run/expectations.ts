/**
 * Holding a checked domain to what its scenario entry expects (fixtures/scenarios/*.json): the
 * verdict per setting, and the MX host that carries the mail under `required` where stated.
 */
import assert from 'node:assert/strict';
import type { DomainResult } from '../../src/model/report.js';
import { SETTING_NAMES } from '../factories.js';
import type { DomainExpectation } from '../../src/world/scenario.js';

/**
 * A verdict in the words of a scenario's `expect`: its transport when delivered, else
 * "not-delivered" or "undetermined". Takes a parsed JSON line as well as a SettingVerdict.
 */
export function outcome(verdict: { deliverable: boolean | null; transport: string | null }): string {
  if (verdict.deliverable === null) return 'undetermined';
  return verdict.deliverable ? (verdict.transport as string) : 'not-delivered';
}

/** Asserts every setting's outcome, all in one comparison, then `via` when the entry names it. */
export function assertExpected(result: DomainResult, expect: DomainExpectation): void {
  const got = Object.fromEntries(SETTING_NAMES.map((name) => [name, outcome(result.settings[name])]));
  const want = Object.fromEntries(SETTING_NAMES.map((name) => [name, expect[name]]));
  assert.deepEqual(got, want);
  if (expect.via !== undefined) assert.equal(result.settings.required.via, expect.via);
}
