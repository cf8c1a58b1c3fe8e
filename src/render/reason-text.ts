/** The reasons of a verdict as one line of words: each code's sentence from the one map, joined. */
import { REASON_TEXT } from '../model/reasons.js';
import type { Reason } from '../model/vocabulary.js';

export function reasonsText(reasons: readonly Reason[]): string {
  return reasons.map((reason) => REASON_TEXT[reason]).join('; ');
}
