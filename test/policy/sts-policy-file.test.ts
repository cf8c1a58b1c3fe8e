/** The MTA-STS policy file parser (RFC 8461 §3.2): round-trip properties and each way a file goes wrong. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MTA_STS_MODES } from '../../src/model/policy.js';
import { MAX_AGE_LIMIT, parsePolicyFile, type StsPolicyFile } from '../../src/policy/sts-policy-file.js';

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/);
const pattern = fc
  .tuple(fc.boolean(), fc.array(label, { minLength: 2, maxLength: 4 }))
  .map(([wild, labels]) => `${wild ? '*.' : ''}${labels.join('.')}`);
const policy: fc.Arbitrary<StsPolicyFile> = fc.record({
  mode: fc.constantFrom(...MTA_STS_MODES),
  mx: fc.array(pattern, { minLength: 1, maxLength: 5 }),
  maxAge: fc.integer({ min: 0, max: MAX_AGE_LIMIT }),
});
const extension = fc.tuple(fc.stringMatching(/^x[a-z0-9_.-]{0,10}$/), fc.stringMatching(/^[!-~]{1,20}$/));

/** A file for `p`, with the fields in the order given, extension fields mixed in, LF or CRLF. */
function render(p: StsPolicyFile, order: number[], extensions: [string, string][], eol: string, spaces: string): string {
  const fields = [
    `version:${spaces}STSv1`,
    `mode:${spaces}${p.mode}`,
    `max_age:${spaces}${p.maxAge}`,
    ...p.mx.map((mx) => `mx:${spaces}${mx}`),
  ];
  const ordered = order.map((i) => fields[i % fields.length]!).filter((f, i, all) => all.indexOf(f) === i);
  const complete = [...ordered, ...fields.filter((f) => !ordered.includes(f))];
  return [...complete, ...extensions.map(([k, v]) => `${k}: ${v}`)].join(eol) + eol;
}

test('any valid policy, written in any field order with extensions, LF or CRLF, parses back to itself', () => {
  fc.assert(
    fc.property(
      policy,
      fc.array(fc.nat(), { maxLength: 8 }),
      fc.array(extension, { maxLength: 3 }),
      fc.constantFrom('\n', '\r\n'),
      fc.constantFrom('', ' ', '\t '),
      (p, order, extensions, eol, spaces) => {
        const parsed = parsePolicyFile(render(p, order, extensions, eol, spaces));
        assert.ok(parsed.ok, JSON.stringify(parsed));
        assert.equal(parsed.policy.mode, p.mode);
        assert.equal(parsed.policy.maxAge, p.maxAge);
        assert.deepEqual([...parsed.policy.mx].sort(), [...p.mx].sort());
      },
    ),
  );
});

test('the last line may lack its line end', () => {
  const parsed = parsePolicyFile('version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 86400');
  assert.deepEqual(parsed, { ok: true, policy: { mode: 'testing', mx: ['mx.example.com'], maxAge: 86400 } });
});

test('never throws, and a refusal always says why', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (text) => {
      const parsed = parsePolicyFile(text);
      if (!parsed.ok) assert.ok(parsed.problems.length > 0);
    }),
  );
});

test('each required field missing or wrong is named', () => {
  const cases: [string, RegExp][] = [
    ['mode: enforce\nmx: mx.a.test\nmax_age: 86400\n', /no version field/],
    ['version: STSv2\nmode: enforce\nmx: mx.a.test\nmax_age: 86400\n', /version is "STSv2"/],
    ['version: stsv1\nmode: enforce\nmx: mx.a.test\nmax_age: 86400\n', /version is "stsv1"/],
    ['version: STSv1\nmx: mx.a.test\nmax_age: 86400\n', /no mode field/],
    ['version: STSv1\nmode: Enforce\nmx: mx.a.test\nmax_age: 86400\n', /mode "Enforce"/],
    ['version: STSv1\nmode: enforce\nmx: mx.a.test\n', /no max_age field/],
    ['version: STSv1\nmode: enforce\nmx: mx.a.test\nmax_age: -1\n', /max_age "-1"/],
    ['version: STSv1\nmode: enforce\nmx: mx.a.test\nmax_age: 99999999999\n', /max_age "99999999999"/],
    [`version: STSv1\nmode: enforce\nmx: mx.a.test\nmax_age: ${MAX_AGE_LIMIT + 1}\n`, /above the limit/],
    ['version: STSv1\nmode: enforce\nmax_age: 86400\n', /mode enforce without any mx field/],
    ['version: STSv1\nmode: enforce\nmx: mx*.a.test\nmax_age: 86400\n', /mx "mx\*\.a\.test"/],
    ['version: STSv1\nmode: enforce\nmode: testing\nmx: mx.a.test\nmax_age: 86400\n', /mode appears more than once/],
    ['version: STSv1\nmode: enforce\nthis is html\nmx: mx.a.test\nmax_age: 86400\n', /line 3 is not "key: value"/],
  ];
  for (const [text, problem] of cases) {
    const parsed = parsePolicyFile(text);
    assert.equal(parsed.ok, false, text);
    if (!parsed.ok) assert.match(parsed.problems.join('; '), problem, text);
  }
});

test('mode none needs no mx', () => {
  assert.deepEqual(parsePolicyFile('version: STSv1\nmode: none\nmax_age: 86400\n'), {
    ok: true,
    policy: { mode: 'none', mx: [], maxAge: 86400 },
  });
});
