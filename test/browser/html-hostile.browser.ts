/**
 * Markup and script from servers, in a real browser: a loopback world whose SMTP server greets,
 * names itself and advertises EHLO keywords with <script> and <img onerror>, and presents the
 * test PKI's `markup` certificate (markup in the subject, the SAN and, self-signed, the issuer);
 * a second server refuses with markup in its 554 reply; an input line that is markup. The page
 * tlscheck writes for that run, and a factory-made report with markup in every other field
 * (policies, baseline, notes, traffic), must run nothing (no dialog, no changed title, no element
 * the page did not write, no console error: a CSP violation would be one) and show the text.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Report } from '../../src/model/report.js';
import { renderHtml } from '../../src/render/html.js';
import { parseScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { tlscheck, worldArgs } from '../cli/helpers.js';
import { MARKUP, hostileReport } from '../render/html-hostile.js';
import { launchChromium, openPage, type OpenedPage } from './browser.js';

const BANNER = "<script>document.title='pwned-banner'</script> ESMTP";
const GREETING = '<img src=x onerror=alert(5)>';
/** Sent, but the EHLO parser keeps only what is keyword syntax (RFC 5321 §4.1.1.1): it never reaches the report. */
const KEYWORD = '<svg onload=alert(6)>';
const HOSTNAME = "mx.markup.test<b onmouseover=alert('host')>";
const REFUSAL = "<script>document.title='pwned-554'</script> go away";
const INPUT = "<script>document.title='pwned-input'</script>";

const SCENARIO = parseScenario(
  {
    name: 'markup',
    description: 'Markup and script in every field a server controls, for the HTML report.',
    servers: {
      markup: {
        family: 4,
        behaviour: {
          hostname: HOSTNAME,
          banner: [BANNER, GREETING],
          extensions: ['PIPELINING', KEYWORD, 'STARTTLS'],
          certificate: 'markup',
        },
      },
      refuses: { family: 4, behaviour: { hostname: 'mx.refuses.test', bannerCode: 554, banner: [REFUSAL] } },
    },
    dns: {
      records: [
        { name: 'markup.test', type: 'MX', data: { preference: 10, exchange: 'mx.markup.test' } },
        { name: 'mx.markup.test', type: 'A', server: 'markup' },
        { name: 'refuses.test', type: 'MX', data: { preference: 10, exchange: 'mx.refuses.test' } },
        { name: 'mx.refuses.test', type: 'A', server: 'refuses' },
      ],
    },
    domains: [],
  },
  'html-hostile.browser.ts',
);

let world: World;
let browser: Browser;
let dir: string;

before(async () => {
  world = await startWorld(SCENARIO);
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'tlscheck-html-hostile-'));
});

after(async () => {
  await browser?.close();
  await world?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Nothing ran: no dialog or console error (collected by openPage), the title is ours, every element is one the page wrote. */
async function nothingRan(opened: OpenedPage): Promise<void> {
  const { page } = opened;
  assert.match(await page.title(), /^tlscheck report: /);
  assert.equal(await page.locator('script').count(), 2, 'the data block and the page script');
  assert.equal(await page.locator('img, iframe, object, embed, b, form, base, link').count(), 0, 'no element from a server');
  assert.equal(await page.locator('svg:not(.bar)').count(), 0, 'no svg but the bars');
  assert.equal(await page.locator('[onmouseover], [onerror], [onload]').count(), 0);
  assert.deepEqual(opened.problems, [], 'no dialog, no console error (a blocked inline script would log one)');
  assert.deepEqual(opened.leaks, [], 'no request (an <img src=x> would make one)');
}

/** Opens every <details>, then returns the page's visible text. */
async function allText(opened: OpenedPage): Promise<string> {
  await opened.page.$$eval('details', (all) => all.forEach((details) => ((details as unknown as { open: boolean }).open = true)));
  return opened.page.locator('body').innerText();
}

describe('markup from servers shows as text and never runs', () => {
  test('a live run of the markup world through the CLI', async () => {
    const [json, file] = [join(dir, 'report.json'), join(dir, 'report.html')];
    const run = await tlscheck(
      worldArgs(world, '--output', `json:${json}`, '--output', `html:${file}`, 'markup.test', 'refuses.test', INPUT),
    );
    assert.equal(run.code, 0, run.stderr);
    // What the servers and the input put in the report, as the JSON report of the same run has it.
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const addresses = report.results.flatMap((result) => result.mx.flatMap((host) => host.addresses));
    const certificate = addresses.find((address) => address.certificate)?.certificate;
    assert.ok(certificate, 'the markup server presented its certificate');
    const untrusted = [
      ...report.results.map((result) => result.input),
      ...addresses.flatMap((address) => [...(address.banner ?? []), address.failure?.message ?? '']),
      certificate.subject,
      certificate.issuer,
      ...certificate.names,
    ].filter((text) => text.includes('<'));
    // The input, both greeting lines, the 554 refusal (banner and failure), subject, issuer and two SAN names.
    assert.ok(untrusted.length >= 8, JSON.stringify(untrusted));
    const opened = await openPage(browser, readFileSync(file, 'utf8'), { viewport: { width: 1280, height: 900 } });
    try {
      await nothingRan(opened);
      const text = await allText(opened);
      for (const shown of untrusted) assert.ok(text.includes(shown), `shown as text: ${shown}`);
      for (const sent of [BANNER, GREETING, REFUSAL, INPUT]) assert.ok(text.includes(sent), `shown as sent: ${sent}`);
      await nothingRan(opened);
    } finally {
      await opened.close();
    }
  });

  test('a report with markup in every other field (policies, baseline, notes, traffic, run facts)', async () => {
    const html = renderHtml(hostileReport(), { facts: { toolVersion: MARKUP, options: [{ flag: '--resolver', value: MARKUP }] } });
    const opened = await openPage(browser, html, { viewport: { width: 1280, height: 900 } });
    try {
      await nothingRan(opened);
      const text = await allText(opened);
      assert.ok(text.includes('<script>document.title=\'pwned\'</script><img src=x onerror="alert(1)">'), 'the markup is text');
      assert.ok(text.includes('javascript:alert(1)//'), 'a TLS-RPT address is text, not a link');
      // The filter searches the data block's sanitised text, which holds markup too.
      await opened.page.fill('#filter-text', '<script>');
      assert.ok((await opened.page.locator('#domains tbody.domain:not([hidden])').count()) >= 1);
      await nothingRan(opened);
    } finally {
      await opened.close();
    }
  });
});
