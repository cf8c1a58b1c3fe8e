/**
 * Markdown that fits a pull-request comment: GitHub refuses a comment over 65,536 characters. A
 * report that would not fit is shortened, the failing domains first, and never cut inside a
 * Markdown construct.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { BaselineChange, DomainResult, Report } from '../../src/model/report.js';
import { DEFAULT_MARKDOWN_LIMIT, markdownLength, renderMarkdown } from '../../src/render/markdown.js';
import { listResults } from '../../src/verdict/only.js';
import { HOSTILE, gated, invalidInput, noStarttls, report, safe, selfSigned, slow, gateConfig } from '../factories.js';

const GITHUB_LIMIT = 65_536;

/** What each reading of "characters" counts: UTF-16 code units, Unicode code points, UTF-8 bytes. */
function sizes(text: string) {
  return { units: text.length, codePoints: [...text].length, bytes: Buffer.byteLength(text, 'utf8') };
}

/** Pipes not escaped by a backslash. */
function separators(row: string): number {
  let count = 0;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\') i += 1;
    else if (row[i] === '|') count += 1;
  }
  return count;
}

/** No construct is cut: whole table rows under a head, no dangling escape, closed code spans and bold. */
function assertWellFormed(text: string): void {
  assert.ok(text.endsWith('\n'), 'ends with a line break');
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((line, i) => {
    if (line.startsWith('|')) {
      assert.equal(separators(line), 8, `row ${i + 1}: ${line}`);
      // A row follows a row, or is the head of a table (then the rule follows it).
      const inTable = (lines[i - 1] ?? '').startsWith('|') || (lines[i + 1] ?? '').startsWith('|---');
      assert.ok(inTable, `row ${i + 1} belongs to a table`);
    }
    assert.equal(/(?<!\\)(\\\\)*\\$/.test(line), false, `line ${i + 1} ends inside an escape: ${line}`);
    const unescaped = (mark: string) => line.replace(/\\./g, '').split(mark).length - 1;
    assert.equal(unescaped('`') % 2, 0, `line ${i + 1}: code span left open: ${line}`);
    assert.equal(unescaped('**') % 2, 0, `line ${i + 1}: bold left open: ${line}`);
  });
}

/** The lines of a `## title (n)` list section, its count and its `… and N more` line. */
function namedList(text: string, title: string): { count: number; names: string[]; more: number } | null {
  const start = text.search(new RegExp(`^## ${title} \\(`, 'm'));
  if (start < 0) return null;
  const section = text.slice(start).split(/\n(?=## |---\n)/)[0]!;
  const count = Number(/\(([\d,]+)\)/.exec(section)![1]!.replaceAll(',', ''));
  const items = section.split('\n').filter((line) => line.startsWith('- '));
  const moreLine = items.find((line) => line.startsWith('- … and '));
  const more = moreLine ? Number(/([\d,]+) more/.exec(moreLine)![1]!.replaceAll(',', '')) : 0;
  const names = items.filter((line) => line !== moreLine).map((line) => line.slice(2, line.lastIndexOf(' (', line.indexOf('): '))));
  return { count, names, more };
}

/** `count` domains: every `failEvery`-th fails (no STARTTLS), every `slowEvery`-th is undetermined, the rest safe; recipients vary. */
function batch(count: number, failEvery: number, slowEvery: number): DomainResult[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `domain-${String(i).padStart(5, '0')}.example.test`;
    const overrides = { recipients: 1 + ((i * 7919) % 500), sources: [`contacts.csv:${i + 2}`] };
    if (i % failEvery === 0) return noStarttls(name, overrides);
    if (i % slowEvery === 1) return slow(name, overrides);
    return safe(name, overrides);
  });
}

/** Not delivered under required, leaving out those that get no mail under any setting (no switch stops them). */
const failingNames = (results: DomainResult[]) =>
  results
    .filter((result) => result.settings.required.deliverable === false && result.settings.preferred.deliverable !== false)
    .map((result) => result.domain ?? result.input);

