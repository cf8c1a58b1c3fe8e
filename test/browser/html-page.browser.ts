/**
 * The HTML report in a real browser (Debian's Chromium through playwright-core): the page of a
 * live `tlscheck demo` run, written together with its JSON report, shows the numbers that JSON
 * report implies; nothing leaves the page; nothing logs an error; filtering, sorting and
 * <details> work; without JavaScript everything is still there. Screenshots at desktop and phone
 * width go to artifacts/browser/ (ignored by git; a CI artefact, not compared). With
 * UPDATE_SCREENSHOT=1 the desktop screenshot of the fixed-clock golden page is written to
 * docs/report.png for the README.
 *
 * Run with `npm run test:browser` (after `npm run build`).
 */
import { SALESFORCE } from '../../src/model/profiles/index.js';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { EXIT } from '../../src/model/exit-codes.js';
import type { DomainResult, Report } from '../../src/model/report.js';
import { type SettingName } from '../../src/model/settings.js';
import { SETTING_NAMES } from '../factories.js';
import { headline } from '../../src/render/headline.js';
import { fixturesDir } from '../../src/world/fixtures.js';
import { tlscheck } from '../cli/helpers.js';
import { launchChromium, openPage, type OpenedPage } from './browser.js';

const ARTIFACTS = join(fixturesDir(), '..', 'artifacts', 'browser');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let browser: Browser;
let dir: string;
let report: Report;
let html: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tlscheck-html-'));
  const run = await tlscheck([
    'demo',
    '--require',
    'required',
    '--output',
    `json:${join(dir, 'report.json')}`,
    '--output',
    `html:${join(dir, 'report.html')}`,
  ]);
  assert.equal(run.code, EXIT.gateFailed, run.stderr);
  report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
  html = readFileSync(join(dir, 'report.html'), 'utf8');
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the JSON report says, counted here from its verdicts. */
function counted(setting: SettingName): Record<string, number> {
  const of = (value: boolean | null) => report.results.filter((result) => result.settings[setting].deliverable === value).length;
  return { delivered: of(true), 'not-delivered': of(false), undetermined: of(null) };
}

/** Cut off by the switch: not delivered under it, but mail arrives today (preferred delivers or is undetermined); most recipients first, then by name. */
function cutOff(setting: SettingName): string[] {
  return report.results
    .filter((result) => result.settings.preferred.deliverable !== false && result.settings[setting].deliverable === false)
    .sort((a, b) => b.recipients - a.recipients || ((a.domain ?? a.input) < (b.domain ?? b.input) ? -1 : 1))
    .map((result: DomainResult) => result.domain ?? result.input);
}

async function withPage(options: Parameters<typeof openPage>[2], body: (opened: OpenedPage) => Promise<void>): Promise<void> {
  const opened = await openPage(browser, html, options);
  try {
    await body(opened);
    assert.deepEqual(opened.problems, [], 'no console error or warning, no page error, no dialog');
    assert.deepEqual(opened.leaks, [], 'no request leaves the page');
  } finally {
    await opened.close();
  }
}

/** The names of the domain rows the reader sees, in order. */
async function visibleNames(opened: OpenedPage): Promise<string[]> {
  return opened.page.$$eval('#domains tbody.domain:not([hidden]) tr.row > th', (cells) => cells.map((cell) => cell.textContent ?? ''));
}

