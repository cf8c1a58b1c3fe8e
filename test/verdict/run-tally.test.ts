import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { DomainResult } from '../../src/model/report.js';
import { SETTING_NAMES } from '../factories.js';
import { tally } from '../../src/verdict/delivery.js';
import { evaluateGate, exitCodeFor } from '../../src/verdict/gate.js';
import { blockedPortNote } from '../../src/verdict/run-notes.js';
import { RunTally } from '../../src/verdict/run-tally.js';
import {
  cutOffAddress,
  domain,
  failure,
  gateConfig,
  gated,
  invalidInput,
  mxHost,
  noStarttls,
  report,
  safe,
  selfSigned,
  slow,
} from '../factories.js';

const timedOut = (name: string): DomainResult =>
  domain(name, { mx: [mxHost(`mx.${name}`, 10, [cutOffAddress(failure('timeout', 'connect', ''))])] });

/** Every kind of result the factories make, by name. */
const KINDS: Array<(name: string) => DomainResult> = [safe, noStarttls, slow, selfSigned, timedOut, (name) => invalidInput(name)];

const results = fc.array(
  fc.tuple(fc.integer({ min: 0, max: KINDS.length - 1 }), fc.boolean()).map(([kind, unlisted]) => ({ kind, unlisted })),
  { maxLength: 30 },
);

test('fed one result at a time, the tally says what the whole-results functions say: counts, gate, exit code, port note', () => {
  fc.assert(
    fc.property(results, fc.boolean(), (picks, failOnNoMail) => {
      const config = gateConfig({ failOnNoMail });
      const list = picks.map(({ kind, unlisted }, i) => {
        const [result] = gated([KINDS[kind]!(`d${i}.test`)], 'required', unlisted ? [`d${i}.test`] : []);
        return result!;
      });
      const run = new RunTally(config, SETTING_NAMES);
      list.forEach((result) => run.add(result));
      assert.equal(run.checked, list.length);
      for (const name of SETTING_NAMES) assert.deepEqual(run.settings[name], tally(list, name));
      assert.deepEqual(run.gate(), evaluateGate(list, config));
      const whole = report(list, { gate: config });
      assert.equal(exitCodeFor({ ...whole, results: [] }, undefined, run.gate()), exitCodeFor(whole));
      assert.equal(run.blockedPortNote(25), blockedPortNote(list, 25));
    }),
  );
});

test('without a gate there is no gate evaluation', () => {
  const run = new RunTally(null, SETTING_NAMES);
  run.add(safe());
  assert.equal(run.gate(), null);
  assert.equal(run.settings.required.delivered, 1);
});