describe('a report that fits is not touched', () => {
  test('the same text with the default limit as with none', () => {
    const small = report([safe(), noStarttls(), slow(), selfSigned(), invalidInput()]);
    assert.equal(renderMarkdown(small), renderMarkdown(small, { limit: Number.POSITIVE_INFINITY }));
    assert.doesNotMatch(renderMarkdown(small), /Shortened/);
  });
});

describe('thousands of domains', () => {
  const results = batch(5_000, 20, 50);
  const whole = report(gated(results, 'required'), { gate: gateConfig() });

  test('the full report would not fit; the rendered one does, by every count GitHub might use', () => {
    assert.ok(markdownLength(renderMarkdown(whole, { limit: Number.POSITIVE_INFINITY })) > GITHUB_LIMIT);
    const text = renderMarkdown(whole);
    const size = sizes(text);
    assert.ok(size.units <= DEFAULT_MARKDOWN_LIMIT && DEFAULT_MARKDOWN_LIMIT < GITHUB_LIMIT, `${size.units} code units`);
    assert.ok(size.codePoints <= size.units);
    assert.ok(size.bytes <= 4 * GITHUB_LIMIT, `${size.bytes} bytes`);
    assertWellFormed(text);
  });

  test('title, impact and gate first, then every failing domain named, most recipients first', () => {
    const text = renderMarkdown(whole);
    assert.ok(
      text.startsWith('# tlscheck report\n\nGenerated 2025-01-02T03:04:05.678Z for 5,000 domains.\n\n> ✂️ Shortened to fit 64,000'),
    );
    const order = ['## Impact', '**Switching to required stops mail to', 'Gate: `--require required`', '## Failing domains (250)'];
    const positions = order.map((part) => text.indexOf(part));
    assert.ok(
      positions.every((position, i) => position > (positions[i - 1] ?? -1)),
      String(positions),
    );
    const failing = namedList(text, 'Failing domains')!;
    assert.equal(failing.more, 0);
    assert.deepEqual([...failing.names].sort(), failingNames(results).sort());
    const recipients = failing.names.map((name) => results.find((result) => result.domain === name)!.recipients);
    assert.deepEqual(
      recipients,
      [...recipients].sort((a, b) => b - a),
    );
    assert.equal(namedList(text, 'Undetermined domains')!.names.length, 100);
  });

  test('details as room allows, and a closing line that counts what is not shown', () => {
    const text = renderMarkdown(whole);
    const detailed = text.split('\n').filter((line) => line.startsWith('### ')).length;
    assert.ok(detailed > 0 && detailed < 350, `${detailed} detail sections`);
    const closing =
      /\*\*… ([\d,]+) more domains and the details of ([\d,]+) domains not shown\*\* \(use `--only failing`, or the JSON report: `--format json`\)\.\n$/.exec(
        text,
      );
    assert.ok(closing, text.slice(-300));
    assert.equal(Number(closing[2]!.replaceAll(',', '')), 350 - detailed);
    const rows = text.split('\n').filter((line) => line.startsWith('| domain-')).length;
    assert.equal(Number(closing[1]!.replaceAll(',', '')), 5_000 - 350 - rows);
  });

  test('too many failing domains to name: as many as fit, and how many more', () => {
    const all = report(batch(5_000, 1, 50));
    const text = renderMarkdown(all);
    assert.ok(markdownLength(text) <= DEFAULT_MARKDOWN_LIMIT);
    assertWellFormed(text);
    const failing = namedList(text, 'Failing domains')!;
    assert.equal(failing.count, 5_000);
    assert.ok(failing.names.length > 500, `${failing.names.length} named`);
    assert.equal(failing.names.length + failing.more, 5_000);
    assert.match(text, /\*\*… [\d,]+ more domains, the details of 5,000 domains and 1 note not shown\*\*/);
  });

  test('with --only failing: the listed domains, the whole run in the impact, and the JSON report as the way to everything', () => {
    const view = listResults(whole, 'failing');
    const text = renderMarkdown(whole, { view, limit: 20_000 });
    assert.ok(markdownLength(text) <= 20_000);
    assert.match(text, /for 5,000 domains\. Showing 250 of 5,000 domains \(--only failing\)/);
    assert.match(
      text,
      /Switching to required stops mail to [\d,]+ recipients at 250 domains; 100 domains \([\d,]+ recipients\) undetermined\./,
    );
    assert.equal(namedList(text, 'Undetermined domains'), null);
    assert.doesNotMatch(text, /## Other domains/);
    assert.match(text, /\(the JSON report has them all: `--format json`\)\.\n$/);
  });
});

describe('a run where every domain is undetermined', () => {
  test('the note that explains it comes before the long list of undetermined domains', () => {
    const blocked = 'outbound port 25 seems blocked from this network';
    const all = report(
      Array.from({ length: 5_000 }, (_, i) => slow(`d${i}.test`)),
      { notes: [blocked] },
    );
    const text = renderMarkdown(all);
    assert.ok(markdownLength(text) <= DEFAULT_MARKDOWN_LIMIT);
    assert.ok(text.indexOf(`- ${blocked}`) > 0 && text.indexOf(`- ${blocked}`) < text.indexOf('## Undetermined domains (5,000)'));
    const undetermined = namedList(text, 'Undetermined domains')!;
    assert.equal(undetermined.names.length + undetermined.more, 5_000);
  });
});

describe('any report, any limit', () => {
  test('hostile text everywhere, the smallest limit: still within it and well-formed', () => {
    const long = `${HOSTILE}${'|`*_'.repeat(400)}`;
    const results = Array.from({ length: 400 }, (_, i) =>
      i % 3 === 0 ? invalidInput(`${long}${i}`) : noStarttls(`n${i}.test`, { input: long, sources: [long] }),
    );
    const changes: BaselineChange[] = results.map((result) => ({
      domain: result.domain ?? result.input,
      kind: 'starttls-lost',
      setting: null,
      host: long,
      before: 'STARTTLS',
      after: long,
      regression: true,
      effect: 'regression',
      undetermined: false,
    }));
    const whole = report(results, {
      notes: Array.from({ length: 50 }, () => long),
      gate: gateConfig({ restrict: [long, long], allowUndetermined: true }),
      interrupted: { notChecked: 12 },
      baseline: { file: long, generatedAt: '2024-01-01T00:00:00.000Z', changes },
    });
    for (const limit of [5_000, 12_345, 65_536]) {
      const text = renderMarkdown(whole, { limit });
      assert.ok(markdownLength(text) <= limit, `${markdownLength(text)} > ${limit}`);
      assertWellFormed(text);
      assert.match(text, /## Failing domains \(266\)/);
    }
  });

  test('property: within the limit, well-formed, and the failing domains named plus counted are all of them', () => {
    const kinds = [safe, noStarttls, slow, selfSigned, invalidInput] as const;
    const domain = fc
      .record({
        kind: fc.integer({ min: 0, max: kinds.length - 1 }),
        name: fc.string({ unit: 'binary', maxLength: 80 }),
        recipients: fc.nat(10_000),
      })
      .map(({ kind, name, recipients }) => kinds[kind]!(`${name}.test`, { recipients: recipients + 1 }));
    fc.assert(
      fc.property(
        fc.array(domain, { minLength: 1, maxLength: 1_500 }),
        fc.integer({ min: 5_000, max: 70_000 }),
        fc.array(fc.string({ maxLength: 300 }), { maxLength: 5 }),
        (results, limit, notes) => {
          const whole: Report = report(results, { notes });
          const text = renderMarkdown(whole, { limit });
          assert.ok(markdownLength(text) <= limit);
          assertWellFormed(text);
          const failing = namedList(text, 'Failing domains');
          if (failing) assert.equal(failing.names.length + failing.more, failingNames(results).length);
        },
      ),
      { numRuns: 40 },
    );
  });
});
