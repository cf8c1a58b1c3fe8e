import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaselineError, loadBaseline, parseBaseline } from '../../src/baseline/load.js';
import { compareReports } from '../../src/verdict/changes.js';
import { MAX_PROBLEMS } from '../../src/baseline/validate.js';
import type { Report } from '../../src/model/report.js';
import {
  address,
  baselineChange,
  baselineComparison,
  certificate,
  cutOffAddress,
  domain,
  failure,
  gateConfig,
  invalidInput,
  mxHost,
  noStarttlsAddress,
  notDelivered,
  report,
  undetermined,
} from '../factories.js';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tlscheck-baseline-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Asserts loading fails with a BaselineError whose message is one line matching `pattern`. */
function assertOneLineError(load: () => unknown, pattern: RegExp): void {
  assert.throws(load, (error: unknown) => {
    assert.ok(error instanceof BaselineError, `expected a BaselineError, got ${String(error)}`);
    assert.match(error.message, pattern);
    assert.doesNotMatch(error.message, /[\n\r]/);
    return true;
  });
}

const richReport = (): Report =>
  report(
    [
      domain('acme.test', {
        mx: [
          mxHost('mx1.acme.test', 10, [address(), cutOffAddress(failure(), { address: '2001:db8::1', family: 6 })]),
          mxHost('mx2.acme.test', 20, [noStarttlsAddress({ address: '192.0.2.2' })]),
        ],
      }),
      domain('bad.test', {
        mx: [
          mxHost('mx.bad.test', 5, [
            address({ address: '192.0.2.9', certificate: certificate({ trusted: false, trustError: 'expired', daysLeft: -3 }) }),
          ]),
        ],
        settings: { 'required-verify': notDelivered('certificate-expired') },
      }),
      domain('slow.test', {
        mx: [mxHost('mx.slow.test', 10, [cutOffAddress()])],
        settings: { preferred: undetermined('timeout'), required: undetermined('timeout') },
      }),
      invalidInput('not a domain!', {
        dns: { outcome: 'invalid-input', reason: 'invalid-input', message: 'character "!" is not allowed' },
      }),
    ],
    {
      notes: ['a note'],
      gate: gateConfig({ restrict: ['*.acme.test'] }),
      interrupted: { notChecked: 2 },
      baseline: baselineComparison([baselineChange({ domain: 'acme.test', kind: 'mx-added', host: 'mx2.acme.test', after: 'MX 20' })], {
        file: 'older.json',
        generatedAt: '2024-12-01T00:00:00.000Z',
      }),
    },
  );

