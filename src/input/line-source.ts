/**
 * A plain list: one domain or e-mail address per line, read line by line (never the whole file
 * at once). Blank lines and `#` comments are not entries; every other line is one entry.
 */
import { Readable } from 'node:stream';
import { LineTally, TargetCollector, pluralHas } from './collector.js';
import { entryFromLine } from './entry.js';
import { shownName, type OpenedInput } from './open-input.js';

/** Reads every line of `input` into the collector; returns the per-file warnings. */
export async function readLines(input: OpenedInput, collector: TargetCollector): Promise<string[]> {
  // crlfDelay: Infinity makes a CR at the end of one chunk and the LF starting the next one
  // break the line once; a lone CR (old Mac files) breaks it too.
  // node:readline is loaded for a list file only: domains given as arguments need not pay for it.
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input: Readable.from(input.text), crlfDelay: Infinity });
  const undecodable = new LineTally();
  const nul = new LineTally();
  let number = 0;
  for await (const line of lines) {
    number += 1;
    const entry = entryFromLine(line);
    if (entry === null) continue;
    if (entry.includes('\ufffd')) undecodable.add(number);
    if (entry.includes('\0')) nul.add(number);
    collector.add(entry, 'line', input.name, number);
  }
  const warnings = undecodable.count === 0 ? [] : [encodingWarning(input.name, undecodable, 'line')];
  // A NUL byte in a text file is a damaged line (a binary fragment pasted in), not a binary file.
  if (nul.count > 0) warnings.push(`${shownName(input.name)}: ${pluralHas(nul.count, 'line')} a NUL byte (${nul.describe()})`);
  return warnings;
}

/** Latin-1 or Windows-1252 text read as UTF-8: say so once instead of leaving only odd errors. */
export function encodingWarning(name: string, tally: LineTally, noun: 'line' | 'row'): string {
  return `${shownName(name)}: ${pluralHas(tally.count, noun)} characters that are not valid UTF-8 (${tally.describe()}); save the file as UTF-8`;
}
