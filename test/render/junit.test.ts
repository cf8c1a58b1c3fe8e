import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DomainResult } from '../../src/model/report.js';
import { SETTING_NAMES } from '../factories.js';
import { renderJunit, xml } from '../../src/render/junit.js';
import { tally } from '../../src/verdict/delivery.js';
import { HOSTILE, gateConfig, gated, invalidInput, noStarttls, report, safe, selfSigned, slow } from '../factories.js';
import { findAll, parseXml, type XmlElement } from './xml-check.js';

/** safe, no STARTTLS (hostile banner), timeout (hostile message), self-signed, a formula as input, and one unlisted under --restrict. */
function mixed(): DomainResult[] {
  const unlisted = noStarttls('unlisted.test', { durationMs: 1500 });
  return gated([safe(), noStarttls(), slow(), selfSigned(), invalidInput(), unlisted], 'required', ['unlisted.test']);
}

function counts(element: XmlElement) {
  const { tests, failures, errors, skipped } = element.attributes;
  return { tests: Number(tests), failures: Number(failures), errors: Number(errors), skipped: Number(skipped) };
}

/** What the suite's children really hold, to compare with its attributes. */
function actual(suite: XmlElement) {
  const cases = suite.children.filter((child) => child.name === 'testcase');
  const has = (kind: string) => cases.filter((c) => c.children.some((child) => child.name === kind)).length;
  return { tests: cases.length, failures: has('failure'), errors: has('error'), skipped: has('skipped') };
}

function testcase(root: XmlElement, name: string): XmlElement {
  const found = findAll(root, 'testcase').find((c) => c.attributes.name === name);
  assert.ok(found, `no testcase ${name}`);
  return found;
}

describe('the checker used below', () => {
  test('rejects what is not well-formed', () => {
    for (const bad of [
      '<a>',
      '<a></b>',
      '<a>x & y</a>',
      '<a>]]></a>',
      '<a b="<"/>',
      '<a b="1" b="2"/>',
      '<a>\u0001</a>',
      '<a>\ud800</a>',
      '<a/><b/>',
      '<a>&nbsp;</a>',
      '<a>&#0;</a>',
    ]) {
      assert.throws(() => parseXml(bad), Error, bad);
    }
    assert.equal(parseXml('<?xml version="1.0"?>\n<a x="&lt;&#10;"><b/>t&amp;</a>\n').attributes.x, '<\n');
  });
});

describe('renderJunit with a gate', () => {
  test('one suite; a domain is judged under its gateSetting; counts match the cases', () => {
    const root = parseXml(renderJunit(report(mixed(), { gate: gateConfig() })));
    assert.equal(root.name, 'testsuites');
    const suites = findAll(root, 'testsuite');
    assert.equal(suites.length, 1);
    const suite = suites[0]!;
    assert.equal(suite.attributes.name, 'tlscheck: would mail be delivered under required');
    assert.deepEqual(counts(suite), { tests: 6, failures: 2, errors: 1, skipped: 0 });
    assert.deepEqual(counts(suite), actual(suite));
    assert.deepEqual(counts(root), counts(suite));
    assert.equal(testcase(root, 'safe.test').children.length, 0);
    assert.equal(testcase(root, 'selfsigned.test').children.length, 0);
    const unlisted = testcase(root, 'unlisted.test (outside --restrict: judged under preferred)');
    assert.equal(unlisted.attributes.classname, 'tlscheck.preferred');
    assert.equal(unlisted.children.length, 0);
    assert.equal(testcase(root, 'notls.test').attributes.classname, 'tlscheck.required');
  });

  test('a failure says why in one line, typed by the first reason, with the MX details in the body', () => {
    const root = parseXml(renderJunit(report(mixed(), { gate: gateConfig() })));
    const failure = testcase(root, 'notls.test').children[0]!;
    assert.equal(failure.name, 'failure');
    assert.equal(failure.attributes.message, 'not delivered under required: STARTTLS not offered');
    assert.equal(failure.attributes.type, 'starttls-not-supported');
    assert.match(failure.text, /starttls-not-supported: STARTTLS not offered/);
    assert.match(failure.text, /MX 10 mx\.notls\.test\n {2}192\.0\.2\.1:25 {2}no STARTTLS/);
    const error = testcase(root, 'slow.test').children[0]!;
    assert.equal(error.name, 'error');
    assert.equal(error.attributes.type, 'timeout');
    assert.match(error.attributes.message!, /^undetermined under required: timed out/);
  });

  test('--allow-undetermined: undetermined domains are skipped, not errors', () => {
    const root = parseXml(renderJunit(report(mixed(), { gate: gateConfig({ allowUndetermined: true }) })));
    const suite = findAll(root, 'testsuite')[0]!;
    assert.deepEqual(counts(suite), { tests: 6, failures: 2, errors: 0, skipped: 1 });
    assert.deepEqual(counts(suite), actual(suite));
    assert.equal(testcase(root, 'slow.test').children[0]!.name, 'skipped');
  });

  test('required-verify gate: the certificate failure counts, properties say how the gate was set', () => {
    const results = gated([safe(), selfSigned()], 'required-verify');
    const root = parseXml(renderJunit(report(results, { gate: gateConfig({ setting: 'required-verify', restrict: ['*.test', 'a|b'] }) })));
    const suite = findAll(root, 'testsuite')[0]!;
    assert.deepEqual(counts(suite), { tests: 2, failures: 1, errors: 0, skipped: 0 });
    const failure = testcase(root, 'selfsigned.test').children[0]!;
    assert.equal(failure.attributes.type, 'certificate-self-signed');
    const properties = Object.fromEntries(findAll(suite, 'property').map((p) => [p.attributes.name, p.attributes.value]));
    assert.deepEqual(
      [properties.require, properties.restrict, properties['allow-undetermined']],
      ['required-verify', '*.test, a|b', 'false'],
    );
  });

  test('an interrupted run adds an error case, so CI cannot read a partial run as green', () => {
    const root = parseXml(renderJunit(report([safe()], { gate: gateConfig(), interrupted: { notChecked: 4 } })));
    assert.deepEqual(counts(root), { tests: 2, failures: 0, errors: 1, skipped: 0 });
    assert.equal(testcase(root, 'run interrupted').children[0]!.attributes.message, 'run interrupted: 4 targets not checked');
  });
});