describe('loadBaseline: errors are one line', () => {
  test('missing file', () => {
    assertOneLineError(() => loadBaseline(join(dir, 'nope.json')), /^baseline file not found: .*nope\.json$/);
  });

  test('a control character in the path does not break the line', () => {
    assertOneLineError(() => loadBaseline(join(dir, 'evil\nname\u001b[31m.json')), /not found: .*evil\\x0aname\\x1b\[31m\.json/);
  });

  test('a directory', () => {
    assertOneLineError(() => loadBaseline(dir), /is a directory, not a file/);
  });

  test('unreadable file', { skip: process.getuid?.() === 0 ? 'root reads any file' : false }, () => {
    const path = write('locked.json', JSON.stringify(report([])));
    chmodSync(path, 0o000);
    assertOneLineError(() => loadBaseline(path), /cannot be read: permission denied/);
  });

  test('not JSON, including an empty file', () => {
    assertOneLineError(
      () => loadBaseline(write('garbage.json', 'domain,verdict\nacme.test,ok\n')),
      /^baseline .*garbage\.json is not JSON: /,
    );
    assertOneLineError(() => loadBaseline(write('empty.json', '')), /is not JSON: .*end of JSON/i);
  });

  test('JSON that is not a tlscheck report', () => {
    for (const text of ['[]', 'null', '42', '{"results": []}', '{"schemaVersion": 1}', '{"schemaVersion": 1, "results": {}}']) {
      assertOneLineError(
        () => parseBaseline(text, 'x.json'),
        /^baseline x\.json is not a tlscheck report \(no schemaVersion\/results\); write one with tlscheck --format json$/,
      );
    }
  });

  test('another schemaVersion names the supported one', () => {
    assertOneLineError(
      () => parseBaseline('{"schemaVersion": 2, "results": []}', 'new.json'),
      /^baseline new\.json has schemaVersion 2; this tlscheck reads schemaVersion 1 only$/,
    );
    assertOneLineError(
      () => parseBaseline('{"schemaVersion": "1", "results": []}', 'str.json'),
      /has schemaVersion "1"; this tlscheck reads schemaVersion 1/,
    );
    // The version is checked before the shape of results: a later schema may differ there.
    assertOneLineError(() => parseBaseline('{"schemaVersion": 3, "results": {"a": 1}}', 'v3.json'), /has schemaVersion 3/);
  });
});

describe('loadBaseline: tolerant reading', () => {
  test('a byte-order mark is accepted', () => {
    const loaded = parseBaseline(`\ufeff${JSON.stringify(report([domain('acme.test')]))}`, 'bom.json');
    assert.equal(loaded.report.results.length, 1);
    assert.equal(loaded.skipped, 0);
  });

  test('an older file without the later fields gets their defaults', () => {
    const old = JSON.parse(JSON.stringify(report([domain('acme.test'), domain('beta.test')]))) as Record<string, unknown> & {
      results: Record<string, unknown>[];
    };
    for (const key of ['gate', 'interrupted', 'baseline']) delete old[key];
    for (const result of old.results) for (const key of ['recipients', 'sources', 'gateSetting']) delete result[key];
    const loaded = parseBaseline(JSON.stringify(old), 'old.json');
    assert.equal(loaded.skipped, 0);
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.report.gate, null);
    assert.equal(loaded.report.interrupted, null);
    assert.equal(loaded.report.baseline, null);
    const first = loaded.report.results[0]!;
    assert.equal(first.recipients, 1);
    assert.deepEqual(first.sources, []);
    assert.equal(first.gateSetting, null);
    // Compared with a current run of the same domains, the missing fields cause no change.
    assert.deepEqual(compareReports(loaded.report, report([domain('acme.test'), domain('beta.test')]), 'old.json').changes, []);
  });

  test('malformed entries are skipped and counted, with where and why', () => {
    const good = domain('good.test');
    const badPort = domain('port.test', { mx: [mxHost('mx.port.test', 10, [address({ port: '25' as unknown as number })])] });
    const badReason = domain('reason.test', { settings: { required: notDelivered('no-such-reason' as never) } });
    const badRecipients = { ...domain('recip.test'), recipients: 'three' };
    const missingSetting = domain('settings.test') as unknown as { settings: Record<string, unknown> };
    delete missingSetting.settings['required-verify'];
    const file = {
      ...report([]),
      results: [good, 42, null, { domain: 7 }, badPort, badReason, badRecipients, missingSetting, domain('also-good.test')],
    };
    const loaded = parseBaseline(JSON.stringify(file), 'edited.json');
    assert.deepEqual(
      loaded.report.results.map((r) => r.domain),
      ['good.test', 'also-good.test'],
    );
    assert.equal(loaded.skipped, 7);
    assert.equal(loaded.problems.length, MAX_PROBLEMS);
    assert.deepEqual(loaded.problems.slice(0, 5), [
      'results[1]: expected an object',
      'results[2]: expected an object',
      'results[3].input: expected a string',
      'results[4].mx[0].addresses[0].port: expected a number',
      'results[5].settings.required.reasons[0]: expected a tlscheck reason code',
    ]);
  });

  test('wrong types in run-wide fields the comparison ignores are dropped, not fatal', () => {
    const file = {
      ...report([domain('acme.test')]),
      generatedAt: 12,
      notes: 'x',
      gate: 'required',
      interrupted: [],
      baseline: { file: 1 },
    };
    const loaded = parseBaseline(JSON.stringify(file), 'odd.json');
    assert.equal(loaded.skipped, 0);
    assert.equal(loaded.report.generatedAt, 'unknown');
    assert.deepEqual(loaded.report.notes, []);
    assert.equal(loaded.report.gate, null);
    assert.equal(loaded.report.interrupted, null);
    assert.equal(loaded.report.baseline, null);
  });

  test('unknown extra keys (even __proto__) are dropped', () => {
    const text = JSON.stringify(report([domain('acme.test')])).replace('"input":', '"__proto__": {"polluted": true}, "extra": 1, "input":');
    const loaded = parseBaseline(text, 'extra.json');
    const result = loaded.report.results[0]! as unknown as Record<string, unknown>;
    assert.equal(loaded.skipped, 0);
    assert.equal(Object.hasOwn(result, 'extra'), false);
    assert.equal(Object.hasOwn(result, '__proto__'), false);
    assert.equal((result as { polluted?: unknown }).polluted, undefined);
  });
});

describe('JSON round trip', () => {
  test('a report written as JSON loads back equal and compares with no changes against itself', () => {
    const original = richReport();
    const path = write('round-trip.json', `${JSON.stringify(original, null, 2)}\n`);
    const loaded = loadBaseline(path);
    assert.equal(loaded.skipped, 0);
    assert.deepEqual(loaded.report, original);
    const comparison = compareReports(loaded.report, original, path);
    assert.deepEqual(comparison, { file: path, generatedAt: original.generatedAt, changes: [] });
  });
});

describe('parseBaseline: result kind', () => {
  test('a file written before relays (no kind) reads as domain results', () => {
    const text = JSON.stringify({ ...report([domain('old.test')]), results: [{ ...domain('old.test'), kind: undefined }] });
    const loaded = parseBaseline(text, 'old.json');
    assert.equal(loaded.skipped, 0);
    assert.equal(loaded.report.results[0]?.kind, 'domain');
  });
});
