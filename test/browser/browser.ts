/**
 * Debian's Chromium, driven by playwright-core (which never downloads a browser), for the HTML
 * report's browser tests. A page is served from a loopback HTTP server on port 0 so every request
 * it makes is a real one the route handler sees: the page itself is answered, anything else is
 * recorded and aborted. Console messages of type error or warning and page errors are collected.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

/** Where Debian's chromium package puts the browser; CHROMIUM_PATH overrides it. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
}

export interface OpenedPage {
  page: Page;
  /** Every request other than the page itself (each was aborted). */
  leaks: string[];
  /** Console errors and warnings, page errors, dialogs (alert, confirm, prompt). */
  problems: string[];
  close(): Promise<void>;
}

/** Serves `html` once on loopback and opens it in a fresh context. */
export async function openPage(browser: Browser, html: string, options: BrowserContextOptions = {}): Promise<OpenedPage> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/report.html`;
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const leaks: string[] = [];
  const problems: string[] = [];
  await page.route('**/*', async (route) => {
    if (route.request().url() === url) return route.continue();
    leaks.push(route.request().url());
    return route.abort();
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return {
    page,
    leaks,
    problems,
    close: async () => {
      await context.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
