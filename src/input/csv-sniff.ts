/**
 * With --column, which inputs are CSV: a .csv or .tsv file always is (read-targets decides);
 * any other input (stdin, a .txt export) is when its header row has the named column. An input
 * whose first line is no header at all is a plain list, read as one with a warning, so that a
 * list and an export mix in one run; a header without the column is an InputError, as for a
 * .csv file, because reading a table as a list would misread every row.
 */
import type { TargetCollector } from './collector.js';
import { columnIndexes, csvRecords, noColumnError, quoted, readCsv, readHeader, type Header } from './csv-source.js';
import { interpretEntry } from './entry.js';
import { readLines } from './line-source.js';
import { shownName, type OpenedInput } from './open-input.js';
import { Rewindable } from './rewind.js';

/** Reads an input that may be a CSV export or a plain list into the collector; returns the warnings. */
export async function readCsvOrList(input: OpenedInput, column: string, collector: TargetCollector): Promise<string[]> {
  const text = new Rewindable(input.text);
  // The look reads up to the end of the header row: at most one quoted span past its first line.
  const header = await readHeader(csvRecords(text.peek())[Symbol.asyncIterator]());
  const whole: OpenedInput = { ...input, text: text.rewind() };
  if (header === null) return readLines(whole, collector); // nothing but blank lines
  if (!header.unterminated && columnIndexes(header.names, column).length > 0) return readCsv(whole, column, collector);
  if (looksLikeHeader(header)) throw noColumnError(input.name, column, header);
  const warning = `${shownName(input.name)}: its first line has no column ${quoted(column)}, so it was read as a plain list (one domain or address per line)`;
  return [warning, ...(await readLines(whole, collector))];
}

/**
 * Whether a first row reads as the column names of a table: two fields or more, none of them an
 * address or a domain ("acme.com, partner.org" is a list line), and not a `#` comment.
 */
export function looksLikeHeader(header: Header): boolean {
  if (header.unterminated || header.names.length < 2) return false;
  if (header.names[0]!.trimStart().startsWith('#')) return false;
  const named = header.names.map((n) => n.trim()).filter((n) => n !== '');
  if (named.some((n) => n.includes('@'))) return false;
  return named.some((n) => !interpretEntry(n, 'cell').ok);
}
