/**
 * The HTML page without a browser: escaping of every untrusted field, the CSP that admits exactly
 * the page's own script and style, the sections the model asks for, and the size of a big batch.
 * What the page does in a browser is test/browser/html-page.browser.ts.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Report } from '../../src/model/report.js';
import { escapeHtml, scriptJson } from '../../src/render/html-escape.js';
import { renderHtml } from '../../src/render/html.js';
import { listResults } from '../../src/verdict/only.js';
import { policies, gateConfig, gated, invalidInput, noStarttls, report, safe, selfSigned, slow, traffic } from '../factories.js';
import { pageData } from './html-check.js';
import { MARKUP, hostileReport } from './html-hostile.js';

const render = (value: Report) => renderHtml(value, { facts: { toolVersion: MARKUP, options: [{ flag: '--resolver', value: MARKUP }] } });

describe('escaping', () => {
  test('escapeHtml leaves no character that opens a tag, an entity or ends an attribute', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  test('scriptJson has no <, > or & and parses back to the value', () => {
    const value = { text: `</script><!--<script>${MARKUP}\u2028\u2029` };
    const json = scriptJson(value);
    assert.doesNotMatch(json, /[<>&\u2028\u2029]/);
    assert.deepEqual(JSON.parse(json), value);
  });

  test('no untrusted string reaches the page as markup: the only tags are the page’s own', () => {
    const html = render(hostileReport());
    assert.ok(!html.includes('<script>document'), 'no script from a server');
    assert.ok(!html.includes('<img'), 'no img from a server');
    assert.ok(!html.includes('onerror="'), 'no event handler attribute');
    assert.ok(!html.includes("<x a='1'>"));
    assert.equal(html.match(/<script/g)?.length, 2, 'the data block and the page script');
    // Every tag name on the page is one the renderer writes.
    const tags = new Set([...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((match) => match[1]!.toLowerCase()));
    const ours =
      'html head meta title style body header h1 h2 h3 h4 h5 p nav a main section ul ol li strong span svg rect div table thead tbody tr th td details summary caption code dl dt dd label input select option br script';
    for (const tag of tags) assert.ok(ours.split(' ').includes(tag), `unexpected <${tag}>`);
  });

  test('control characters and bidi overrides are made visible, as on a terminal', () => {
    const html = render(hostileReport());
    assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202e]/.test(html));
    assert.ok(html.includes('\\x1b[31mred'));
  });

  test('no link is built from server data: the only hrefs are the page’s own fragments', () => {
    const html = render(hostileReport());
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]!);
    assert.ok(hrefs.length > 0);
    for (const href of hrefs) assert.match(href, /^#[a-z-]+$/);
    assert.ok(html.includes('javascript:alert(1)//'), 'the TLS-RPT address is shown as text');
  });
});

describe('the Content-Security-Policy', () => {
  test('admits by hash exactly the page’s script and style, and nothing from anywhere', () => {
    const html = render(report([safe()]));
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    assert.ok(csp);
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    assert.equal(
      csp,
      `default-src 'none'; script-src ${hash(script)}; style-src ${hash(style)}; img-src 'none'; base-uri 'none'; form-action 'none'`,
    );
    assert.ok(!csp.includes('unsafe'));
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<style>'), 'the policy comes before what it governs');
  });

  test('no style attribute, no inline handler anywhere on the page (the CSP would block them)', () => {
    const html = render(hostileReport());
    // Text never holds a raw `<`, so every `<` opens one of the page's own tags.
    assert.doesNotMatch(html, /<[a-zA-Z][^>]*\s(style|on[a-z]+)=/);
  });
});

describe('what the page shows', () => {
  test('the answer per setting with its counts, and the at-risk list with the reason in words', () => {
    const results = [safe(), noStarttls(), slow(), selfSigned(), invalidInput()];
    const html = render(report(results));
    assert.match(html, /Switching to required stops mail to 1 domain; 1 domain undetermined; 1 domain gets no mail under any setting\./);
    const chart = /<div class="chart" data-setting="required" data-unit="domains">[\s\S]*?<\/div>/.exec(html)![0];
    const part = (name: string) => Number(new RegExp(`data-part="${name}">(\\d+)<`).exec(chart)![1]);
    assert.deepEqual([part('delivered'), part('not-delivered'), part('undetermined')], [2, 2, 1]);
    assert.match(html, /<ol class="at-risk" data-setting="required">\s*<li data-domain="notls.test"[^>]*>.*STARTTLS not offered<\/li>/);
    assert.match(html, /<ol class="at-risk" data-setting="required-verify">[\s\S]*?notls.test[\s\S]*?selfsigned.test/);
  });

  test('with Email Log Files: a bar of messages, and the at-risk list by messages', () => {
    const results = [
      noStarttls('few.test', { recipients: 9, traffic: traffic({ deliveries: 3 }) }),
      noStarttls('many.test', { recipients: 1, traffic: traffic({ deliveries: 500 }) }),
      safe('ok.test', { traffic: traffic({ deliveries: 1000 }) }),
    ];
    const html = render(report(results));
    assert.match(
      html,
      /data-setting="required" data-unit="messages"[\s\S]*?data-part="delivered">1,000<[\s\S]*?data-part="not-delivered">503</,
    );
    const list = /<ol class="at-risk" data-setting="required">([\s\S]*?)<\/ol>/.exec(html)![1]!;
    assert.deepEqual(
      [...list.matchAll(/data-domain="([^"]+)"/g)].map((match) => match[1]),
      ['many.test', 'few.test'],
    );
    assert.equal(pageData(html).domains[1]!.messages, 500);
  });

  test('without logs, the at-risk list keeps the impact order: most recipients first', () => {
    const html = render(report([noStarttls('few.test', { recipients: 2 }), noStarttls('many.test', { recipients: 40 })]));
    const list = /<ol class="at-risk" data-setting="required">([\s\S]*?)<\/ol>/.exec(html)![1]!;
    assert.deepEqual(
      [...list.matchAll(/data-domain="([^"]+)"/g)].map((match) => match[1]),
      ['many.test', 'few.test'],
    );
  });

  test('the baseline changes come first; without a baseline there is no such section', () => {
    const html = render(hostileReport());
    assert.ok(html.indexOf('id="changes"') < html.indexOf('id="answer"'));
    assert.ok(!render(report([safe()])).includes('id="changes"'));
  });

  test('receiver policies are shown when looked up, and not at all when the model has none', () => {
    const html = render(report([safe('p.test', { policy: policies('example.test', { tlsRpt: null }) })]));
    assert.match(html, /<h4>Receiver policies<\/h4>/);
    assert.match(html, /MTA-STS:<\/strong> record id <code>20261201<\/code>; mode <strong>enforce<\/strong>/);
    assert.match(html, /DNSSEC <strong>secure<\/strong>/);
    assert.match(html, /TLS-RPT:<\/strong> <span class="muted">none published/);
    assert.ok(!render(report([safe()])).includes('Receiver policies'));
  });

  test('how it was made: version, time, options, the gate and the notes (the preferred-verify reading)', () => {
    const html = renderHtml(
      report([safe()], { gate: gateConfig({ restrict: ['safe.test'] }), notes: ['preferred-verify: read strictly'] }),
      {
        facts: { toolVersion: '9.9.9', options: [{ flag: '--ca-file', value: 'corp.pem' }] },
      },
    );
    const made = /<section id="made"[\s\S]*?<\/section>/.exec(html)![0];
    for (const text of [
      'tlscheck 9.9.9',
      '2025-01-02T03:04:05.678Z',
      '<dt>--ca-file</dt><dd>corp.pem</dd>',
      '--require required (restricted to safe.test)',
      'preferred-verify: read strictly',
    ])
      assert.ok(made.includes(text), text);
  });

  test('--only lists the view; the answer still counts every domain and says so', () => {
    const whole = report(gated([safe(), noStarttls(), slow()], 'required'), { gate: gateConfig() });
    const html = renderHtml(whole, { view: listResults(whole, 'failing') });
    assert.deepEqual(
      pageData(html).domains.map((row) => row.name),
      ['notls.test'],
    );
    assert.match(html, /Showing 1 of 3 domains \(--only failing\)/);
    assert.match(html, /data-setting="required" data-unit="domains"[\s\S]*?of 3</);
  });

  test('an interrupted run says so on top', () => {
    assert.match(
      render(report([safe()], { interrupted: { notChecked: 7 } })),
      /role="alert"><strong>⚠ The run was interrupted:<\/strong> 7 targets not checked/,
    );
  });

  test('1,000 domains make a page well under 2 MB (small enough to mail)', () => {
    const results = Array.from({ length: 1000 }, (_, index) =>
      index % 3 === 0
        ? noStarttls(`n${index}.example.test`)
        : index % 3 === 1
          ? selfSigned(`s${index}.example.test`)
          : safe(`d${index}.example.test`),
    );
    const bytes = Buffer.byteLength(render(report(results)), 'utf8');
    assert.ok(bytes < 2_000_000, `${bytes} bytes`);
  });
});
