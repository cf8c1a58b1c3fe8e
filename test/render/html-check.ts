/** Reading the HTML report back in tests without a browser: its JSON data block and its parts. */
import assert from 'node:assert/strict';
import type { DomainRowData } from '../../src/render/html-domains.js';

const DATA_BLOCK = /<script type="application\/json" id="report-data">([^<]*)<\/script>/;

/** The page's data block, parsed (the script's view of the rows). */
export function pageData(html: string): { domains: DomainRowData[] } {
  const match = DATA_BLOCK.exec(html);
  assert.ok(match, 'the page has its JSON data block');
  return JSON.parse(match[1]!) as { domains: DomainRowData[] };
}

/** The domains (or inputs) the page lists, in page order. */
export function htmlDomainNames(html: string): string[] {
  return pageData(html).domains.map((row) => row.name);
}
