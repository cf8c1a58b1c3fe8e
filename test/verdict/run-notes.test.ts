import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainResult } from '../../src/model/report.js';
import { blockedPortNote } from '../../src/verdict/run-notes.js';
import { address, failed, host } from './builders.js';

function domain(name: string, addresses: ReturnType<typeof address>[]): DomainResult {
  const verdict = { deliverable: null, transport: null, via: null, viaAddress: null, reasons: [] };
  return {
    input: name,
    domain: name,
    dns: { outcome: 'mx', reason: null, message: null },
    mx: [host(`mx.${name}`, 10, addresses)],
    settings: { preferred: verdict, required: verdict, 'preferred-verify': verdict, 'required-verify': verdict },
    durationMs: 0,
    recipients: 1,
    sources: [],
    gateSetting: null,
  };
}

const timedOut = () => failed({ phase: 'connect', reason: 'timeout', message: '' }, { connected: false, banner: null, starttls: null });

test('timeouts at connect across three unrelated hosts, nothing connected: port 25 looks blocked', () => {
  const note = blockedPortNote([domain('a.test', [timedOut()]), domain('b.test', [timedOut()]), domain('c.test', [timedOut()])], 25);
  assert.match(note ?? '', /outbound port 25 seems blocked/);
});

test('one successful connection anywhere clears the suspicion', () => {
  const results = [
    domain('a.test', [timedOut()]),
    domain('b.test', [timedOut()]),
    domain('c.test', [timedOut()]),
    domain('d.test', [address()]),
  ];
  assert.equal(blockedPortNote(results, 25), null);
});

test('two hosts down prove nothing', () => {
  assert.equal(blockedPortNote([domain('a.test', [timedOut()]), domain('b.test', [timedOut()])], 25), null);
});
