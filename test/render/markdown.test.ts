import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { DomainResult } from '../../src/model/report.js';
import { md, renderMarkdown } from '../../src/render/markdown.js';
import {
  FORMULA,
  HOSTILE,
  baselineChange,
  baselineComparison,
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

/** Cell separators of a table row: pipes not escaped by a backslash (a backslash escapes the next character). */
function separators(row: string): number {
  let count = 0;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\') i += 1;
    else if (row[i] === '|') count += 1;
  }
  return count;
}

/** The rows of the domain table. */
function tableRows(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('| ') || line.startsWith('|---'));
}

/** A domain whose every server string is hostile: banner, MX host name, failure, input and sources. */
function hostile(): DomainResult {
  const evil = slow('evil.test', { input: `${HOSTILE}|${FORMULA}`, sources: ['a|b.csv:1'], recipients: 3 });
  return { ...evil, mx: [mxHost(`mx|<script>alert(1)</script>.test`, 10, evil.mx[0]!.addresses)] };
}

describe('md', () => {
  test('pipes, markup, links, entities, mentions and math are escaped; dots and hyphens stay readable', () => {
    assert.equal(md('a|b'), 'a\\|b');
    assert.equal(md('<img src=x>'), '\\<img src=x\\>');
    assert.equal(md('[x](http://e.test) &#x202e; @team $1$'), '\\[x\\]\\(http://e.test\\) \\&\\#x202e; \\@team \\$1\\$');
    assert.equal(md('*b* _i_ ~s~ `c` \\'), '\\*b\\* \\_i\\_ \\~s\\~ \\`c\\` \\\\');
    assert.equal(md('mx-1.example.test'), 'mx-1.example.test');
  });

  test('control characters are sanitised first, lone surrogates replaced', () => {
    assert.equal(md('a\u001b[31m\r\n\u202e'), 'a\\\\x1b\\[31m\\\\x0d\\\\x0a\\\\u\\{202e\\}');
    assert.equal(md('x\ud800y\ud83d\ude00'), 'x\\\\u\\{d800\\}y\ud83d\ude00');
  });

  test('property: no raw line break or control character, and no unescaped pipe', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (text) => {
        const out = md(text);
        assert.doesNotMatch(out, /[\u0000-\u001f\u007f-\u009f]/);
        assert.equal(separators(out), 0);
      }),
    );
  });
});

describe('renderMarkdown', () => {
  const results = [safe(), noStarttls('notls.test', { recipients: 40 }), slow(), selfSigned(), invalidInput(), hostile()];

  test('the table keeps its shape whatever the servers and the input said', () => {
    const text = renderMarkdown(report(results));
    const rows = tableRows(text);
    assert.equal(rows.length, 2 + results.length);
    for (const row of rows) assert.equal(separators(row), 8, row);
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\ud800-\udbff]/);
    assert.doesNotMatch(text, /<script>|(?<!\\)<\/?testcase|(?<!\\)\[link\]/);
    assert.match(text, /mx\\\|\\<script\\>alert\\\(1\\\)\\<\/script\\>\.test/);
  });

  test('one cell per setting with its symbol', () => {
    const rows = tableRows(renderMarkdown(report(results)));
    assert.match(
      rows[2]!,
      /^\| safe\.test \| 1 \| safe: delivered over verified TLS via mx\.example\.test \| ✅ TLS \| ✅ TLS \| ✅ verified TLS \| ✅ verified TLS \|$/,
    );
    assert.match(rows[3]!, /^\| notls\.test \| 40 \| .* \| ⚠️ plaintext \| ❌ not delivered \| ⚠️ plaintext \| ❌ not delivered \|$/);
    assert.match(rows[4]!, /\| ❔ undetermined \| ❔ undetermined \| ❔ undetermined \| ❔ undetermined \|$/);
    assert.match(rows[6]!, /^\| =cmd\\\|' \/C calc'\\!A0 \| 1 \|/);
  });

  test('the impact comes first, worst domains named, for required and required-verify', () => {
    const text = renderMarkdown(report(results));
    assert.ok(text.startsWith('# tlscheck report\n'));
    assert.ok(text.indexOf('## Impact') < text.indexOf('## Domains'));
    assert.match(
      text,
      /\*\*Switching to required stops mail to 40 recipients at 1 domain; 2 domains \(4 recipients\) undetermined; 1 domain gets no mail under any setting\.\*\*/,
    );
    assert.match(text, /\*\*Switching to required-verify stops mail to 41 recipients at 2 domains;/);
    assert.match(text, /\n {2}- notls\.test \(40\): STARTTLS not offered\n {2}- selfsigned\.test \(1\): self-signed certificate\n/);
  });

  test('details only for domains not fine under required, with reasons in words and each MX address', () => {
    const text = renderMarkdown(report(results));
    const details = text.slice(text.indexOf('## Details'));
    const headings = details.split('\n').filter((line) => line.startsWith('### '));
    assert.deepEqual(headings, ['### notls.test', '### slow.test', "### =cmd\\|' /C calc'\\!A0", '### evil.test']);
    assert.match(details, /- \*\*required\*\*: ❌ not delivered — STARTTLS not offered/);
    assert.match(details, /- \*\*preferred\*\*: ⚠️ plaintext via mx\.example\.test\n/);
    assert.match(details, / {4}- 192\.0\.2\.1:25 {2}✘ banner: timed out \\\(retry later\\\) \\\(\\\\x1b\\\[31mred/);
    assert.match(details, /- Sources: a\\\|b\.csv:1 \(3 recipients\)/);
  });

  test('with a gate: the impact of the gate setting over the domains it applies to, and the domain failing it gets details', () => {
    const gate = gateConfig({ setting: 'required-verify', restrict: ['*.test'], allowUndetermined: true });
    const text = renderMarkdown(
      report(gated([safe(), selfSigned(), noStarttls('other.test')], 'required-verify', ['other.test']), { gate }),
    );
    assert.match(
      text,
      /\*\*Switching to required-verify stops mail to 1 domain\.\*\* \(1 domain outside --restrict judged under preferred\)/,
    );
    assert.doesNotMatch(text, /Switching to required stops/);
    assert.match(text, /Gate: `--require required-verify` with `--allow-undetermined`, restricted to \\\*\.test\./);
    assert.match(text, /### selfsigned\.test\n/);
  });

  test('interruption, baseline changes and notes are shown, escaped', () => {
    const baseline = baselineComparison(
      [
        baselineChange({
          domain: 'notls.test',
          kind: 'starttls-lost',
          host: 'mx.notls.test',
          before: 'STARTTLS',
          after: `no STARTTLS ${HOSTILE}`,
          effect: 'regression',
        }),
      ],
      { file: 'old|report.json', generatedAt: '2024-12-01T00:00:00.000Z' },
    );
    const text = renderMarkdown(report([noStarttls()], { interrupted: { notChecked: 1 }, baseline, notes: ['a *note*'] }));
    assert.match(text, /> ⚠️ The run was interrupted: 1 target not checked\./);
    assert.match(text, /Compared with old\\\|report\.json/);
    assert.match(text, /- 🔻 \*\*regression\*\*: notls\.test starttls-lost \(mx\.notls\.test\): STARTTLS → no STARTTLS \\\\x1b/);
    assert.match(text, /## Notes\n\n- a \\\*note\\\*\n$/);
  });
});