describe('the demo report in Chromium', () => {
  test('the bars show, per setting, the counts of the JSON report of the same run', async () => {
    await withPage({ viewport: DESKTOP }, async ({ page }) => {
      for (const setting of SETTING_NAMES) {
        const shown = await page.$$eval(`.chart[data-setting="${setting}"][data-unit="domains"] [data-part]`, (parts) =>
          Object.fromEntries(parts.map((part) => [part.getAttribute('data-part'), Number(part.textContent)])),
        );
        assert.deepEqual(shown, counted(setting), setting);
        const label = await page.locator(`.chart[data-setting="${setting}"] svg title`).textContent();
        assert.match(label ?? '', new RegExp(`${counted(setting).delivered} delivered`), 'the chart has a text alternative');
        // The bar's segments are drawn in proportion.
        const widths = (await page.$$eval(`.chart[data-setting="${setting}"] rect`, (rects) =>
          Object.fromEntries(rects.map((rect) => [rect.getAttribute('class'), rect.getBoundingClientRect().width])),
        )) as Record<string, number>;
        const total = report.results.length;
        const full = Object.values(widths).reduce((sum, width) => sum + width, 0);
        for (const [part, count] of Object.entries(counted(setting)))
          assert.ok(Math.abs((widths[part] ?? 0) - (full * count) / total) < 2, `${setting} ${part}`);
      }
    });
  });

  test('the at-risk lists name the domains the JSON report says a switch cuts off, in order', async () => {
    await withPage({ viewport: DESKTOP }, async ({ page }) => {
      for (const setting of ['required', 'required-verify'] as const) {
        const names = await page.$$eval(`ol.at-risk[data-setting="${setting}"] li`, (items) =>
          items.map((item) => item.getAttribute('data-domain')),
        );
        assert.deepEqual(names, cutOff(setting), setting);
        assert.ok(names.length > 0);
        const heading = await page.locator(`#at-risk-${setting}`).textContent();
        assert.match(heading ?? '', new RegExp(`: ${cutOff(setting).length} domains`));
      }
      assert.ok(await page.locator('ol.at-risk[data-setting="required"] li', { hasText: 'STARTTLS not offered' }).isVisible());
    });
  });

  test('filtering by text and by outcome, and sorting, change what is shown', async () => {
    await withPage({ viewport: DESKTOP }, async (opened) => {
      const { page } = opened;
      const all = report.results.map((result) => result.domain ?? result.input);
      assert.deepEqual(await visibleNames(opened), all, 'input order, every domain');
      assert.ok(await page.locator('#domain-controls').isVisible(), 'the script shows the controls');

      await page.fill('#filter-text', 'TLS10');
      assert.deepEqual(await visibleNames(opened), ['tls10.test']);
      assert.equal(await page.locator('#shown-count').textContent(), `1 of ${all.length} domains shown`);
      await page.fill('#filter-text', '');

      await page.selectOption('#filter-outcome', 'bad');
      const bad = report.results
        .filter((result) => headline(result, SALESFORCE).tone === 'bad')
        .map((result) => result.domain ?? result.input);
      assert.deepEqual(await visibleNames(opened), bad);
      await page.selectOption('#filter-outcome', '');

      await page.selectOption('#sort-by', 'name');
      assert.deepEqual(await visibleNames(opened), [...all].sort());
      await page.selectOption('#sort-by', 'outcome');
      const firstRows = (await visibleNames(opened)).slice(0, bad.length);
      assert.deepEqual([...firstRows].sort(), [...bad].sort(), 'worst first');
      await page.selectOption('#sort-by', 'input');
      assert.deepEqual(await visibleNames(opened), all);
    });
  });

  test('a domain’s <details> opens to its MX hosts, certificate and verdicts', async () => {
    await withPage({ viewport: DESKTOP }, async ({ page }) => {
      const body = page.locator('#domains tbody.domain', { has: page.locator('th', { hasText: /^twomx\.test$/ }) });
      const certificate = body.locator('li', { hasText: 'certificate CN=mx2.twomx.test' });
      assert.equal(await certificate.isVisible(), false, 'closed at first');
      await body.locator('summary').click();
      assert.equal(await body.locator('details').evaluate((details) => (details as unknown as { open: boolean }).open), true);
      assert.ok(await certificate.isVisible());
      assert.ok(await body.locator('h4', { hasText: 'MX 20 mx2.twomx.test' }).isVisible());
      assert.ok(await body.locator('li', { hasText: 'STARTTLS not offered' }).first().isVisible());
    });
  });

  test('screenshots at desktop and phone width (a CI artefact)', async () => {
    for (const [name, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      await withPage({ viewport }, async ({ page }) => {
        await page.screenshot({ path: join(ARTIFACTS, `demo-${name}.png`), fullPage: true });
        const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
        assert.ok(overflow <= 1, `${name}: the page fits the width (${overflow} px too wide)`);
      });
    }
  });

  test('without JavaScript: every domain and its details are there, the controls stay hidden', async () => {
    await withPage({ viewport: DESKTOP, javaScriptEnabled: false }, async (opened) => {
      const { page } = opened;
      assert.deepEqual(
        await visibleNames(opened),
        report.results.map((result) => result.domain ?? result.input),
      );
      assert.equal(await page.locator('#domain-controls').isVisible(), false);
      const body = page.locator('#domains tbody.domain').first();
      await body.locator('summary').click();
      assert.ok(await body.locator('h4').first().isVisible(), 'details open without the script');
    });
  });

  test('print: every <details> opens for the printout', async () => {
    await withPage({ viewport: DESKTOP }, async ({ page }) => {
      await page.emulateMedia({ media: 'print' });
      // What the browser does before printing (the script opens every domain then).
      await page.evaluate("window.dispatchEvent(new Event('beforeprint'))");
      const closed = await page.$$eval('details', (all) => all.filter((details) => !(details as unknown as { open: boolean }).open).length);
      assert.equal(closed, 0);
      assert.equal(await page.locator('#domain-controls').isVisible(), false, 'no controls on paper');
    });
  });
});

describe('the README screenshot', () => {
  test('the fixed-clock golden page, at desktop width', async () => {
    const golden = readFileSync(join(fixturesDir(), 'golden', 'demo.html'), 'utf8');
    const opened = await openPage(browser, golden, { viewport: { width: 1100, height: 900 } });
    try {
      const path = process.env.UPDATE_SCREENSHOT === '1' ? join(fixturesDir(), '..', 'docs', 'report.png') : join(ARTIFACTS, 'readme.png');
      await opened.page.screenshot({ path, fullPage: false });
      assert.deepEqual(opened.problems, []);
      assert.deepEqual(opened.leaks, []);
    } finally {
      await opened.close();
    }
  });
});