describe('renderJunit without a gate', () => {
  test('one suite per setting, counts equal the tally of each setting', () => {
    const results = mixed().map((result) => ({ ...result, gateSetting: null }));
    const root = parseXml(renderJunit(report(results)));
    const suites = findAll(root, 'testsuite');
    assert.deepEqual(
      suites.map((suite) => suite.attributes.name),
      SETTING_NAMES.map((name) => `tlscheck: would mail be delivered under ${name}`),
    );
    suites.forEach((suite, i) => {
      const expected = tally(results, SETTING_NAMES[i]!);
      assert.deepEqual(counts(suite), {
        tests: results.length,
        failures: expected.notDelivered,
        errors: expected.undetermined,
        skipped: 0,
      });
      assert.deepEqual(counts(suite), actual(suite));
    });
    assert.deepEqual(counts(root), { tests: 24, failures: 1 + 3 + 2 + 4, errors: 4, skipped: 0 });
  });

  test('time attributes in seconds: per case from durationMs, per suite the sum', () => {
    const root = parseXml(renderJunit(report([safe('a.test', { durationMs: 1500 }), safe('b.test', { durationMs: 2 })])));
    assert.equal(testcase(root, 'a.test').attributes.time, '1.500');
    assert.equal(testcase(root, 'b.test').attributes.time, '0.002');
    assert.equal(findAll(root, 'testsuite')[0]!.attributes.time, '1.502');
    assert.equal(root.attributes.time, '6.008');
  });
});

describe('hostile text', () => {
  test('well-formed whatever the servers and the input said; their text survives as visible data', () => {
    const evil = noStarttls(`x${HOSTILE}`, { input: HOSTILE, dns: { outcome: 'mx', reason: null, message: HOSTILE } });
    const doc = renderJunit(report([...mixed(), evil], { gate: gateConfig(), notes: [HOSTILE] }));
    const root = parseXml(doc);
    assert.doesNotMatch(doc, /\u001b|\u0000|\u202e/);
    const failure = testcase(root, 'slow.test').children[0]!;
    assert.match(failure.text, /\\x1b\[31mred\\x1b\[0m\\x00\|pipe\|<\/testcase><x a='1'>&amp;\]\]>\\u\{202e\}evil/);
    assert.match(failure.text, /\\u\{d800\} \\u\{ffff\}\\x0d\\x0anext/);
    assert.ok(findAll(root, 'testcase').some((c) => c.attributes.name!.startsWith('x\\x1b[31m')));
  });

  test('xml(): markup escaped, forbidden characters replaced, astral characters kept', () => {
    assert.equal(xml(`<a b="c" d='e'>&`), '&lt;a b=&quot;c&quot; d=&apos;e&apos;&gt;&amp;');
    assert.equal(xml(']]>'), ']]&gt;');
    assert.equal(xml('a\u0000b\u000bc\u001fd\ufffee\uffff\ud800\udc00\udfff'), 'a\ufffdb\ufffdc\ufffdd\ufffde\ufffd\ud800\udc00\ufffd');
    assert.equal(xml('1\t2\n3\r4'), '1&#9;2&#10;3&#13;4');
    assert.equal(xml('1\t2\n3\r4', false), '1\t2\n3&#13;4');
  });
});
