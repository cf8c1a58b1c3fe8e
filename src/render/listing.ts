/** The words for a report filtered with --only, the same in every format that has a place for them. */
import { formatCount, plural } from '../text/words.js';
import type { Listing } from '../verdict/only.js';

/** "showing 3 of 27 domains (--only failing)". */
export function listingSentence(listing: Listing): string {
  return `showing ${formatCount(listing.shown)} of ${plural(listing.total, 'domain')} (--only ${listing.only})`;
}

/** The sentence as a line under a summary: the list is filtered, the counts are not. */
export function listingLine(listing: Listing): string {
  const sentence = listingSentence(listing);
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}; the summary, the impact and the gate count all ${formatCount(listing.total)}.`;
}
